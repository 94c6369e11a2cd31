import Foundation
import HTTPServer
import HallCore
import HallStore

/// The one owner of the live hall. A change is applied to the pending hall (the current one plus changes still
/// being committed), committed to SQLite, and only then made current, published and answered, so a reply never
/// reports a change that a crash could lose and screens see changes in journal order.
///
/// With group commit (the default) changes that arrive while a commit is in flight are gathered and committed
/// together in the next transaction by a committer thread; each request still waits for its own change to be
/// durable. One fsync then serves many requests, which is what lifts the hall's write rate above the disk's
/// commit rate. If a commit fails, its changes and every change built on them are refused (nothing half-done).
public final class HallService: @unchecked Sendable {
    /// The hall's lock: the outermost in the daemon (see ``LockOrder``). Guards every `var` below.
    private let lock = NSCondition()
    /// Committed and published: what reads see.
    private var hall: Hall
    /// `hall` plus the changes queued or being committed: what the next change builds on.
    private var pending: Hall
    private var queued = Batch()
    private var committing = false
    private var stopped = false
    private var random = SystemRandomNumberGenerator()
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

    /// Changes committed in one transaction, and how it went.
    private final class Batch {
        var events: [HallEvent] = []
        var hallAfter: Hall?
        var outcome: Result<Void, any Error>?
        /// Callers that did not wait: told the outcome after the commit, with no lock held.
        var completions: [@Sendable (Result<Void, any Error>) -> Void] = []
    }

    public init(
        config: HallConfig, store: HallStore, clock: @escaping @Sendable () -> Date = { Date() }, groupCommit: Bool = true,
        streamLimits: StreamLimits = StreamLimits(), activity: ActivityMonitor = ActivityMonitor(), metrics: HallMetrics? = nil
    ) throws {
        self.store = store
        self.clock = clock
        self.groupCommit = groupCommit
        self.activity = activity
        self.metrics = metrics
        self.hall = try store.loadHall(config: config, now: clock())
        // Two separately owned copies: `pending` is changed in place, `hall` follows it from committed events.
        self.pending = hall
        self.pending.reconfigure(config)
        let estimator = WaitEstimatorService(store: store, calendar: HallCalendar(timeZone: config.timeZone), clock: clock)
        self.estimator = estimator
        try estimator.warmUp(config: config, now: clock())
        self.events = EventHub(lastSeq: try store.lastEventSeq(), limits: streamLimits, metrics: metrics) { change, hall in
            EventRendering.render(change, hall: hall, estimator: estimator, store: store)
        }
        if groupCommit {
            let committer = Thread { [unowned self] in commitLoop() }
            committer.name = "hallq-commit"
            committer.start()
        }
        _ = try change { hall, now in ((), hall.closeEarlierDays(now: now)) }
    }

