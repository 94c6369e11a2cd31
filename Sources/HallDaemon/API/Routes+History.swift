import Foundation
import HTTPServer
import HallCore

extension HallAPI {
    static func addHistoryRoutes(_ router: inout Router) {
        router.add(.get, "/api/heatmap", lane: .reports) { ctx in
            let (heatmap, _) = try ctx.api.heatmap(ctx.request.query)
            return try json(200, HeatmapView(heatmap, timeZone: ctx.api.service.config.timeZoneIdentifier), cacheSeconds: 60)
        }
        router.add(.get, "/heatmap.svg", lane: .reports) { ctx in
            let (heatmap, config) = try ctx.api.heatmap(ctx.request.query)
            let svg = HeatmapSVG.render(
                heatmap, hallName: config.name, serviceName: heatmap.service.flatMap { config.service($0)?.name }, hours: config.hours)
            let headers = [
                ("Content-Type", "image/svg+xml; charset=utf-8"), ("Cache-Control", "public, max-age=300"), ("X-Content-Type-Options", "nosniff"),
            ]
            return .response(HTTPResponse(status: 200, headers: headers, body: Array(svg.utf8)))
        }
        router.add(.get, "/api/peak", lane: .reports) { ctx in try json(200, try ctx.api.peak(ctx.request.query), cacheSeconds: 30) }
        router.add(.get, "/api/stats", .manager, lane: .reports) { ctx in
            let q = ctx.request.query
            let report = try ctx.api.statistics(q)
            let wantsCSV: Bool
            switch q["format"] {
            case "csv": wantsCSV = true
            case "json": wantsCSV = false
            case nil: wantsCSV = ctx.request.header("accept")?.lowercased().contains("text/csv") ?? false
            case let other?: throw APIError.badRequest("format must be json or csv, not \"\(other)\"", code: "invalid_field")
            }
            guard wantsCSV else {
                let headers = [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")]
                return .response(HTTPResponse(status: 200, headers: headers, body: StatsJSON.render(report)))
            }
            let name = "hallq-stats-\(report.group.rawValue)-\(report.from)-to-\(report.to).csv"
            let headers = [
                ("Content-Type", "text/csv; charset=utf-8; header=present"), ("Content-Disposition", "attachment; filename=\"\(name)\""),
                ("Cache-Control", "no-store"),
            ]
            return .response(HTTPResponse(status: 200, headers: headers, body: Array(StatisticsCSV.render(report).utf8)))
        }
    }

    /// Weeks of history a heatmap may span (five years).
    static let maxWeeks = 260

    /// Hall days the statistics may span at once (ten years).
    static let maxStatisticsDays = 3660

    /// The heatmap the query asks for: `metric`, `service`, `weeks`, over whole weeks ending yesterday.
    func heatmap(_ q: [String: String]) throws -> (Heatmap, HallConfig) {
        let config = service.config
        guard let metric = HeatmapMetric(rawValue: q["metric"] ?? "arrivals") else {
            throw APIError.badRequest("metric must be arrivals, wait or waiting", code: "invalid_field")
        }
        let code = try serviceCode(q["service"], config: config)
        let weeks = try weeksParameter(q["weeks"])
        let (from, to, calendar) = historyRange(weeks: weeks, config: config)
        let profile = try historyCache.profile(service.store, from: from, to: to)
        let week = code.map { profile.services[$0] ?? WeekProfile(slots: [], daysPerWeekday: Self.days(of: profile.hall)) } ?? profile.hall
        let heatmap = Heatmap(
            metric: metric, service: code, weeks: weeks, firstDay: calendar.day(of: from), lastDay: calendar.day(of: to - 1), profile: week,
            hours: config.hours, monthDays: profile.monthDays[code ?? ""] ?? [])
        return (heatmap, config)
    }

    /// The peak page: the hall and each service now against the usual, and the best hours ahead per service.
    func peak(_ q: [String: String]) throws -> PeakView {
        let config = service.config
        let weeks = try weeksParameter(q["weeks"])
        let (from, to, calendar) = historyRange(weeks: weeks, config: config)
        let profile = try historyCache.profile(service.store, from: from, to: to)
        // The month's pattern needs more than a few weeks to show: a year of it.
        let (yearFrom, _, _) = historyRange(weeks: 52, config: config)
        let busyDays = BestTimes.busyDaysOfMonth(
            weeks >= 52 ? profile.monthDays[""] ?? [] : try historyCache.profile(service.store, from: yearFrom, to: to).monthDays[""] ?? [])
        let now = service.clock()
        let waiting = service.read { $0.tickets.waitingCountsByService }
        let arrivals = try service.store.arrivals(onDay: calendar.day(of: now))
        let empty = WeekProfile(slots: [], daysPerWeekday: Self.days(of: profile.hall))
        func live(_ week: WeekProfile, waiting: Int, arrivals: Int) -> LiveView {
            LiveView(
                LiveComparison.compare(waitingNow: waiting, arrivalsToday: arrivals, profile: week, hours: config.hours, calendar: calendar, now: now)
            )
        }
        let services = config.services.map { s in
            let week = profile.services[s.code] ?? empty
            return PeakView.ServicePeak(
                code: s.code, name: s.name, live: live(week, waiting: waiting[s.code] ?? 0, arrivals: arrivals[s.code] ?? 0),
                best: BestTimes.ahead(profile: week, hours: config.hours, calendar: calendar, now: now, busyDays: busyDays).map(BestTimeView.init),
                takesBookings: s.booking != nil, bookable: quietSlots(service: s.code, profile: week, now: now))
        }
        return PeakView(
            at: iso(now)!, weeks: weeks, firstDay: calendar.day(of: from), lastDay: calendar.day(of: to - 1),
            live: live(profile.hall, waiting: waiting.values.reduce(0, +), arrivals: arrivals.values.reduce(0, +)), services: services,
            busyDaysOfMonth: busyDays.sorted())
    }

    /// Up to `count` slots of `service` that can still be booked in the next seven days, the quietest first (by the usual
    /// wait in their hour of their weekday), so a taxpayer who sees a peak can book a quiet slot instead.
    func quietSlots(service code: String, profile: WeekProfile, now: Date, count: Int = 4) -> [BookableSlotView] {
        let candidates: [BookableSlotView] = service.read { hall in
            let today = hall.calendar.day(of: now)
            return (0..<7).compactMap { HallDays.adding($0, to: today) }.flatMap { day in
                let weekday = HallDays.weekday(day) ?? 1
                return Self.slotViews(hall, service: code, day: day, now: now).filter(\.bookable).map { slot in
                    let hour = (BookingSlot.minute(slot.slot) ?? 0) / 60
                    return BookableSlotView(
                        date: day, weekday: weekday, slot: slot.slot, end: slot.end, remaining: slot.remaining,
                        usualWaitMinutes: profile.value(.wait, weekday: weekday, hour: hour).map { ($0 * 10).rounded() / 10 })
                }
            }
        }
        let ranked = candidates.enumerated().sorted { a, b in
            let (x, y) = (a.element.usualWaitMinutes ?? .infinity, b.element.usualWaitMinutes ?? .infinity)
            return x != y ? x < y : a.offset < b.offset
        }
        return ranked.prefix(count).map(\.element).sorted { ($0.date, $0.slot) < ($1.date, $1.slot) }
    }

    /// The statistics the query asks for: `from`, `to` (hall days, both included) and `group`.
    func statistics(_ q: [String: String]) throws -> StatisticsReport {
        let config = service.config
        guard let group = StatisticsGroup(rawValue: q["group"] ?? "day") else {
            throw APIError.badRequest("group must be day, window, officer, service or slot", code: "invalid_field")
        }
        let today = HallCalendar(timeZone: config.timeZone).day(of: service.clock())
        let to = q["to"] ?? today
        let from = q["from"] ?? HallDays.adding(-29, to: to) ?? to
        for (name, value) in [("from", from), ("to", to)] where !HallDays.isValid(value) {
            throw APIError.badRequest("\(name) must be a date written YYYY-MM-DD, not \"\(value)\"", code: "invalid_date")
        }
        let days = HallDays.count(from: from, to: to) ?? 0
        guard days >= 1 else { throw APIError.badRequest("from (\(from)) is after to (\(to))", code: "invalid_range") }
        guard days <= Self.maxStatisticsDays else {
            throw APIError.badRequest("at most \(Self.maxStatisticsDays) days at once; this range has \(days)", code: "invalid_range")
        }
        let sums = try service.store.statistics(fromDay: from, toDay: to, group: group)
        let bookings = try service.store.bookingStatistics(fromDay: from, toDay: to, group: group)
        return Statistics.report(
            from: from, to: to, group: group, groups: sums.groups, bookings: bookings, windows: sums.windows, daysWorked: sums.days, config: config)
    }

    func serviceCode(_ value: String?, config: HallConfig) throws -> String? {
        guard let value, !value.isEmpty else { return nil }
        guard config.service(value) != nil else {
            throw APIError.badRequest(
                "no service \"\(value)\"; the hall has \(config.services.map(\.code).joined(separator: ", "))", code: "unknown_service")
        }
        return value
    }

    func weeksParameter(_ value: String?) throws -> Int {
        guard let value else { return 12 }
        guard let weeks = Int(value), (1...Self.maxWeeks).contains(weeks) else {
            throw APIError.badRequest("weeks must be a whole number from 1 to \(Self.maxWeeks)", code: "invalid_field")
        }
        return weeks
    }

    /// `weeks` whole weeks of hall days ending with yesterday: `[from, to)` as instants, and the hall's calendar.
    func historyRange(weeks: Int, config: HallConfig) -> (Date, Date, HallCalendar) {
        let calendar = HallCalendar(timeZone: config.timeZone)
        let to = calendar.startOfDay(service.clock())
        return (calendar.adding(days: -7 * weeks, to: to), to, calendar)
    }

    static func days(of week: WeekProfile) -> [Int: Int] {
        Dictionary(uniqueKeysWithValues: week.days.enumerated().map { ($0.offset + 1, $0.element) })
    }
}

/// JSON reply that browsers and proxies may keep for `cacheSeconds` (public history data only).
func json(_ status: HTTPStatus, _ value: some Encodable, cacheSeconds: Int) throws -> HTTPReply {
    .response(
        HTTPResponse(
            status: status, headers: [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "public, max-age=\(cacheSeconds)")],
            body: Array(try JSONEncoder.api.encode(value))))
}
