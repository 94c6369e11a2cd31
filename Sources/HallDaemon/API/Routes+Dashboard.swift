import Foundation
import HTTPServer
import HallCore
import HallStore

/// `GET /api/dashboard`: today's totals, lines, windows and hourly timeline (nulls where there is nothing to average).
struct DashboardView: Encodable, Sendable {
    struct Totals: Encodable, Sendable {
        var issued: Int
        var served: Int
        var noShows: Int
        var cancelled: Int
        var waiting: Int
        @Nullable var noShowRate: Double?
        @Nullable var withinTargetShare: Double?
        @Nullable var meanWaitSeconds: Int?
        var ratings: Int
        @Nullable var meanRating: Double?
        var dissatisfied: Int
    }
    struct Line: Encodable, Sendable {
        var service: String
        var nameZh: String
        var nameEn: String
        var waiting: Int
        @Nullable var longestWaitSeconds: Int?
        @Nullable var estimatedWaitSeconds: Int?
        var issued: Int
        var served: Int
        @Nullable var meanWaitSeconds: Int?
    }
    struct Window: Encodable, Sendable {
        var number: Int
        var nameZh: String
        var nameEn: String
        var status: String
        @Nullable var officer: String?
        @Nullable var officerName: String?
        @Nullable var ticket: TicketView?
        @Nullable var since: String?
        @Nullable var pauseReason: String?
        var services: [String]
        var served: Int
        @Nullable var meanServiceSeconds: Int?
        var ratings: Int
        @Nullable var meanRating: Double?
    }
    struct Hour: Encodable, Sendable {
        var hour: Int
        var issued: Int
        var served: Int
        @Nullable var meanWaitSeconds: Int?
    }
    /// How far behind the bureau of many halls is (`[bureau]`); null when the hall ships to none.
    struct Bureau: Encodable, Sendable {
        var hallID: String
        var connected: Bool
        @Nullable var shippedSeq: Int64?
        var hallSeq: Int64
        var lagEvents: Int64
        var lagSeconds: Double
        @Nullable var lastError: String?
    }
    var at: String
    var day: String
    var targetWaitMinutes: Double
    var totals: Totals
    var services: [Line]
    var windows: [Window]
    var timeline: [Hour]
    /// Today's bookings per service and slot.
    var bookings: [BookingSlotLine]
    @Nullable var bureau: Bureau?
}

extension HallAPI {
    static func addDashboardRoutes(_ router: inout Router) {
        router.add(.get, "/api/dashboard", .manager, lane: .reports) { ctx in try json(200, try ctx.api.dashboard()) }
    }

    /// Today's totals, lines, windows and hourly timeline for the managers' dashboard.
    func dashboard() throws -> DashboardView {
        // The day's history from the store first (no lock), then the live part under the hall's read lock (a copy of the
        // hall held outside it would make the next commit copy every ticket).
        let (calendar, config, now) = service.read { ($0.calendar, $0.config, service.clock()) }
        let day = calendar.day(of: now)
        let summary = DaySummary(tickets: try service.store.tickets(onDay: day), config: config, calendar: calendar, now: now)
        let ratings = try service.store.ratingsByWindow(day: day, dissatisfiedAtOrBelow: config.alerts.dissatisfiedAtOrBelow)
        return service.read { hall in live(hall, now: now, day: day, summary: summary, ratings: ratings) }
    }

    private func live(_ hall: Hall, now: Date, day: String, summary: DaySummary, ratings: [Int: RatingTally]) -> DashboardView {
        let config = hall.config
        let snapshot = hall.snapshot(now: now)
        func rounded(_ v: Double?) -> Double? { v.map { ($0 * 1000).rounded() / 1000 } }
        func seconds(_ v: Double?) -> Int? { v.map { Int($0.rounded()) } }
        let all = ratings.values.reduce(RatingTally(), +)
        let t = summary.totals
        let totals = DashboardView.Totals(
            issued: t.issued, served: t.served, noShows: t.noShows, cancelled: t.cancelled, waiting: snapshot.totalWaiting,
            noShowRate: rounded(t.noShowRate), withinTargetShare: rounded(t.withinTargetShare), meanWaitSeconds: seconds(t.meanWaitSeconds),
            ratings: all.count, meanRating: rounded(all.mean), dissatisfied: all.dissatisfied)
        let services = snapshot.services.map { line in
            let s = summary.services[line.code] ?? DaySummary.Totals()
            let name = config.service(line.code)?.name
            return DashboardView.Line(
                service: line.code, nameZh: name?.zh ?? line.code, nameEn: name?.en ?? line.code, waiting: line.waiting,
                longestWaitSeconds: line.waiting > 0 ? Int(line.longestWaitSeconds) : nil,
                estimatedWaitSeconds: service.estimator.estimate(position: line.waiting + 1, service: line.code, hall: hall), issued: s.issued,
                served: s.served, meanWaitSeconds: seconds(s.meanWaitSeconds))
        }
        let windows = snapshot.windows.map { view in
            let n = view.state.number
            let name = config.window(n)?.name
            let w = summary.windows[n] ?? DaySummary.WindowDay(number: n)
            let r = ratings[n] ?? RatingTally()
            return DashboardView.Window(
                number: n, nameZh: name?.zh ?? "\(n)", nameEn: name?.en ?? "\(n)", status: view.state.status.rawValue,
                officer: view.state.officer,
                officerName: view.state.officer.flatMap { login in config.users.first { $0.login == login }?.displayName },
                ticket: view.ticket.map { TicketView($0) }, since: iso(view.state.since), pauseReason: view.state.pauseReason,
                services: config.window(n)?.services ?? [], served: w.served, meanServiceSeconds: seconds(w.meanServiceSeconds), ratings: r.count,
                meanRating: rounded(r.mean))
        }
        let timeline = summary.hours.map {
            DashboardView.Hour(hour: $0.hour, issued: $0.issued, served: $0.served, meanWaitSeconds: seconds($0.meanWaitSeconds))
        }
        return DashboardView(
            at: iso(now)!, day: day, targetWaitMinutes: config.policy.targetWaitMinutes, totals: totals, services: services, windows: windows,
            timeline: timeline, bookings: Self.bookingLines(hall, now: now), bureau: bureau?.lag.view)
    }
}
