import Foundation
import HTTPServer
import HallCore
import HallStore

/// An alert as the dashboard shows it.
struct AlertView: Encodable {
    var id: Int64
    var key: String
    var kind: String
    var level: Int
    var state: String
    var message: String
    var messageEn: String
    var raisedAt: String
    var lastNotifiedAt: String
    var notifications: Int
    @Nullable var acknowledgedBy: String?
    @Nullable var acknowledgedAt: String?
    @Nullable var closedAt: String?
    var details: [String: String]

    init(_ a: Alert) {
        (id, key, kind, level, state) = (a.id, a.key, a.kind.rawValue, a.level, a.state.rawValue)
        (message, messageEn, raisedAt, lastNotifiedAt, notifications) = (
            a.message, a.messageEn, iso(a.raisedAt)!, iso(a.lastNotifiedAt)!, a.notifications
        )
        (acknowledgedBy, acknowledgedAt, closedAt, details) = (a.acknowledgedBy, iso(a.acknowledgedAt), iso(a.closedAt), a.details)
    }

}

/// A notification given up on: an alert's, or a taxpayer's reminder (its phone number masked).
struct DeadLetterView: Encodable {
    var id: Int64
    @Nullable var alertId: Int64?
    /// `ahead` or `called` for a reminder, null for an alert.
    @Nullable var reminder: String?
    var channel: String
    var target: String
    var attempts: Int
    var lastError: String
    var createdAt: String

    init(_ d: OutboxDelivery) {
        (id, alertId, channel, attempts, lastError, createdAt) = (d.id, d.owner.alertID, d.channel, d.attempts, d.lastError ?? "", iso(d.createdAt)!)
        if case .reminder(_, _, let kind) = d.owner {
            reminder = kind.rawValue
            // A manager need not read a taxpayer's number to see that the gateway refused it.
            target = d.channel == "sms" ? TaxpayerContact(phone: d.target, idNumber: nil).masked : d.target
        } else {
            target = d.target
        }
    }
}

/// `GET /api/alerts`.
struct AlertsView: Encodable {
    var alerts: [AlertView]
    var deadLetters: [DeadLetterView]
}

extension HallAPI {
    static func addAlertRoutes(_ router: inout Router) {
        router.add(.get, "/api/alerts", .manager) { ctx in
            let filters: [String: AlertFilter] = [
                "open": .active, "unacknowledged": .open, "acknowledged": .acknowledged, "closed": .closed, "all": .all,
            ]
            guard let filter = filters[ctx.request.query["state"] ?? "open"] else {
                throw APIError.badRequest("state must be open, unacknowledged, acknowledged, closed or all", code: "invalid_field")
            }
            // Open and acknowledged alerts are always listed in full; the closed history, which only grows, is paged.
            var limit: Int? = nil
            if filter == .closed || filter == .all { limit = 500 }
            if let raw = ctx.request.query["limit"] {
                guard let n = Int(raw), (1...10_000).contains(n) else {
                    throw APIError.badRequest("limit must be a whole number from 1 to 10000", code: "invalid_field")
                }
                limit = n
            }
            let store = ctx.api.service.store
            let dead = try store.deadLetters().map(DeadLetterView.init)
            return try json(200, AlertsView(alerts: try store.alerts(filter, limit: limit).map(AlertView.init), deadLetters: dead))
        }
        router.add(.post, "/api/alerts/{id}/ack", .manager) { ctx in
            guard let id = Int64(ctx.params["id"]!), id > 0 else { throw APIError.notFound("no alert \(ctx.params["id"]!)") }
            let login = ctx.session?.login ?? "manager"
            do {
                let alert = try ctx.api.service.record { _, now in
                    let (alert, row) = try ctx.api.service.store.acknowledgeAlert(id, by: login, now: now)
                    return (alert, [row])
                }
                return try json(200, AlertView(alert))
            } catch let error as AlertError {
                switch error {
                case .unknownAlert: throw APIError.notFound(error.description)
                case .alreadyClosed: throw APIError(409, "already_closed", error.description)
                }
            }
        }
        router.add(.get, "/api/alert-rules", .manager) { ctx in try json(200, try ctx.api.alerts.rulesOfToday()) }
        router.add(.put, "/api/alert-rules", .manager) { ctx in
            let rules = try ctx.body(AlertThresholds.self)
            try validate(rules)
            try ctx.api.alerts.setRules(rules, by: ctx.session?.login)
            return try json(200, try ctx.api.alerts.rulesOfToday())
        }
    }

    /// Refuses thresholds that would make alerts meaningless, naming the field (``AlertThresholds/outOfBounds``).
    static func validate(_ r: AlertThresholds) throws {
        if let (field, rule) = r.outOfBounds { throw APIError.badRequest("\(field) must be \(rule)", code: "invalid_field") }
    }
}
