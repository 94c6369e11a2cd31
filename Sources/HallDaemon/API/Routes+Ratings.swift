import Foundation
import HTTPServer
import HallCore
import HallStore

/// `POST /api/tickets/{id}/rating` body. The phone page proves itself with the ticket's secret; the window's rating
/// pad with its own token in the Authorization header. `window` is read only to explain why it alone is refused.
struct RatingRequest: Decodable {
    var score: Int
    var reason: String?
    var secret: String?
    var window: Int?
}

/// A stored rating as the API returns it.
struct RatingView: Encodable {
    var ticket: String
    var number: String
    var score: Int
    @Nullable var reason: String?
    var source: RatingSource
    var at: String

}

extension HallAPI {
    static func addRatingRoutes(_ router: inout Router) {
        router.add(.post, "/api/tickets/{id}/rating") { ctx in
            let api = ctx.api
            let body = try ctx.body(RatingRequest.self)
            let ticket = try ctx.ticket()
            let now = api.service.clock()
            let source = try ratingSource(body, pad: ctx.pad, ticket: ticket, now: now)
            let rating: Rating
            do {
                rating = try Rating(ticket: ticket, score: body.score, reason: body.reason, source: source, now: now)
            } catch let error as RatingError {
                throw APIError(error)
            }
            do {
                try api.service.record { hall, _ in
                    let condition = AlertRules.ratingCondition(
                        ticket: ticket, score: rating.score, reason: rating.reason, thresholds: hall.config.alerts)
                    let config = hall.config
                    let rows = try api.service.store.record(
                        rating, number: ticket.number, alert: AlertEngine.raise(condition, now: now), calendar: hall.calendar
                    ) { AlertNotification.messages(for: $0, alert: $1, config: config) }
                    return ((), rows)
                }
            } catch let error as RatingError {
                throw APIError(error)
            }
            if let pad = ctx.pad { try? api.service.store.touchPad(pad.id, now: now) }
            api.alerts.outbox.nudge()
            api.metrics.rating(score: rating.score)
            return try json(
                201,
                RatingView(
                    ticket: ticket.id.rawValue, number: ticket.number, score: rating.score, reason: rating.reason, source: source, at: iso(now)!))
        }
    }

    /// Who is rating: the taxpayer's phone (with the ticket's secret) or the paired pad of the window that served
    /// the ticket, within ``Rating/padWindowSeconds`` of the end of service. A window number alone proves nothing
    /// (the public event stream tells everyone which window served which ticket).
    static func ratingSource(_ body: RatingRequest, pad: StoredPad?, ticket: Ticket, now: Date) throws -> RatingSource {
        if let pad {
            do {
                try Rating.checkPad(ofWindow: pad.window, mayRate: ticket, now: now)
            } catch {
                throw APIError(error)
            }
            return .pad
        }
        if let secret = body.secret {
            try checkSecret(secret, of: ticket)
            return .phone
        }
        if body.window != nil {
            throw APIError(
                401, "pad_not_paired",
                "a window number does not prove a rating pad: pair the pad (POST /api/windows/{window}/pad) and send its token as Authorization: Bearer"
            )
        }
        throw APIError(401, "unauthorized", "give the ticket's \"secret\" (phone page), or rate on the window's paired rating pad")
    }
}

extension APIError {
    /// The HTTP form of a refused rating: wrong state 409, bad input 400, the wrong pad or too late for it 403.
    init(_ error: RatingError) {
        switch error {
        case .notFinished: self.init(409, "not_finished", error.description)
        case .alreadyRated: self.init(409, "already_rated", error.description)
        case .invalidScore: self.init(400, "invalid_field", error.description)
        case .reasonTooLong: self.init(400, "invalid_field", error.description)
        case .notThisWindow: self.init(403, "not_this_window", error.description)
        case .padTooLate: self.init(403, "rating_expired", error.description)
        }
    }
}
