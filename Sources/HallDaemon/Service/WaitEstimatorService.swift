import Foundation
import HallCore
import HallStore
import Locking

/// Keeps the ``WaitEstimator`` fed with finished tickets, and the hall's latest ``WaitForecast`` so that estimates
/// cost a look-up, not a playout; thread-safe.
public final class WaitEstimatorService: Sendable {
    private struct Learned {
        var estimator = WaitEstimator()
        var day = ""
        /// The latest forecast, with the estimator it was made with.
        var latest: (forecast: WaitForecast, estimator: WaitEstimator)?
    }
    private let learned = Locked(Learned())
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
        let finishedToday = try store.tickets(onDay: calendar.day(of: now))
        learned.withLock {
            $0.estimator.historicalMean = sums.compactMapValues { $0.1 >= 5 ? $0.0 / Double($0.1) : nil }
            $0.day = calendar.day(of: now)
            for t in finishedToday { if let seconds = t.serviceSeconds { $0.estimator.observe(service: t.service, seconds: seconds) } }
        }
    }

    /// Learns walks and service times from committed events, starting afresh on each new hall day.
    func record(_ events: [HallEvent]) {
        learned.withLock { l in
            for event in events {
                if event.kind == .ticketFinished, let ticket = event.ticket, ticket.day != l.day {
                    l.estimator.resetToday()
                    l.day = ticket.day
                }
                l.estimator.observe(event)
            }
        }
    }

    /// Estimated wait for a waiting ticket in `hall`, in whole seconds (nil when no open window serves its line).
    /// `position` is the ticket's place in line when the caller already has it. O(1) once the hall's forecast is made.
    public func estimate(for ticket: Ticket, position known: Int? = nil, in hall: Hall) -> Int? {
        guard ticket.status.isWaiting, let position = known ?? hall.position(of: ticket.id) else { return nil }
        let current = learned.read { $0.estimator }
        if let pinned = ticket.pinnedWindow {
            guard hall.windows[pinned]?.status == .open else { return nil }
            return Int((Double(position - 1) * current.meanServiceSeconds(ticket.service, config: hall.config)).rounded())
        }
        guard position <= current.playoutLimit else {
            return current.estimate(position: position, service: ticket.service, hall: hall).map { Int($0.rounded()) }
        }
        let (forecast, now) = self.forecast(of: hall)
        return forecast.secondsUntilCalled(ticket, position: position, now: now).map { Int($0.rounded()) }
    }

    /// Estimated wait for a newcomer who would stand at `position` in `service`'s line: a normal ticket taken now,
    /// played forward like a real one (see ``WaitForecast/newcomerSeconds(_:now:)``). O(1) once the hall's forecast is made.
    public func estimate(position: Int, service: String, hall: Hall) -> Int? {
        let current = learned.read { $0.estimator }
        if position <= current.playoutLimit, hall.config.service(service) != nil {
            let (forecast, now) = self.forecast(of: hall)
            return forecast.newcomerSeconds(service, now: now).map { Int($0.rounded()) }
        }
        return current.estimate(position: position, service: service, hall: hall).map { Int($0.rounded()) }
    }

    /// The forecast for `hall` and the time to answer it at: the latest one while it was worked out from this
    /// revision of the hall with the means in use now and is younger than ``forecastLifetime``, else a new one.
    /// (Pass successive states of one hall, the committed one: revisions tell its states apart, not two halls.)
    func forecast(of hall: Hall) -> (WaitForecast, Date) {
        let now = clock()
        let (current, kept) = learned.read { ($0.estimator, $0.latest) }
        if let kept, kept.forecast.revision == hall.revision, kept.estimator == current, now >= kept.forecast.at,
            now.timeIntervalSince(kept.forecast.at) < Self.forecastLifetime
        {
            return (kept.forecast, now)
        }
        let made = current.forecast(of: hall, now: now)
        learned.withLock { l in
            // Readers holding an older copy of the hall must not push out the forecast of a newer one.
            if l.latest.map({ made.revision >= $0.forecast.revision }) ?? true { l.latest = (made, current) }
        }
        return (made, now)
    }

    /// How long a forecast of an unchanged hall is used: service goes on without changes to the hall, so it ages.
    static let forecastLifetime: TimeInterval = 5

    /// Places in line up to which an estimate plays the hall forward (beyond, the line-rate formula is used).
    public var playoutLimit: Int { learned.read { $0.estimator.playoutLimit } }

    /// Mean service seconds in use per service.
    public func means(config: HallConfig) -> [String: Double] {
        let current = learned.read { $0.estimator }
        return Dictionary(uniqueKeysWithValues: config.services.map { ($0.code, current.meanServiceSeconds($0.code, config: config)) })
    }
}
