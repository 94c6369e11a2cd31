import Foundation
import HTTPServer
import HallCore
import HallStore

extension HallAPI {
    static func addDashboardRoutes(_ router: inout Router) {
        router.add("GET", "/api/dashboard", .manager, lane: .reports) { ctx in
            let body = try ctx.api.dashboard()
            let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
            return .response(
                HTTPResponse(
                    status: 200, headers: [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")], body: Array(data)))
        }
    }

    /// Today's totals, lines, windows and hourly timeline for the managers' dashboard (nulls where there is nothing to average).
    func dashboard() throws -> [String: Any] {
        let (hall, now) = service.read { ($0, service.clock()) }
        let day = hall.calendar.day(of: now)
        let config = hall.config
        let summary = DaySummary(tickets: try service.store.tickets(onDay: day), config: config, calendar: hall.calendar, now: now)
        let ratings = try service.store.ratingsByWindow(day: day, dissatisfiedAtOrBelow: config.alerts.dissatisfiedAtOrBelow)
        let snapshot = hall.snapshot(now: now)
        func null(_ v: Double?) -> Any { v.map { ($0 * 1000).rounded() / 1000 } ?? NSNull() }
        func seconds(_ v: Double?) -> Any { v.map { Int($0.rounded()) } ?? NSNull() }
        let all = ratings.values.reduce(RatingTally(), +)
        let t = summary.totals
        let totals: [String: Any] = [
            "issued": t.issued, "served": t.served, "noShows": t.noShows, "cancelled": t.cancelled, "waiting": snapshot.totalWaiting,
            "noShowRate": null(t.noShowRate), "withinTargetShare": null(t.withinTargetShare), "meanWaitSeconds": seconds(t.meanWaitSeconds),
            "ratings": all.count, "meanRating": null(all.mean), "dissatisfied": all.dissatisfied,
        ]
        let services: [[String: Any]] = snapshot.services.map { line in
            let s = summary.services[line.code] ?? DaySummary.Totals()
            let name = config.service(line.code)?.name
            return [
                "service": line.code, "nameZh": name?.zh ?? line.code, "nameEn": name?.en ?? line.code, "waiting": line.waiting,
                "longestWaitSeconds": line.waiting > 0 ? Int(line.longestWaitSeconds) : NSNull(),
                "estimatedWaitSeconds": service.estimator.estimate(position: line.waiting + 1, service: line.code, hall: hall) ?? NSNull(),
                "issued": s.issued, "served": s.served, "meanWaitSeconds": seconds(s.meanWaitSeconds),
            ]
        }
        let windows: [[String: Any]] = snapshot.windows.map { view in
            let n = view.state.number
            let name = config.window(n)?.name
            let w = summary.windows[n] ?? DaySummary.WindowDay(number: n)
            let r = ratings[n] ?? RatingTally()
            let ticket: Any = view.ticket.flatMap { try? JSONSerialization.jsonObject(with: JSONEncoder.api.encode(TicketView($0))) } ?? NSNull()
            return [
                "number": n, "nameZh": name?.zh ?? "\(n)", "nameEn": name?.en ?? "\(n)", "status": view.state.status.rawValue,
                "officer": view.state.officer ?? NSNull(),
                "officerName": view.state.officer.flatMap { login in config.users.first { $0.login == login }?.displayName } ?? NSNull(),
                "ticket": ticket, "since": iso(view.state.since) ?? NSNull(),
                "pauseReason": view.state.pauseReason ?? NSNull(), "services": config.window(n)?.services ?? [],
                "served": w.served, "meanServiceSeconds": seconds(w.meanServiceSeconds), "ratings": r.count, "meanRating": null(r.mean),
            ]
        }
        let timeline: [[String: Any]] = summary.hours.map {
            ["hour": $0.hour, "issued": $0.issued, "served": $0.served, "meanWaitSeconds": seconds($0.meanWaitSeconds)]
        }
        return [
            "at": iso(now)!, "day": day, "targetWaitMinutes": config.policy.targetWaitMinutes, "totals": totals, "services": services,
            "windows": windows, "timeline": timeline,
        ]
    }
}
