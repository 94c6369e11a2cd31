import Foundation
import HallCore
import HallStore

/// The one owner of the live hall. Every change runs under one lock: applied to a copy, committed to SQLite,
/// and only then made current and published, so a reply never reports a change that a crash could lose and
/// screens see changes in journal order.
public final class HallService: @unchecked Sendable {
    private let lock = NSLock()
    private var hall: Hall
    private var random = SystemRandomNumberGenerator()
    public let store: HallStore
    public let clock: @Sendable () -> Date
    public let events: EventHub
    public let estimator: WaitEstimatorService

    public init(config: HallConfig, store: HallStore, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.store = store
        self.clock = clock
        self.hall = try store.loadHall(config: config, now: clock())
        self.events = EventHub(store: store)
        self.estimator = WaitEstimatorService(store: store, calendar: HallCalendar(timeZone: config.timeZone), clock: clock)
        try estimator.warmUp(config: config, now: clock())
        _ = try change { hall, now in ((), hall.closeEarlierDays(now: now)) }
    }

    /// The configuration in force.
    public var config: HallConfig { read { $0.config } }

    /// Runs `body` on a copy of the hall; commits its events; then makes the copy current and publishes them.
    @discardableResult
    public func change<T>(_ body: (inout Hall, Date) throws -> (T, [HallEvent])) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let now = clock()
        var next = hall
        var dayEnd = next.closeEarlierDays(now: now)
        let (result, events) = try body(&next, now)
        dayEnd += events
        guard !dayEnd.isEmpty else { return result }
        let journaled = try store.append(dayEnd, hall: next)
        hall = next
        estimator.record(dayEnd)
        self.events.publish(zip(journaled, dayEnd).map { JournaledHallEvent(journal: $0, event: $1) }, hall: next, now: now)
        return result
    }

    /// Journals changes that carry no hall state (ratings, alerts): `body` writes them to the store in its own
    /// transaction and returns the journal rows it added, which are then published. It runs under the same lock as
    /// hall changes, so screens always receive the journal in order.
    @discardableResult
    public func record<T>(_ body: (Hall, Date) throws -> (T, [JournaledEvent])) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let now = clock()
        let (result, rows) = try body(hall, now)
        if !rows.isEmpty { events.publish(rows.map { JournaledHallEvent(journal: $0, event: nil) }, hall: hall, now: now) }
        return result
    }

    /// Issues a ticket, with a random id and secret.
    public func issue(_ request: TicketRequest) throws -> Ticket {
        try change { hall, now in try hall.issue(request, now: now, random: &random) }
    }

    /// Reads the live hall under the lock.
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
    }

    /// A ticket from the live hall, or from the store once its life has ended.
    public func ticket(_ id: TicketID) throws -> Ticket? {
        if let live = read({ $0.ticket(id) }) { return live }
        return try store.ticket(id)
    }
}
