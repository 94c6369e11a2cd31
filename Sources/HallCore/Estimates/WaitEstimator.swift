import Foundation

/// Estimates how long a waiting ticket will wait before it is called.
///
/// Method: waits are found by playing the hall forward (``WaitForecast``) with the real calling policy; each
/// service's mean service time is an exponentially weighted mean of today's finished tickets
/// (weight `alpha` on the newest), falling back to the historical mean, then to the configured typical minutes.
/// A service's line drains at the rate its open windows give it: a window whose first service it is gives it
/// its full time; a window that serves it further down its list gives it only the share left when its earlier
/// lines are empty (estimated as half). Far back in a long line (past ``playoutLimit``) the wait for place `p` is
/// `(p - ½) / rate`.
public struct WaitEstimator: Sendable, Equatable {
    /// Weight of the newest observation in the running mean.
    public var alpha: Double = 0.2
    /// Mean service seconds per service, from today's work.
    public private(set) var todayMean: [String: Double] = [:]
    /// Mean service seconds per service from history (recent weeks).
    public var historicalMean: [String: Double] = [:]
    /// Running mean of the walk from the call to the start of service.
    public private(set) var walkSeconds: Double = 60
    /// Longest line played forward ticket by ticket; further back the line-rate formula answers.
    public var playoutLimit = 120
    /// The most calls one playout takes (see ``WaitForecast``): it bounds the cost when a long first line starves
    /// a window's later lines; tickets not reached by then get the line-rate formula too.
    public var playoutCallBudget = 12_000

    public init(historicalMean: [String: Double] = [:]) { self.historicalMean = historicalMean }

    /// Takes a finished ticket's service time into today's mean.
    public mutating func observe(service: String, seconds: Double) {
        guard seconds > 0 else { return }
        todayMean[service] = todayMean[service].map { (1 - alpha) * $0 + alpha * seconds } ?? seconds
    }

    /// Learns from a change: a start gives a walk to the window, a finish a service time.
    public mutating func observe(_ event: HallEvent) {
        guard let ticket = event.ticket else { return }
        switch event.kind {
        case .ticketStarted:
            if let called = ticket.calledAt, let started = ticket.startedAt { observe(walk: started.timeIntervalSince(called)) }
        case .ticketFinished:
            if let seconds = ticket.serviceSeconds { observe(service: ticket.service, seconds: seconds) }
        default: break
        }
    }

    /// Takes a call-to-start time (the walk to the window) into its running mean.
    public mutating func observe(walk seconds: Double) {
        guard seconds >= 0, seconds < 1800 else { return }
        walkSeconds = (1 - alpha) * walkSeconds + alpha * seconds
    }

    /// Seconds until the waiting `ticket` is called: the hall played forward (see ``WaitForecast``) for the first
    /// ``playoutLimit`` places, the line-rate formula further back; nil when no open window serves its line.
    /// Plays the whole hall for one answer: to ask about many tickets of one hall, keep a ``forecast(of:now:)``.
    public func estimate(for ticket: Ticket, position: Int, hall: Hall, now: Date) -> Double? {
        guard position <= playoutLimit else { return estimate(position: position, service: ticket.service, hall: hall) }
        return WaitForecast(hall: hall, estimator: self, now: now, newcomers: false).secondsUntilCalled(ticket, position: position, now: now)
    }

    /// Every wait in `hall` from `now`, worked out once.
    public func forecast(of hall: Hall, now: Date) -> WaitForecast { WaitForecast(hall: hall, estimator: self, now: now) }

    /// Forgets today's means (at the start of a hall day).
    public mutating func resetToday() { todayMean = [:] }

    /// Mean service seconds for a service: today, else history, else the configured typical time.
    public func meanServiceSeconds(_ service: String, config: HallConfig) -> Double {
        todayMean[service] ?? historicalMean[service] ?? (config.service(service)?.typicalMinutes ?? 8) * 60
    }

    /// Tickets per second the open windows take from a service's line.
    public func drainRate(_ service: String, hall: Hall) -> Double {
        var rate = 0.0
        for window in hall.config.windows {
            guard hall.windows[window.number]?.status == .open, let rank = window.services.firstIndex(of: service) else { continue }
            let share = rank == 0 ? 1.0 : 0.5 / Double(rank)
            rate += share / meanServiceSeconds(service, config: hall.config)
        }
        return rate
    }

    /// Seconds a ticket at `position` (1 = next) in `service`'s line should expect to wait; nil when no open window serves it.
    public func estimate(position: Int, service: String, hall: Hall) -> Double? {
        Self.lineRateSeconds(position: position, rate: drainRate(service, hall: hall))
    }

    /// The line-rate formula: place `position` waits `(position - ½) / rate`; nil when the line does not drain.
    static func lineRateSeconds(position: Int, rate: Double) -> Double? {
        rate > 0 ? (Double(position) - 0.5) / rate : nil
    }

    /// The naive estimate: people ahead × mean service time ÷ open windows (the baseline to beat).
    public static func naive(position: Int, meanServiceSeconds: Double, openWindows: Int) -> Double? {
        guard openWindows > 0 else { return nil }
        return Double(position - 1) * meanServiceSeconds / Double(openWindows)
    }
}
