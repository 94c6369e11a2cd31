import Foundation
import HTTPServer
import HallCore
import HallStore

/// A journal row with the hall event it came from (live) — replayed rows have no event.
public struct JournaledHallEvent: Sendable {
    public var journal: JournaledEvent
    public var event: HallEvent?
}

/// Fans every committed change out to the server-sent-event subscribers, in journal order.
public final class EventHub: @unchecked Sendable {
    private let lock = NSLock()
    private var subscribers: [ObjectIdentifier: (stream: EventStream, lastSeq: Int64)] = [:]
    private var recentCalls: [RecentCall] = []
    private let store: HallStore
    /// Turns a journal row into the SSE message; set by the daemon once the service exists.
    /// It gets the hall as of the change, so it never takes the service's lock (publishing runs under it).
    var render: @Sendable (JournaledHallEvent, Hall) -> ServerSentEvent = { _, _ in ServerSentEvent(data: "{}") }

    init(store: HallStore) { self.store = store }

    /// How many screens are listening.
    public var subscriberCount: Int { lock.withLock { subscribers.count } }

    /// The last calls and recalls, newest first (for boards that (re)connect).
    var latestCalls: [RecentCall] { lock.withLock { recentCalls } }

    /// A new subscriber: first everything after `lastEventID` from the journal, then live changes.
    /// `hall` is read by the caller before this takes its own lock (lock order: service, then hub).
    func subscribe(after lastEventID: Int64?, hall: Hall) throws -> EventStream {
        try lock.withLock {
            var backlog: [ServerSentEvent] = []
            var lastSeq = try store.lastEventSeq()
            if let lastEventID, lastEventID < lastSeq {
                let rows = try store.events(after: lastEventID, limit: 5_000)
                backlog = rows.map { render(JournaledHallEvent(journal: $0, event: nil), hall) }
                lastSeq = rows.last?.seq ?? lastSeq
            }
            let stream = EventStream(initial: [ServerSentEvent(comment: "hallq live events"), ServerSentEvent(retry: 2000)] + backlog)
            let key = ObjectIdentifier(stream)
            subscribers[key] = (stream, lastSeq)
            stream.onClose { [weak self] in self?.lock.withLock { _ = self?.subscribers.removeValue(forKey: key) } }
            return stream
        }
    }

    /// Sends committed changes to every subscriber (never blocks: slow subscribers are cut off by their stream).
    func publish(_ events: [JournaledHallEvent], hall: Hall, now: Date) {
        // Encoded once: every subscriber's queue shares the same bytes.
        let messages = events.map { ($0.journal.seq, render($0, hall).encoded) }
        lock.withLock {
            for e in events {
                guard let ticket = e.event?.ticket, e.event?.kind == .ticketCalled || e.event?.kind == .ticketRecalled, let w = ticket.window
                else { continue }
                recentCalls.insert(
                    RecentCall(number: ticket.number, service: ticket.service, window: w, at: iso(e.journal.at)!, kind: e.journal.kind), at: 0)
            }
            if recentCalls.count > 20 { recentCalls.removeLast(recentCalls.count - 20) }
            for (key, sub) in subscribers {
                for (seq, message) in messages where seq > sub.lastSeq { sub.stream.send(encoded: message) }
                if let last = messages.last?.0, last > sub.lastSeq { subscribers[key]?.lastSeq = last }
            }
        }
    }

    /// Closes every stream (at shutdown).
    func closeAll() {
        let streams = lock.withLock { subscribers.values.map(\.stream) }
        streams.forEach { $0.close() }
    }
}
