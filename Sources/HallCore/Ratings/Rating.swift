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
    /// Where it was given: the window's rating pad or the taxpayer's ticket page.
    public var source: RatingSource
    public var at: Date

    /// Longest reason taken, in characters (Unicode code points).
    public static let maxReasonLength = 200
    /// How long after a ticket is finished the window's rating pad may still rate it.
    public static let padWindowSeconds: TimeInterval = 10 * 60

    /// A rating of `ticket`, checked: the ticket is finished, the score is 1…5 and the reason short.
    public init(ticket: Ticket, score: Int, reason: String?, source: RatingSource, now: Date) throws {
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
        ticketID: TicketID, day: String, service: String, window: Int?, officer: String?, score: Int, reason: String?, source: RatingSource,
        at: Date
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

/// Where a rating was given.
public enum RatingSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// The rating pad paired to the window that served the ticket.
    case pad
    /// The taxpayer's own ticket page, proven by the ticket's secret.
    case phone
}

extension Rating {
    /// Who may rate with a window's pad: the pad of the window that served `ticket`, until ``padWindowSeconds`` after
    /// the end of service (the next taxpayer must not rate the previous one's service).
    public static func checkPad(ofWindow padWindow: Int, mayRate ticket: Ticket, now: Date) throws(RatingError) {
        guard ticket.window == padWindow else { throw .notThisWindow(padWindow: padWindow, number: ticket.number) }
        if let finished = ticket.finishedAt, now.timeIntervalSince(finished) > padWindowSeconds {
            throw .padTooLate(number: ticket.number, minutes: Int(padWindowSeconds / 60))
        }
    }
}

/// Why a rating was refused.
public enum RatingError: Error, Equatable, CustomStringConvertible {
    case notFinished(String)
    case alreadyRated(String)
    case invalidScore(Int)
    case reasonTooLong(Int)
    /// A pad of another window than the one that served the ticket.
    case notThisWindow(padWindow: Int, number: String)
    /// The window's pad, once its minutes after the end of service are up.
    case padTooLate(number: String, minutes: Int)

    public var description: String {
        switch self {
        case .notFinished(let n): "ticket \(n) has not been served yet; it can be rated once finished"
        case .alreadyRated(let n): "ticket \(n) has already been rated"
        case .invalidScore(let s): "score must be 1 (very dissatisfied) to 5 (very satisfied), not \(s)"
        case .reasonTooLong(let max): "reason must be at most \(max) characters"
        case .notThisWindow(let window, let n): "this pad is window \(window)'s; ticket \(n) was not served there"
        case .padTooLate(let n, let minutes): "the window's pad may rate ticket \(n) only within \(minutes) minutes of the end of service"
        }
    }
}
