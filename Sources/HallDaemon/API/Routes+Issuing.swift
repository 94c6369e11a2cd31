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
    /// While open: when issuing stops, and when the hall's current span closes.
    var issuingUntil: String?
    var closesAt: String?
    /// While closed: the next issuing window (null when none within two weeks), and what to tell taxpayers.
    var next: Next?
    var message: LocalizedName?
}

extension HallAPI {
    static func addIssuingRoutes(_ router: inout Router) {
        router.add("GET", "/api/issuing") { ctx in
            let (hours, now) = ctx.api.service.read { (IssuingHours(hours: $0.config.hours, calendar: $0.calendar), ctx.api.service.clock()) }
            switch hours.state(at: now) {
            case .open(let until, _, let closesAt):
                return try json(200, IssuingView(at: iso(now)!, open: true, issuingUntil: iso(until), closesAt: iso(closesAt)))
            case .closed(let next):
                let refusal = hallClosed(next: next, hours: hours, now: now)
                return try json(
                    200,
                    IssuingView(
                        at: iso(now)!, open: false,
                        next: next.map { IssuingView.Next(issuingFrom: iso($0.issuingFrom)!, opensAt: iso($0.opensAt)!, closesAt: iso($0.closesAt)!) },
                        message: LocalizedName(zh: refusal.facts["messageZh"] ?? "", en: refusal.message)))
            }
        }
    }
}
