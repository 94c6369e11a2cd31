import Foundation
import HTTPServer
import HallCore
import QRCode

/// `POST /api/tickets` body.
struct IssueRequest: Decodable {
    var service: String
    var priority: String?
    var phone: String?
    var idNumber: String?
    /// Text `phone` when the turn is near and when it comes.
    var sms: Bool?
}

extension HallAPI {
    static func addTicketRoutes(_ router: inout Router) {
        router.add(.post, "/api/tickets") { ctx in
            let body = try ctx.body(IssueRequest.self)
            guard let priority = Priority(rawValue: body.priority ?? "normal") else {
                throw APIError.badRequest("priority must be normal, green or appointment", code: "invalid_field")
            }
            try Self.checkPriority(priority, session: ctx.session)
            let api = ctx.api
            let request = TicketRequest(
                service: body.service, priority: priority, phone: body.phone, idNumber: body.idNumber, remind: body.sms ?? false)
            return ctx.later { answer in
                api.service.change(
                    { hall, now in
                        try api.admit(service: request.service, hall: hall, now: now, address: ctx.request.remoteAddress, session: ctx.session)
                        var random = SystemRandomNumberGenerator()
                        var (ticket, events) = try hall.issue(request, now: now, random: &random)
                        // Who gave a priority ticket is journaled (and kept off the public stream).
                        if priority.isPriority, let staff = ctx.session?.login { events[0].details["staff"] = staff }
                        return (ticket, events)
                    },
                    completion: { result in answer { try json(201, api.view(of: try result.get(), secret: true)) } })
            }
        }
        router.add(.get, "/api/tickets/{id}") { ctx in
            let api = ctx.api
            let ticket = try ctx.ticket()
            var view = api.view(of: ticket)
            if ticket.status == .done { view.rating = try api.service.store.rating(of: ticket.id)?.score }
            return try json(200, view)
        }
        router.add(.get, "/api/tickets/{id}/qr.svg") { ctx in
            let api = ctx.api
            let ticket = try ctx.ticket()
            var link = api.publicBaseURL(ctx.request) + "/t/" + ticket.id.rawValue
            if let secret = ctx.request.query["secret"] {
                try Self.checkSecret(secret, of: ticket)
                // The fragment never reaches a server log; the phone page keeps it to cancel and rate.
                link += "#s=" + secret
            }
            let svg = try QRCode(encoding: link, correction: .medium).svg(moduleSize: 4, title: "\(ticket.number) \(link.split(separator: "#")[0])")
            return .response(
                HTTPResponse(
                    status: 200, headers: [("Content-Type", "image/svg+xml"), ("Cache-Control", "private, max-age=86400")], body: Array(svg.utf8)))
        }
        router.add(.delete, "/api/tickets/{id}") { ctx in
            let api = ctx.api
            let id = TicketID(ctx.params["id"]!)
            guard let secret = ctx.request.query["secret"], !secret.isEmpty else {
                throw APIError.badRequest("the ticket's secret is required: ?secret=…", code: "invalid_field")
            }
            // A ticket the hall no longer holds has ended its life: refused as such, not as unknown.
            if api.service.read({ $0.ticket(id) }) == nil, let stored = try api.service.store.ticket(id) { throw stored.cancelRefusal }
            try api.service.change { hall, now in ((), try hall.cancel(id, secret: secret, now: now)) }
            return try json(200, api.view(of: try api.service.ticket(id)!))
        }
    }

    /// The public view of a ticket with its live position and estimate.
    func view(of ticket: Ticket, secret: Bool = false) -> TicketView {
        // Far back in a long line the estimate is a formula, done under the lock; nearer the front it comes from the
        // hall's forecast, made (once per state of the hall) on a copy outside the lock if it is not made yet.
        // (Copies held outside the lock would make the next committed change copy every ticket, so none is kept long.)
        let limit = service.estimator.playoutLimit
        let (view, copy): (TicketView, Hall?) = service.read { hall in
            let live = hall.ticket(ticket.id) ?? ticket
            let position = hall.position(of: live.id)
            if let position, position <= limit { return (TicketView(live, position: position, secret: secret), hall) }
            let estimate = service.estimator.estimate(for: live, position: position, in: hall)
            return (TicketView(live, position: position, estimate: estimate, secret: secret), nil)
        }
        guard let copy, let live = copy.ticket(ticket.id) else { return view }
        var withEstimate = view
        withEstimate.estimatedWaitSeconds = service.estimator.estimate(for: live, position: view.position, in: copy)
        return withEstimate
    }

    /// Where phones reach this daemon: `--public-url` when set, else the Host the kiosk used, with the scheme it used
    /// (a configured proxy's `X-Forwarded-Proto`, else the daemon's own).
    func publicBaseURL(_ request: HTTPRequest) -> String {
        if let configured = settings.publicURL { return configured }
        return ClientAddress.scheme(request, serverTLS: settings.tls) + "://" + (request.header("host") ?? "127.0.0.1:8080")
    }
}

extension RouteContext {
    /// The ticket named by the `{id}` in the path, live or stored; 404 when there is none.
    func ticket() throws -> Ticket {
        let id = params["id"]!
        guard let ticket = try api.service.ticket(TicketID(id)) else { throw APIError.notFound("no ticket \(id)") }
        return ticket
    }
}

extension HallAPI {
    /// Refuses a secret that is not the ticket's (compared in constant time, as cancelling does).
    static func checkSecret(_ secret: String, of ticket: Ticket) throws {
        guard RandomToken.constantTimeEqual(secret, ticket.secret) else { throw HallError.wrongSecret }
    }
}
