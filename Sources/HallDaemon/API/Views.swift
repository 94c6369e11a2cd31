import Foundation
import HallCore

/// ISO 8601 with milliseconds in UTC, as every date in the API.
func iso(_ date: Date?) -> String? { date.map(ISOTime.string) }

/// A ticket as the public API shows it: never the secret (except to its taker) nor the contact.
struct TicketView: Encodable, Sendable {
    var id: String
    var number: String
    var service: String
    var priority: String
    var status: String
    var position: Int?
    var estimatedWaitSeconds: Int?
    var issuedAt: String
    var calledAt: String?
    var startedAt: String?
    var finishedAt: String?
    var window: Int?
    var recalls: Int
    var transfers: Int
    var transferredToWindow: Int?
    var secret: String?
    var rating: Int?

    init(_ t: Ticket, position: Int? = nil, estimate: Int? = nil, secret: Bool = false, rating: Int? = nil) {
        id = t.id.rawValue
        number = t.number
        service = t.service
        priority = t.priority.rawValue
        status = t.status.rawValue
        self.position = position
        estimatedWaitSeconds = estimate
        issuedAt = iso(t.issuedAt)!
        calledAt = iso(t.calledAt)
        startedAt = iso(t.startedAt)
        finishedAt = iso(t.finishedAt)
        window = t.status.isWaiting ? nil : t.window
        recalls = t.recalls
        transfers = t.transfers
        transferredToWindow = t.pinnedWindow
        self.secret = secret ? t.secret : nil
        self.rating = rating
    }

    enum CodingKeys: String, CodingKey {
        case id, number, service, priority, status, position, estimatedWaitSeconds, issuedAt, calledAt, startedAt, finishedAt, window, recalls
        case transfers, transferredToWindow, secret, rating
    }

    /// Unknown values are explicit `null`s, so clients see every field; the secret appears only when given.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(number, forKey: .number)
        try c.encode(service, forKey: .service)
        try c.encode(priority, forKey: .priority)
        try c.encode(status, forKey: .status)
        try c.encode(position, forKey: .position)
        try c.encode(estimatedWaitSeconds, forKey: .estimatedWaitSeconds)
        try c.encode(issuedAt, forKey: .issuedAt)
        try c.encode(calledAt, forKey: .calledAt)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(window, forKey: .window)
        try c.encode(recalls, forKey: .recalls)
        try c.encode(transfers, forKey: .transfers)
        try c.encode(transferredToWindow, forKey: .transferredToWindow)
        try c.encodeIfPresent(secret, forKey: .secret)
        try c.encode(rating, forKey: .rating)
    }
}

/// A window as screens show it.
struct WindowStateView: Encodable, Sendable {
    var number: Int
    var status: String
    var officer: String?
    var ticket: TicketView?
    var pausedAt: String?
    var pauseReason: String?
    var since: String?
    var services: [String]

    enum CodingKeys: String, CodingKey { case number, status, officer, ticket, pausedAt, pauseReason, since, services }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(status, forKey: .status)
        try c.encode(officer, forKey: .officer)
        try c.encode(ticket, forKey: .ticket)
        try c.encode(pausedAt, forKey: .pausedAt)
        try c.encode(pauseReason, forKey: .pauseReason)
        try c.encode(since, forKey: .since)
        try c.encode(services, forKey: .services)
    }
}

/// One service's line.
struct ServiceLineView: Encodable, Sendable {
    var code: String
    var waiting: Int
    var longestWaitSeconds: Int
    var estimatedWaitSeconds: Int?
    var next: [String]

    enum CodingKeys: String, CodingKey { case code, waiting, longestWaitSeconds, estimatedWaitSeconds, next }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(waiting, forKey: .waiting)
        try c.encode(longestWaitSeconds, forKey: .longestWaitSeconds)
        try c.encode(estimatedWaitSeconds, forKey: .estimatedWaitSeconds)
        try c.encode(next, forKey: .next)
    }
}

/// Everything `GET /api/queues` returns.
struct QueuesView: Encodable, Sendable {
    var at: String
    var lastEventId: Int64
    var totalWaiting: Int
    var openWindows: Int
    var services: [ServiceLineView]
    var windows: [WindowStateView]
    var recentCalls: [RecentCall]
}

/// A call as the hall board lists it.
struct RecentCall: Encodable, Sendable, Hashable {
    var number: String
    var service: String
    var window: Int
    var at: String
    var kind: String
}

/// The SSE message body for one journaled change.
struct EventView: Encodable, Sendable {
    var seq: Int64
    var kind: String
    var at: String
    var ticket: TicketView?
    var window: WindowStateView?
    var details: [String: String]
}

extension JSONEncoder {
    /// Sorted keys, so clients and tests see stable output.
    static let api: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()
}
