import Foundation

/// How the statistics table is cut. `slot` is each service's booking slot (e.g. `C 09:30`), with bookings only.
public enum StatisticsGroup: String, CaseIterable, Sendable {
    case day, window, officer, service, slot
}

/// A cell of the statistics table, as both JSON and CSV write it.
public enum StatValue: Sendable, Hashable {
    case text(String)
    case int(Int)
    case number(Double)
    /// Not applicable or nothing to measure (JSON `null`, an empty CSV cell).
    case none
}

/// One line of the statistics table: a day, window, officer or service (or the total) and its figures.
public struct StatisticsRow: Sendable, Hashable {
    public var key: String
    public var label: LocalizedName
    public var tally: Tally
    /// Whether arrivals mean anything for this line (not for windows and officers: a ticket is issued to no window).
    public var countsArrivals: Bool
    public var targetWaitSeconds: Double
    /// Tickets the whole hall served in the period, for this line's share.
    public var hallServed: Int
    /// What happened to the bookings of this line's slots (nil where bookings have no part: windows, officers).
    public var bookings: BookingTally?
    /// Whether the ticket figures mean anything for this line (not for a booking slot's).
    public var countsTickets = true

    /// Column names in table order; the JSON keys and the CSV header.
    public static let columnNames = [
        "key", "labelZh", "labelEn", "arrivals", "calls", "served", "noShows", "noShowRate", "meanWaitSeconds", "p90WaitSeconds",
        "meanServiceSeconds", "withinTargetShare", "ratings", "satisfactionMean", "dissatisfiedShare", "serviceHours", "shareOfServed",
        "booked", "checkedIn", "checkedInLate", "bookingNoShows", "bookingsCancelled",
    ]

    /// The figures in ``columnNames`` order, rounded as published (seconds to 0.1, shares to 0.0001, means of scores and
    /// hours to 0.01), so JSON and CSV carry the same numbers.
    public var values: [StatValue] {
        let t = tally
        func num(_ x: Double?, _ scale: Double) -> StatValue { x.map { .number(($0 * scale).rounded() / scale) } ?? .none }
        let tickets: [StatValue] = [
            countsArrivals ? .int(t.arrivals) : .none, .int(t.calls), .int(t.served), .int(t.noShows), num(t.noShowRate, 10_000),
            num(t.meanWaitSeconds, 10), num(t.waitQuantileSeconds(0.9), 10), num(t.meanServiceSeconds, 10),
            num(t.shareWaitedWithin(seconds: targetWaitSeconds), 10_000), .int(t.ratings), num(t.satisfactionMean, 100),
            num(t.dissatisfiedShare, 10_000), num(t.serviceSum / 3600, 100),
            num(hallServed > 0 ? Double(t.served) / Double(hallServed) : nil, 10_000),
        ]
        var booked = [StatValue](repeating: .none, count: 5)
        if let b = bookings { booked = [.int(b.booked), .int(b.checkedIn), .int(b.late), .int(b.noShows), .int(b.cancelled)] }
        return [.text(key), .text(label.zh), .text(label.en)] + (countsTickets ? tickets : tickets.map { _ in .none }) + booked
    }

    /// `(column name, value)` pairs.
    public var columns: [(name: String, value: StatValue)] { Array(zip(Self.columnNames, values)) }
}

/// A window's share of the work in the period.
public struct WindowWorkload: Sendable, Hashable {
    public var window: Int
    public var name: LocalizedName
    public var calls: Int
    public var served: Int
    /// Hours spent serving (start to finish).
    public var serviceHours: Double
    /// Share of all tickets the hall served.
    public var shareOfServed: Double?
    /// Hours serving ÷ the hall's opening hours on the days it worked.
    public var utilisation: Double?
}

/// The statistics a director reads: one table cut by day, window, officer or service, its total, and the windows' workload.
public struct StatisticsReport: Sendable, Hashable {
    /// First and last hall day, both included.
    public var from: String
    public var to: String
    public var group: StatisticsGroup
    public var targetWaitMinutes: Double
    /// Days in the period with any ticket activity.
    public var daysWorked: Int
    public var rows: [StatisticsRow]
    public var total: StatisticsRow
    public var workload: [WindowWorkload]
}

