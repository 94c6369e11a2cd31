import Foundation
import HTTPServer
import HallCore
import HallStore
import Locking

/// The one owner of the live hall. A change is applied to the pending hall (the current one plus changes still
/// being committed), committed to SQLite, and only then made current, published and answered, so a reply never
/// reports a change that a crash could lose and screens see changes in journal order.
///
/// With group commit (the default) changes that arrive while a commit is in flight are gathered and committed
/// together in the next transaction by a committer thread; each request still waits for its own change to be
/// durable. One fsync then serves many requests, which is what lifts the hall's write rate above the disk's
/// commit rate. If a commit fails, its changes and every change built on them are refused (nothing half-done).
public final class HallService: Sendable {
    /// The live hall, under the hall's lock: the outermost in the daemon (see ``LockOrder``).
    private struct Live {
        /// Committed and published: what reads see.
        var hall: Hall
        /// `hall` plus the changes queued or being committed: what the next change builds on.
        var pending: Hall
        var queued = Batch()
        var committing = false
        var stopped = false
    }
    private let live: Locked<Live>
    public let store: HallStore
    public let clock: @Sendable () -> Date
    public let events: EventHub
    public let estimator: WaitEstimatorService
    /// Where commits note their progress, for the watchdog.
    public let activity: ActivityMonitor
    /// Commit sizes and times, tickets per service.
    let metrics: HallMetrics?
    /// Whether changes are committed in groups by the committer thread (false: each under the lock, one by one).
    public let groupCommit: Bool
    /// Parts that follow committed changes besides the screens (the boards' voice, taxpayers' reminders).
    let observers: [any HallObserver]

    /// Changes committed in one transaction, and how it went (read and written under the hall's lock only).
    private final class Batch {
        var events: [HallEvent] = []
        var hallAfter: Hall?
        var outcome: Result<Void, any Error>?
        /// Callers that did not wait: told the outcome after the commit, with no lock held.
        var completions: [@Sendable (Result<Void, any Error>) -> Void] = []
    }

    public init(
        config: HallConfig, store: HallStore, clock: @escaping @Sendable () -> Date = { Date() }, groupCommit: Bool = true,
        streamLimits: StreamLimits = StreamLimits(), activity: ActivityMonitor = ActivityMonitor(), metrics: HallMetrics? = nil,
        observers: [any HallObserver] = []
    ) throws {
        self.store = store
        self.clock = clock
        self.groupCommit = groupCommit
        self.activity = activity
        self.metrics = metrics
        self.observers = observers
        let hall = try store.loadHall(config: config, now: clock())
        for observer in observers { try observer.loaded(hall) }
        // Two separately owned copies: `pending` is changed in place, `hall` follows it from committed events.
        var pending = hall
        pending.reconfigure(config)
        live = Locked(Live(hall: hall, pending: pending))
        let estimator = WaitEstimatorService(store: store, calendar: HallCalendar(timeZone: config.timeZone), clock: clock)
        self.estimator = estimator
        try estimator.warmUp(config: config, now: clock())
        self.events = EventHub(lastSeq: try store.lastEventSeq(), limits: streamLimits, metrics: metrics) { change, hall in
            EventRendering.render(change, hall: hall, estimator: estimator, store: store)
        }
    }

    /// The configuration in force.
    public var config: HallConfig { read { $0.config } }

    /// Runs `body` on the pending hall; once its events are committed, makes the result current, publishes it and returns.
    ///
    /// The pending hall is changed in place (copying a hall of thousands of tickets per change would cap the write
    /// rate), so `body` must check before it changes anything and throw only before — as the domain's actions do.
    @discardableResult
    public func change<T>(_ body: (inout Hall, Date) throws -> (T, [HallEvent])) throws -> T {
        let (outcome, batch) = try live.withLock { live -> (Result<T, any Error>, Batch?) in
            let (outcome, changes) = apply(body, to: &live)
            guard !changes.isEmpty else { return (outcome, nil) }
            guard groupCommit else {
                try commitAlone(changes, &live)
                return (outcome, nil)
            }
            live.queued.events += changes
            return (outcome, live.queued)
        }
        if let batch {
            let durable = live.withLock(when: { _ in batch.outcome != nil }) { _ in batch.outcome! }
            try durable.get()
        }
        return try outcome.get()
    }

