import Foundation
import HTTPServer
import HallCore

/// `GET /api/issuing`: whether tickets are issued now, for the kiosk.
struct IssuingView: Encodable {
    struct Next: Encodable {
        var issuingFrom: String
        var opensAt: String
        var closesAt: String
    }
    var at: String
    var open: Bool
    /// Today is a public holiday of the configuration.
    var holiday: Bool
    /// While open: when issuing stops, and when the hall's current span closes.
    var issuingUntil: String?
    var closesAt: String?
    /// While closed: the next issuing window (null when none within two weeks), and what to tell taxpayers.
    var next: Next?
    var message: LocalizedName?
}

/// Body of the managers' cancel routes.
struct CancelRequest: Decodable {
    var reason: String
}

extension HallAPI {
    static func addIssuingRoutes(_ router: inout Router) {
        router.add(.get, "/api/issuing") { ctx in
            let (hours, now) = ctx.api.service.read { (IssuingHours(hours: $0.config.hours, calendar: $0.calendar), ctx.api.service.clock()) }
            switch hours.state(at: now) {
            case .open(let until, _, let closesAt):
                return try json(
                    200, IssuingView(at: iso(now)!, open: true, holiday: hours.isHoliday(now), issuingUntil: iso(until), closesAt: iso(closesAt)))
            case .closed(let next):
                let refusal = hallClosed(next: next, hours: hours, now: now)
                return try json(
                    200,
                    IssuingView(
                        at: iso(now)!, open: false, holiday: hours.isHoliday(now),
                        next: next.map {
                            IssuingView.Next(issuingFrom: iso($0.issuingFrom)!, opensAt: iso($0.opensAt)!, closesAt: iso($0.closesAt)!)
                        },
                        message: LocalizedName(zh: refusal.facts["messageZh"] ?? "", en: refusal.message)))
            }
        }
        router.add(.post, "/api/tickets/{id}/cancel", .manager) { ctx in
            let api = ctx.api
            let reason = try ctx.cancelReason()
            let id = TicketID(ctx.params["id"]!)
            // A ticket the hall no longer holds has ended its life: refused as such, not as unknown.
            if api.service.read({ $0.ticket(id) }) == nil, let stored = try api.service.store.ticket(id) { throw stored.cancelRefusal }
            try api.service.change { hall, now in ((), try hall.cancel(id, reason: reason, manager: ctx.session!.login, now: now)) }
            return try json(200, api.view(of: try api.service.ticket(id)!))
        }
        router.add(.post, "/api/services/{service}/cancel-waiting", .manager) { ctx in
            let api = ctx.api
            let reason = try ctx.cancelReason()
            let code = ctx.params["service"]!
            let events = try api.service.change { hall, now in
                let events = try hall.cancelWaiting(service: code, reason: reason, manager: ctx.session!.login, now: now)
                return (events, events)
            }
            return try json(200, CancelledLine(service: code, cancelled: events.count, numbers: events.compactMap { $0.ticket?.number }))
        }
    }
}

/// `POST /api/services/{service}/cancel-waiting` reply.
struct CancelledLine: Encodable {
    var service: String
    var cancelled: Int
    var numbers: [String]
}

extension RouteContext {
    /// The manager's reason for cancelling: 1–200 characters (code points, as the spec's `maxLength` counts them) of
    /// text with no control characters, not only white space; kept trimmed.
    func cancelReason() throws -> String {
        let raw = try body(CancelRequest.self).reason
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, StaffText.fits(raw, max: 200) else {
            throw APIError.badRequest("field \"reason\": say why, in 1 to 200 characters of plain text", code: "invalid_field")
        }
        return reason
    }
}
