import Foundation
import HTTPServer
import HallCore
import HallStore
import Locking

/// A journal row with the hall event it came from (nil for rows that carry no hall state: ratings, alerts).
public struct JournaledHallEvent: Sendable {
    public var journal: JournaledEvent
    public var event: HallEvent?
}

/// How many live-event streams the hub accepts, and how far behind one may fall.
public struct StreamLimits: Sendable {
    /// Streams open at once from one client address (0: no limit).
    public var perAddress = 32
    /// Streams open at once in all (0: no limit).
    public var total = 3_000
    /// Bytes a stream may be behind, its replay included, before it is cut off (and a replay becomes a resync).
    public var bufferBytes = 1 << 20
    /// Bytes of recent messages kept for clients that reconnect.
    public var replayBytes = 4 << 20
    public init() {}
}

/// Fans every committed change out to the server-sent-event subscribers, in journal order.
///
/// Each change is rendered once, by the committer under the hall's lock (so in journal order), into one shared
/// ``EventLog``; every stream reads the log at its own pace. A stream that reconnects with a recent `Last-Event-ID`
/// is replayed from the log's bytes (no database read, no rendering); one whose id the log no longer covers, or that
/// is newer than the journal, or is not a number, gets a single `resync` event telling it to reload its state.
/// Subscribers are woken by the hub's own thread, with no lock held: a stream too far behind is cut off there, and
/// its close handler takes the hub's lock (see ``LockOrder``).
public final class EventHub: Sendable {
    /// The hub's state under its lock (a leaf lock: see ``LockOrder``).
    private struct Listeners {
        var subscribers: [ObjectIdentifier: EventStream] = [:]
        var perAddress: [String: Int] = [:]
        var recentCalls: [RecentCall] = []
        var wakePending = false
        var stopped = false
        var dropped = 0
    }
    private let listeners = Locked(Listeners())
    let log: EventLog
    let limits: StreamLimits
    let metrics: HallMetrics?
    /// Turns a committed change into its SSE message; given the hall as of the change, it must not take the service's lock.
    let render: @Sendable (JournaledHallEvent, Hall) -> ServerSentEvent

    /// A hub whose log begins after journal row `lastSeq`.
    init(
        lastSeq: Int64, limits: StreamLimits = StreamLimits(), metrics: HallMetrics? = nil,
        render: @escaping @Sendable (JournaledHallEvent, Hall) -> ServerSentEvent
    ) {
        self.limits = limits
        self.metrics = metrics
        self.render = render
        log = EventLog(capacity: limits.replayBytes, lastID: lastSeq)
    }

    /// How many screens are listening.
    public var subscriberCount: Int { listeners.read { $0.subscribers.count } }

    /// Streams cut off since start because they fell too far behind.
    public var droppedCount: Int { listeners.read { $0.dropped } }

    /// The last calls and recalls, newest first (for boards that (re)connect).
    var latestCalls: [RecentCall] { listeners.read { $0.recentCalls } }

    /// A new subscriber from `address`: first what it missed after `lastEventID` (header text as sent, nil for none),
    /// or one `resync` event when that cannot be replayed cheaply, then live changes.
    func subscribe(after lastEventID: String?, address: String) throws -> EventStream {
        var initial = [ServerSentEvent(comment: "hallq live events"), ServerSentEvent(retry: 2000)]
        var start: Int64?
        if let lastEventID {
            let end = log.endOffset
            if let id = Int64(lastEventID.trimmingCharacters(in: .whitespaces)), id >= 0, let offset = log.offset(after: id),
                end - offset <= Int64(limits.bufferBytes)
            {
                start = offset
            } else {
                start = end
                initial.append(Self.resync(lastID: log.lastID, asked: lastEventID))
            }
        }
        let stream = EventStream(log: log, from: start, initial: initial, bufferLimit: limits.bufferBytes)
        let key = ObjectIdentifier(stream)
        try listeners.withLock { l in
            if limits.total > 0, l.subscribers.count >= limits.total {
                throw APIError(
                    503, "too_many_streams", "the hall serves \(limits.total) live screens already; try again shortly",
                    headers: [("Retry-After", "10")])
            }
            if limits.perAddress > 0, l.perAddress[address, default: 0] >= limits.perAddress {
                throw APIError(
                    429, "too_many_streams", "\(limits.perAddress) live streams are open from \(address) already; close one first",
                    headers: [("Retry-After", "10")])
            }
            l.subscribers[key] = stream
            l.perAddress[address, default: 0] += 1
        }
        stream.onClose { [weak self, weak stream] in self?.remove(key, address: address, cutOff: stream?.wasCutOff ?? false) }
        return stream
    }

    /// The event that tells a client to reload its state instead of replaying: its id is the newest, so the client
    /// resumes from there.
    static func resync(lastID: Int64, asked: String) -> ServerSentEvent {
        let reason = Int64(asked) == nil ? "Last-Event-ID is not a journal sequence number" : "events after \(asked) are no longer kept"
        return ServerSentEvent(id: String(lastID), event: "resync", data: "{\"lastEventId\":\(lastID),\"reason\":\"\(reason)\"}")
    }

    private func remove(_ key: ObjectIdentifier, address: String, cutOff: Bool) {
        listeners.withLock { l in
            guard l.subscribers.removeValue(forKey: key) != nil else { return }
            let left = l.perAddress[address, default: 1] - 1
            l.perAddress[address] = left > 0 ? left : nil
            if cutOff { l.dropped += 1 }
        }
        if cutOff { metrics?.streamDropped() }
    }

    /// Renders committed changes once into the log and wakes the subscribers (on the hub's thread, not the caller's).
    /// Called under the service's lock, so changes arrive in journal order.
    func publish(_ events: [JournaledHallEvent], hall: Hall) {
        let messages = events.map { ($0.journal.seq, render($0, hall).encoded) }
        log.append(messages)
        let calls = events.compactMap { e -> RecentCall? in
            guard let ticket = e.event?.ticket, e.event?.kind == .ticketCalled || e.event?.kind == .ticketRecalled, let w = ticket.window
            else { return nil }
            return RecentCall(number: ticket.number, service: ticket.service, window: w, at: iso(e.journal.at)!, kind: e.journal.kind)
        }
        listeners.withLock { l in
            l.recentCalls.insert(contentsOf: calls.reversed(), at: 0)
            if l.recentCalls.count > 20 { l.recentCalls.removeLast(l.recentCalls.count - 20) }
            if !l.subscribers.isEmpty { l.wakePending = true }
        }
    }

    /// The hub's thread: after each publish, wakes every subscriber with no lock held.
    private func wakeLoop() {
        while true {
            let streams = listeners.withLock(when: { $0.wakePending || $0.stopped }) { l -> [EventStream]? in
                if l.stopped { return nil }
                l.wakePending = false
                return Array(l.subscribers.values)
            }
            guard let streams else { return }
            let end = log.endOffset
            for stream in streams { stream.wake(logEnd: end) }
        }
    }
}

extension EventHub: DaemonPart {
    var partName: String { "live events" }

    /// Starts the thread that wakes subscribers after each publish.
    func start() {
        let waker = Thread { [self] in wakeLoop() }
        waker.name = "hallq-fanout"
        waker.start()
    }

    /// Closes every stream and stops the hub's thread.
    func stop(before deadline: Date) -> Bool {
        let streams = listeners.withLock { l in
            l.stopped = true
            return Array(l.subscribers.values)
        }
        streams.forEach { $0.close() }
        return true
    }
}