    /// Like ``change(_:)``, but returns at once: `completion` gets the result once the change is durable and published
    /// (or refused), on another thread and with no lock held, so a request's worker is free while its change commits.
    public func change<T: Sendable>(
        _ body: (inout Hall, Date) throws -> (T, [HallEvent]), completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        let done = live.withLock { live -> Result<T, any Error>? in
            let (outcome, changes) = apply(body, to: &live)
            guard !changes.isEmpty else { return outcome }
            guard groupCommit else { return Result { try commitAlone(changes, &live) }.flatMap { outcome } }
            live.queued.events += changes
            live.queued.completions.append { durable in completion(durable.flatMap { outcome }) }
            return nil
        }
        if let done { completion(done) }
    }

    /// Applies `body` to the pending hall, after closing yesterday's leftovers (whether or not `body` then succeeds).
    private func apply<T>(_ body: (inout Hall, Date) throws -> (T, [HallEvent]), to live: inout Live) -> (Result<T, any Error>, [HallEvent]) {
        let now = clock()
        var changes = live.pending.closeEarlierDays(now: now)
        do {
            let (result, events) = try body(&live.pending, now)
            return (.success(result), changes + events)
        } catch {
            return (.failure(error), changes)
        }
    }

    /// Without group commit: commits changes already applied to `pending` under the lock, one transaction each; on
    /// failure `pending` is back to what is durable.
    private func commitAlone(_ changes: [HallEvent], _ live: inout Live) throws {
        let step = activity.begin("commit of \(changes.count) changes")
        defer { activity.end(step) }
        do {
            let started = DispatchTime.now()
            let journaled = try store.append(changes, hall: live.pending)
            metrics?.committed(changes, seconds: Self.seconds(since: started))
            live.hall.apply(changes, bookkeepingOf: live.pending)
            made(current: live.hall, changes: changes, journaled: journaled)
        } catch {
            live.pending = live.hall
            throw error
        }
    }

    /// The committer thread: takes whatever has queued, commits it in one transaction, then makes it current.
    private func commitLoop() {
        while true {
            let next = live.withLock(when: { !$0.queued.events.isEmpty || $0.stopped }) { live -> Batch? in
                guard !live.queued.events.isEmpty else { return nil }
                let batch = live.queued
                live.queued = Batch()
                // Every queued change is already in `pending`, and nothing else is. Only its bookkeeping is taken along:
                // holding `pending` itself would make the next change copy every ticket.
                batch.hallAfter = live.pending.bookkeeping()
                live.committing = true
                return batch
            }
            guard let batch = next else { return }
            let step = activity.begin("commit of \(batch.events.count) changes")
            let started = DispatchTime.now()
            let outcome = Result { try store.append(batch.events, hall: batch.hallAfter!) }
            if case .success = outcome { metrics?.committed(batch.events, seconds: Self.seconds(since: started)) }
            let told = live.withLock { live -> [@Sendable (Result<Void, any Error>) -> Void] in
                live.committing = false
                var told = batch.completions
                switch outcome {
                case .success(let journaled):
                    // Brought up to date from the events, so the published hall and the pending one never share storage.
                    live.hall.apply(batch.events, bookkeepingOf: batch.hallAfter!)
                    // A manager's new thresholds may have come in while this batch was being committed.
                    if live.hall.config != live.pending.config { live.hall.reconfigure(live.pending.config) }
                    made(current: live.hall, changes: batch.events, journaled: journaled)
                    batch.outcome = .success(())
                case .failure(let error):
                    // Everything queued since was built on the refused changes: refuse it too and start again from what is durable.
                    live.pending = live.hall
                    live.pending.reconfigure(live.hall.config)
                    batch.outcome = .failure(error)
                    if !live.queued.events.isEmpty {
                        live.queued.outcome = .failure(error)
                        told += live.queued.completions
                        live.queued = Batch()
                    }
                }
                return told
            }
            activity.end(step)
            // Replies are written on other threads, in two halves for two cores, so the next batch need not wait for them.
            let result = outcome.map { _ in () }
            let half = (told.count + 1) / 2
            for part in [told.prefix(half), told.dropFirst(half)] where !part.isEmpty {
                Self.replies.async { part.forEach { $0(result) } }
            }
        }
    }

