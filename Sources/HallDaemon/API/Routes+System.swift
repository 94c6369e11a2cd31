import Foundation
import HTTPServer
import HallCore

extension HallAPI {
    static func addSystemRoutes(_ router: inout Router) {
        router.add(.get, "/healthz") { ctx in
            // Never takes the hall's lock nor reads the database: it answers from what the watchdog last saw, also while
            // the hall is stuck, and says what is.
            let stuck = ctx.api.watchdog?.stuckSteps ?? []
            guard stuck.isEmpty else {
                return try json(503, HealthView(status: "stuck", stuck: stuck.map { .init(what: $0.what, seconds: Int($0.seconds)) }))
            }
            guard ctx.api.watchdog?.databaseAnswers ?? ctx.api.service.store.isHealthy() else {
                return try json(503, HealthView(status: "database not answering", stuck: []))
            }
            return .response(healthy)
        }
        router.add(.get, "/metrics") { ctx in
            let api = ctx.api
            let (waiting, open) = api.service.read { hall in
                let snapshot = hall.snapshot(now: api.service.clock())
                return (Dictionary(uniqueKeysWithValues: snapshot.services.map { ($0.code, $0.waiting) }), snapshot.openWindows)
            }
            let outbox = (try? api.service.store.outboxCounts()) ?? [:]
            let alerts = Dictionary(grouping: (try? api.service.store.activeAlerts()) ?? [], by: \.kind.rawValue).mapValues(\.count)
            let body = api.metrics.exposition(
                waiting: waiting, openWindows: open, subscribers: api.service.events.subscriberCount, outbox: outbox, alerts: alerts,
                bureau: api.bureau?.lag)
            return .response(HTTPResponse(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")], body: body))
        }
    }
}

/// The answer of a healthy daemon, encoded once.
private let healthy = HTTPResponse(
    status: 200, headers: [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")],
    body: Array(#"{"status":"ok","stuck":[]}"#.utf8))

/// `GET /healthz`: ok, or what is stuck and for how long.
struct HealthView: Encodable {
    struct Step: Encodable {
        var what: String
        var seconds: Int
    }
    var status: String
    var stuck: [Step]
}
