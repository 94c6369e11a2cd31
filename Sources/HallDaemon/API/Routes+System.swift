import Foundation
import HTTPServer
import HallCore

extension HallAPI {
    static func addSystemRoutes(_ router: inout Router) {
        router.add("GET", "/healthz") { ctx in
            // Never takes the hall's lock: it must answer while the hall is stuck, and say what is.
            let stuck = ctx.api.watchdog?.stuckSteps ?? []
            guard stuck.isEmpty else {
                return try json(503, HealthView(status: "stuck", stuck: stuck.map { .init(what: $0.what, seconds: Int($0.seconds)) }))
            }
            let ok = ctx.api.service.store.isHealthy()
            return try json(ok ? 200 : 503, HealthView(status: ok ? "ok" : "database not answering", stuck: []))
        }
        router.add("GET", "/metrics") { ctx in
            let api = ctx.api
            let waiting = api.service.read { $0.waitingTickets.count }
            let outbox = (try? api.service.store.outboxCounts()) ?? [:]
            let hub = api.service.events
            let text = api.metrics.prometheusText(waiting: waiting, subscribers: hub.subscriberCount, dropped: hub.droppedCount, outbox: outbox)
            return .response(HTTPResponse(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4")], body: Array(text.utf8)))
        }
    }
}

/// `GET /healthz`: ok, or what is stuck and for how long.
struct HealthView: Encodable {
    struct Step: Encodable {
        var what: String
        var seconds: Int
    }
    var status: String
    var stuck: [Step]
}

/// Counters for `GET /metrics` in the Prometheus text format.
final class Metrics: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [String: Int] = [:]
    private var issued = 0
    private var served = 0
    private var ratings: [Int: Int] = [:]

    func count(route: String, status: Int) { lock.withLock { requests["\(route)\u{0}\(status)", default: 0] += 1 } }
    func ticketIssued() { lock.withLock { issued += 1 } }
    func ticketServed() { lock.withLock { served += 1 } }
    func ratingGiven(score: Int) { lock.withLock { ratings[score, default: 0] += 1 } }

    func prometheusText(waiting: Int, subscribers: Int, dropped: Int, outbox: [String: Int]) -> String {
        lock.withLock {
            var lines = [
                "# HELP hallq_http_requests_total HTTP requests by route and status.", "# TYPE hallq_http_requests_total counter",
            ]
            for (key, n) in requests.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: "\u{0}")
                lines.append("hallq_http_requests_total{route=\"\(parts[0])\",status=\"\(parts[1])\"} \(n)")
            }
            lines += [
                "# HELP hallq_tickets_issued_total Tickets issued since start.", "# TYPE hallq_tickets_issued_total counter",
                "hallq_tickets_issued_total \(issued)",
                "# HELP hallq_tickets_served_total Tickets finished since start.", "# TYPE hallq_tickets_served_total counter",
                "hallq_tickets_served_total \(served)",
                "# HELP hallq_waiting Tickets waiting now.", "# TYPE hallq_waiting gauge", "hallq_waiting \(waiting)",
                "# HELP hallq_sse_subscribers Open live-event streams.", "# TYPE hallq_sse_subscribers gauge", "hallq_sse_subscribers \(subscribers)",
                "# HELP hallq_sse_dropped_total Live-event streams cut off for falling too far behind.",
                "# TYPE hallq_sse_dropped_total counter", "hallq_sse_dropped_total \(dropped)",
                "# HELP hallq_ratings_total Ratings given since start, by score.", "# TYPE hallq_ratings_total counter",
            ]
            lines += (1...5).map { "hallq_ratings_total{score=\"\($0)\"} \(ratings[$0, default: 0])" }
            lines += ["# HELP hallq_outbox_notifications Alert notifications by delivery state.", "# TYPE hallq_outbox_notifications gauge"]
            lines += ["pending", "delivered", "dead"].map { "hallq_outbox_notifications{state=\"\($0)\"} \(outbox[$0, default: 0])" }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