    static func seconds(since start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

    /// Where the outcomes of commits are handed to callers that did not wait (both cores may write replies).
    private static let replies = DispatchQueue(label: "hallq.replies", attributes: .concurrent)

    /// Feeds the estimator and the screens with committed changes (under the lock, so in journal order). Neither
    /// calls back into the service: the hub only renders and appends, and wakes screens on its own thread.
    private func made(current: Hall, changes: [HallEvent], journaled: [JournaledEvent]) {
        estimator.record(changes)
        let committed = zip(journaled, changes).map { JournaledHallEvent(journal: $0, event: $1) }
        events.publish(committed, hall: current)
        for observer in observers { observer.committed(committed, hall: current) }
    }

    /// Journals changes that carry no hall state (ratings, alerts): `body` writes them to the store in its own
    /// transaction and returns the journal rows it added, which are then published. It waits for any commit in
    /// flight, so screens always receive the journal in order.
    @discardableResult
    public func record<T>(_ body: (Hall, Date) throws -> (T, [JournaledEvent])) throws -> T {
        try live.withLock(when: { !$0.committing && $0.queued.events.isEmpty }) { live in
            let step = activity.begin("record")
            defer { activity.end(step) }
            let (result, rows) = try body(live.hall, clock())
            if !rows.isEmpty { events.publish(rows.map { JournaledHallEvent(journal: $0, event: nil) }, hall: live.hall) }
            return result
        }
    }

    /// Issues a ticket, with a random id and secret.
    public func issue(_ request: TicketRequest) throws -> Ticket {
        try change { hall, now in
            var random = SystemRandomNumberGenerator()
            return try hall.issue(request, now: now, random: &random)
        }
    }

    /// Issues a ticket without waiting: `completion` gets it once it is durable.
    public func issue(_ request: TicketRequest, completion: @escaping @Sendable (Result<Ticket, any Error>) -> Void) {
        change(
            { hall, now in
                var random = SystemRandomNumberGenerator()
                return try hall.issue(request, now: now, random: &random)
            }, completion: completion)
    }

    /// Reads the live (committed) hall under the lock.
    public func read<T>(_ body: (Hall) throws -> T) rethrows -> T { try live.read { try body($0.hall) } }

    /// Replaces the configuration (thresholds edited by a manager), keeping the live state.
    public func reconfigure(_ config: HallConfig) {
        live.withLock {
            $0.hall.reconfigure(config)
            $0.pending.reconfigure(config)
        }
    }

    /// Changes part of the configuration in force (e.g. the users, when the config file changed), reading and
    /// writing it under the lock so that concurrent changes of other parts are not lost.
    public func updateConfig(_ body: (inout HallConfig) -> Void) {
        live.withLock { live in
            var config = live.pending.config
            body(&config)
            guard config != live.pending.config else { return }
            live.hall.reconfigure(config)
            live.pending.reconfigure(config)
        }
    }

    /// A ticket from the live hall, or from the store once its life has ended.
    public func ticket(_ id: TicketID) throws -> Ticket? {
        if let live = read({ $0.ticket(id) }) { return live }
        return try store.ticket(id)
    }
}

/// Follows the hall's committed changes, like the screens do, to act on them on a thread of its own.
public protocol HallObserver: AnyObject, Sendable {
    /// The hall as loaded when the daemon starts, before any change.
    func loaded(_ hall: Hall) throws
    /// Changes just committed, in journal order, with the hall after them. Called under the hall's lock: note what
    /// is needed (under a leaf lock of one's own) and return; no I/O, no waiting, no call back into the service.
    func committed(_ events: [JournaledHallEvent], hall: Hall)
}

extension HallService: DaemonPart {
    var partName: String { "hall" }

    /// Starts the committer (with group commit) and closes what earlier hall days left open.
    func start() throws {
        if groupCommit {
            let committer = Thread { [self] in commitLoop() }
            committer.name = "hallq-commit"
            committer.start()
        }
        _ = try change { hall, now in ((), hall.closeEarlierDays(now: now)) }
    }

    /// Stops the committer once what is queued is committed (waiting at most until `deadline`).
    func stop(before deadline: Date) -> Bool {
        live.withLock { $0.stopped = true }
        guard groupCommit else { return true }
        return live.withLock(when: { $0.queued.events.isEmpty && !$0.committing }, until: deadline) { _ in true } ?? false
    }
}
