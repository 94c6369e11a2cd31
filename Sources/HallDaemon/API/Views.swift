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
    @Nullable var position: Int?
    @Nullable var estimatedWaitSeconds: Int?
    var issuedAt: String
    @Nullable var calledAt: String?
    @Nullable var startedAt: String?
    @Nullable var finishedAt: String?
    @Nullable var window: Int?
    var recalls: Int
    var transfers: Int
    @Nullable var transferredToWindow: Int?
    var secret: String?
    @Nullable var rating: Int?

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

}

/// A window as screens show it.
struct WindowStateView: Encodable, Sendable {
    var number: Int
    var status: String
    @Nullable var officer: String?
    @Nullable var ticket: TicketView?
    @Nullable var pausedAt: String?
    @Nullable var pauseReason: String?
    @Nullable var since: String?
    var services: [String]

}

/// One service's line.
struct ServiceLineView: Encodable, Sendable {
    var code: String
    var waiting: Int
    var longestWaitSeconds: Int
    @Nullable var estimatedWaitSeconds: Int?
    var next: [String]
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