    /// Stops the committer thread once what is queued is committed (at shutdown).
    public func stop() {
        lock.withLock {
            stopped = true
            lock.broadcast()
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
        lock.lock()
        defer { lock.unlock() }
        let now = clock()
        // Yesterday's leftovers are cancelled before anything else, whether or not `body` then succeeds.
        var changes = pending.closeEarlierDays(now: now)
        var outcome: Result<T, any Error>
        do {
            let (result, events) = try body(&pending, now)
            changes += events
            outcome = .success(result)
        } catch {
            outcome = .failure(error)
        }
        if !changes.isEmpty { try makeDurable(changes, now: now) }
        return try outcome.get()
    }

    /// Like ``change(_:)``, but returns at once: `completion` gets the result once the change is durable and published
    /// (or refused), on another thread and with no lock held, so a request's worker is free while its change commits.
    public func change<T: Sendable>(
        _ body: (inout Hall, Date) throws -> (T, [HallEvent]), completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        lock.lock()
        let now = clock()
        var changes = pending.closeEarlierDays(now: now)
        let outcome: Result<T, any Error>
        do {
            let (result, events) = try body(&pending, now)
            changes += events
            outcome = .success(result)
        } catch {
            outcome = .failure(error)
        }
        guard !changes.isEmpty, groupCommit else {
            let durable = Result { if !changes.isEmpty { try makeDurable(changes, now: now) } }
            lock.unlock()
            completion(durable.flatMap { outcome })
            return
        }
        queued.events += changes
        queued.completions.append { durable in completion(durable.flatMap { outcome }) }
        lock.broadcast()
        lock.unlock()
    }

    /// Commits changes already applied to `pending` (alone, or with others that queue meanwhile) and waits until
    /// they are durable and published; on failure `pending` is back to what is durable.
    private func makeDurable(_ changes: [HallEvent], now: Date) throws {
        guard groupCommit else {
            let step = activity.begin("commit of \(changes.count) changes")
            defer { activity.end(step) }
            do {
                let started = DispatchTime.now()
                let journaled = try store.append(changes, hall: pending)
                metrics?.committed(changes, seconds: Self.seconds(since: started))
                hall.apply(changes, bookkeepingOf: pending)
                made(current: hall, changes: changes, journaled: journaled)
            } catch {
                pending = hall
                throw error
            }
            return
        }
        let batch = queued
        batch.events += changes
        lock.broadcast()
        while batch.outcome == nil { lock.wait() }
        if case .failure(let error) = batch.outcome! { throw error }
    }

    /// The committer thread: takes whatever has queued, commits it in one transaction, then makes it current.
    private func commitLoop() {
        lock.lock()
        defer { lock.unlock() }
        while true {
            while queued.events.isEmpty && !stopped { lock.wait() }
            if queued.events.isEmpty && stopped { return }
            let batch = queued
            queued = Batch()
            // Every queued change is already in `pending`, and nothing else is. Only its bookkeeping is taken along:
            // holding `pending` itself would make the next change copy every ticket.
            batch.hallAfter = pending.bookkeeping()
            committing = true
            let step = activity.begin("commit of \(batch.events.count) changes")
            defer { activity.end(step) }
            lock.unlock()
            let started = DispatchTime.now()
            let outcome = Result { try store.append(batch.events, hall: batch.hallAfter!) }
            if case .success = outcome { metrics?.committed(batch.events, seconds: Self.seconds(since: started)) }
            lock.lock()
            committing = false
            var told = batch.completions
            switch outcome {
            case .success(let journaled):
                // Brought up to date from the events, so the published hall and the pending one never share storage.
                hall.apply(batch.events, bookkeepingOf: batch.hallAfter!)
                // A manager's new thresholds may have come in while this batch was being committed.
                if hall.config != pending.config { hall.reconfigure(pending.config) }
                made(current: hall, changes: batch.events, journaled: journaled)
                batch.outcome = .success(())
            case .failure(let error):
                // Everything queued since was built on the refused changes: refuse it too and start again from what is durable.
                pending = hall
                pending.reconfigure(hall.config)
                batch.outcome = .failure(error)
                if !queued.events.isEmpty {
                    queued.outcome = .failure(error)
                    told += queued.completions
                    queued = Batch()
                }
            }
            lock.broadcast()
            // Replies are written on other threads, in two halves for two cores, so the next batch need not wait for them.
            let result = batch.outcome!
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
        events.publish(zip(journaled, changes).map { JournaledHallEvent(journal: $0, event: $1) }, hall: current)
    }

    /// Journals changes that carry no hall state (ratings, alerts): `body` writes them to the store in its own
    /// transaction and returns the journal rows it added, which are then published. It waits for any commit in
    /// flight, so screens always receive the journal in order.
    @discardableResult
    public func record<T>(_ body: (Hall, Date) throws -> (T, [JournaledEvent])) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        while committing || !queued.events.isEmpty { lock.wait() }
        let step = activity.begin("record")
        defer { activity.end(step) }
        let now = clock()
        let (result, rows) = try body(hall, now)
        if !rows.isEmpty { events.publish(rows.map { JournaledHallEvent(journal: $0, event: nil) }, hall: hall) }
        return result
    }

    /// Issues a ticket, with a random id and secret.
    public func issue(_ request: TicketRequest) throws -> Ticket {
        try change { hall, now in try hall.issue(request, now: now, random: &random) }
    }

    /// Issues a ticket without waiting: `completion` gets it once it is durable.
    public func issue(_ request: TicketRequest, completion: @escaping @Sendable (Result<Ticket, any Error>) -> Void) {
        change({ hall, now in try hall.issue(request, now: now, random: &random) }, completion: completion)
    }

    /// Reads the live (committed) hall under the lock.
    public func read<T>(_ body: (Hall) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(hall)
    }

    /// Replaces the configuration (thresholds edited by a manager), keeping the live state.
    public func reconfigure(_ config: HallConfig) {
        lock.lock()
        defer { lock.unlock() }
        hall.reconfigure(config)
        pending.reconfigure(config)
    }

    /// Changes part of the configuration in force (e.g. the users, when the config file changed), reading and
    /// writing it under the lock so that concurrent changes of other parts are not lost.
    public func updateConfig(_ body: (inout HallConfig) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        var config = pending.config
        body(&config)
        guard config != pending.config else { return }
        hall.reconfigure(config)
        pending.reconfigure(config)
    }

    /// A ticket from the live hall, or from the store once its life has ended.
    public func ticket(_ id: TicketID) throws -> Ticket? {
        if let live = read({ $0.ticket(id) }) { return live }
        return try store.ticket(id)
    }
}