/// Builds the report from rollup sums; pure.
public enum Statistics {
    /// - Parameters:
    ///   - groups: tallies per key of `group` (day, window number, officer login or service code), including the
    ///     unattributed key (window "0", officer "") that holds arrivals and cancellations.
    ///   - windows: tallies per window number, for the workload.
    ///   - daysWorked: the hall days in the period with any activity.
    ///   - bookings: booking sums per key of `group` (by day, service or slot; empty for windows and officers).
    public static func report(
        from: String, to: String, group: StatisticsGroup, groups: [String: Tally], bookings: [String: BookingTally] = [:], windows: [Int: Tally],
        daysWorked: [String], config: HallConfig
    ) -> StatisticsReport {
        let target = config.policy.targetWaitMinutes * 60
        let all = groups.values.reduce(Tally(), +)
        let countsArrivals = group == .day || group == .service
        let hasBookings = group == .day || group == .service || group == .slot
        let unattributed: String? = group == .window ? "0" : group == .officer ? "" : nil
        let keys = Set(groups.keys).union(bookings.keys).subtracting([unattributed].compactMap { $0 })
        let rows = keys.map { key in
            StatisticsRow(
                key: key, label: label(key, group: group, config: config), tally: groups[key] ?? Tally(), countsArrivals: countsArrivals,
                targetWaitSeconds: target, hallServed: all.served, bookings: hasBookings ? bookings[key] ?? BookingTally() : nil,
                countsTickets: group != .slot)
        }
        let total = StatisticsRow(
            key: "total", label: LocalizedName(zh: "合计", en: "Total"), tally: all, countsArrivals: true, targetWaitSeconds: target,
            hallServed: all.served, bookings: hasBookings ? bookings.values.reduce(BookingTally(), +) : nil, countsTickets: group != .slot)
        let openSeconds = daysWorked.reduce(0.0) { sum, day in
            sum + Double(config.hours.spans(on: day).reduce(0) { $0 + $1.endMinute - $1.startMinute } * 60)
        }
        let workload = windows.filter { $0.key != 0 }.sorted { $0.key < $1.key }.map { number, t in
            WindowWorkload(
                window: number, name: config.window(number)?.name ?? LocalizedName(zh: "\(number)号窗口", en: "Window \(number)"), calls: t.calls,
                served: t.served, serviceHours: Heatmap.round(t.serviceSum / 3600, 100),
                shareOfServed: all.served > 0 ? Heatmap.round(Double(t.served) / Double(all.served), 10_000) : nil,
                utilisation: openSeconds > 0 ? Heatmap.round(t.serviceSum / openSeconds, 10_000) : nil)
        }
        return StatisticsReport(
            from: from, to: to, group: group, targetWaitMinutes: config.policy.targetWaitMinutes, daysWorked: daysWorked.count,
            rows: rows.sorted { order($0.key, $1.key, group: group, config: config) }, total: total, workload: workload)
    }

    static func label(_ key: String, group: StatisticsGroup, config: HallConfig) -> LocalizedName {
        switch group {
        case .day: HallDays.weekday(key).map { Heatmap.weekdayNames[$0 - 1] } ?? LocalizedName(zh: key, en: key)
        case .window:
            config.window(Int(key) ?? -1)?.name ?? LocalizedName(zh: "\(key)号窗口", en: "Window \(key)")
        case .officer:
            config.users.first { $0.login == key }.map { LocalizedName(zh: $0.displayName ?? key, en: $0.displayName ?? key) }
                ?? LocalizedName(zh: key, en: key)
        case .service: config.service(key)?.name ?? LocalizedName(zh: key, en: key)
        case .slot:
            // "C 09:30": the service's name and the slot's start.
            config.service(String(key.prefix { $0 != " " })).map { s in
                let time = key.drop { $0 != " " }
                return LocalizedName(zh: s.name.zh + time, en: s.name.en + time)
            } ?? LocalizedName(zh: key, en: key)
        }
    }

    /// Days in date order, windows by number, officers in natural order (officer2 before officer10), services as configured.
    static func order(_ a: String, _ b: String, group: StatisticsGroup, config: HallConfig) -> Bool {
        switch group {
        case .day: return a < b
        case .window: return (Int(a) ?? .max, a) < (Int(b) ?? .max, b)
        case .officer: return naturalKey(a) < naturalKey(b)
        case .service, .slot:
            // A slot's key starts with its service's code, and "09:30" sorts before "14:00" as text.
            let codes = config.services.map(\.code)
            let (x, y) = (String(a.prefix { $0 != " " }), String(b.prefix { $0 != " " }))
            return (codes.firstIndex(of: x) ?? codes.count, a) < (codes.firstIndex(of: y) ?? codes.count, b)
        }
    }

    static func naturalKey(_ s: String) -> (String, Int, String) {
        let digits = s.reversed().prefix { $0.isASCII && $0.isNumber }
        let stem = String(s.dropLast(digits.count))
        return (stem, Int(String(digits.reversed())) ?? -1, s)
    }
}
