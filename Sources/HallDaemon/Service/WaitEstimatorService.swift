import Foundation
import HallCore
import HallStore

/// Keeps the ``WaitEstimator`` fed with finished tickets; thread-safe.
public final class WaitEstimatorService: @unchecked Sendable {
    private let lock = NSLock()
    private var estimator = WaitEstimator()
    private var day = ""
    private let store: HallStore
    private let calendar: HallCalendar
    private let clock: @Sendable () -> Date

    init(store: HallStore, calendar: HallCalendar, clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.calendar = calendar
        self.clock = clock
    }

    /// Learns history (last 28 days) and replays today's finished tickets into the running means.
    func warmUp(config: HallConfig, now: Date) throws {
        let today = calendar.startOfDay(now)
        let history = try store.tickets(issuedFrom: calendar.adding(days: -28, to: today), to: today)
        var sums: [String: (Double, Int)] = [:]
        for t in history { if let s = t.serviceSeconds { sums[t.service, default: (0, 0)].0 += s; sums[t.service, default: (0, 0)].1 += 1 } }
        lock.withLock {
            estimator.historicalMean = sums.compactMapValues { $0.1 >= 5 ? $0.0 / Double($0.1) : nil }
            day = calendar.day(of: now)
        }
        for t in try store.tickets(onDay: calendar.day(of: now)) where t.serviceSeconds != nil {
            lock.withLock { estimator.observe(service: t.service, seconds: t.serviceSeconds!) }
        }
    }

    /// Learns walks and service times from committed events, starting afresh on each new hall day.
    func record(_ events: [HallEvent]) {
        lock.withLock {
            for event in events {
                if event.kind == .ticketFinished, let ticket = event.ticket, ticket.day != day {
                    estimator.resetToday()
                    day = ticket.day
                }
                estimator.observe(event)
            }
        }
    }

    /// Estimated wait for a waiting ticket in `hall`, in whole seconds (nil when no open window serves its line).
    /// `position` is the ticket's place in line when the caller already has it.
    public func estimate(for ticket: Ticket, position known: Int? = nil, in hall: Hall) -> Int? {
        guard ticket.status.isWaiting, let position = known ?? hall.position(of: ticket.id) else { return nil }
        let current = lock.withLock { estimator }
        if let pinned = ticket.pinnedWindow {
            guard hall.windows[pinned]?.status == .open else { return nil }
            return Int((Double(position - 1) * current.meanServiceSeconds(ticket.service, config: hall.config)).rounded())
        }
        return current.estimate(for: ticket, position: position, hall: hall, now: clock()).map { Int($0.rounded()) }
    }

    /// Estimated wait for a newcomer who would stand at `position` in `service`'s line: a normal ticket is issued
    /// in a copy of the hall and played forward like a real one.
    public func estimate(position: Int, service: String, hall: Hall) -> Int? {
        let current = lock.withLock { estimator }
        let now = clock()
        if position <= current.playoutLimit {
            var copy = hall
            var random = SplitMix64(seed: 1)
            if let (ticket, _) = try? copy.issue(TicketRequest(service: service), now: now, random: &random),
                let place = copy.position(of: ticket.id)
            {
                return current.estimate(for: ticket, position: place, hall: copy, now: now).map { Int($0.rounded()) }
            }
        }
        return current.estimate(position: position, service: service, hall: hall).map { Int($0.rounded()) }
    }

    /// Places in line up to which an estimate plays the hall forward (beyond, the line-rate formula is used).
    public var playoutLimit: Int { lock.withLock { estimator.playoutLimit } }

    /// Mean service seconds in use per service.
    public func means(config: HallConfig) -> [String: Double] {
        let current = lock.withLock { estimator }
        return Dictionary(uniqueKeysWithValues: config.services.map { ($0.code, current.meanServiceSeconds($0.code, config: config)) })
    }
}
