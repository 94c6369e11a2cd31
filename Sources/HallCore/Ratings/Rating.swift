import Foundation

/// A taxpayer's satisfaction rating of one finished ticket's service.
public struct Rating: Sendable, Hashable, Codable {
    public var ticketID: TicketID
    public var day: String
    public var service: String
    public var window: Int?
    public var officer: String?
    /// 1 very dissatisfied … 5 very satisfied (see ``RatingScale``).
    public var score: Int
    public var reason: String?
    /// Where it was given: `pad` (the window's rating pad) or `phone` (the taxpayer's ticket page).
    public var source: String
    public var at: Date

    /// Longest reason taken, in characters (Unicode code points).
    public static let maxReasonLength = 200
    /// How long after a ticket is finished the window's rating pad may still rate it.
    public static let padWindowSeconds: TimeInterval = 10 * 60

    /// A rating of `ticket`, checked: the ticket is finished, the score is 1…5 and the reason short.
    public init(ticket: Ticket, score: Int, reason: String?, source: String, now: Date) throws {
        guard ticket.status == .done else { throw RatingError.notFinished(ticket.number) }
        guard RatingScale.scores.contains(score) else { throw RatingError.invalidScore(score) }
        // Counted in code points as sent, as the API's JSON Schema (`maxLength`) counts them.
        guard (reason?.unicodeScalars.count ?? 0) <= Self.maxReasonLength else { throw RatingError.reasonTooLong(Self.maxReasonLength) }
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        ticketID = ticket.id
        day = ticket.day
        service = ticket.service
        window = ticket.window
        officer = ticket.officer
        self.score = score
        self.reason = trimmed?.isEmpty == true ? nil : trimmed
        self.source = source
        at = now
    }

    public init(
        ticketID: TicketID, day: String, service: String, window: Int?, officer: String?, score: Int, reason: String?, source: String, at: Date
    ) {
        self.ticketID = ticketID
        self.day = day
        self.service = service
        self.window = window
        self.officer = officer
        self.score = score
        self.reason = reason
        self.source = source
        self.at = at
    }
}

/// Why a rating was refused.
public enum RatingError: Error, Equatable, CustomStringConvertible {
    case notFinished(String)
    case alreadyRated(String)
    case invalidScore(Int)
    case reasonTooLong(Int)

    public var description: String {
        switch self {
        case .notFinished(let n): "ticket \(n) has not been served yet; it can be rated once finished"
        case .alreadyRated(let n): "ticket \(n) has already been rated"
        case .invalidScore(let s): "score must be 1 (very dissatisfied) to 5 (very satisfied), not \(s)"
        case .reasonTooLong(let max): "reason must be at most \(max) characters"
        }
    }
}
