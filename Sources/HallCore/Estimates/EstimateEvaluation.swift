import Foundation

/// Scores wait estimators against what really happened, on simulated days: at each ticket's issue it asks both
/// estimators, and when the ticket is first called it compares with the actual wait.
public struct EstimateEvaluation: Sendable {
    /// Absolute errors of one estimator, in seconds.
    public struct Errors: Sendable {
        public var absolute: [Double] = []
        public var count: Int { absolute.count }
        public var mean: Double { absolute.isEmpty ? 0 : absolute.reduce(0, +) / Double(absolute.count) }
        /// The 90th percentile (nearest rank).
        public var p90: Double {
            guard !absolute.isEmpty else { return 0 }
            let sorted = absolute.sorted()
            return sorted[min(sorted.count - 1, Int((0.9 * Double(sorted.count)).rounded(.up)) - 1)]
        }
    }

    public private(set) var ours = Errors()
    public private(set) var naive = Errors()
    public private(set) var days = 0

    /// Simulates `days` hall days ending before `end` with `config` and `seed`, scoring both estimators; `bookingShare`
    /// of the taxpayers come with a booking (their check-ins are scored like any ticket).
    /// History (the fallback for a service's mean) is the mean service time of the earlier simulated days.
    public static func run(
        config: HallConfig, days: Int, seed: UInt64, endingBefore end: Date, bookingShare: Double = 0.04
    ) throws -> EstimateEvaluation {
        var result = EstimateEvaluation()
        let calendar = HallCalendar(timeZone: config.timeZone)
        var sim = HallSimulator(hall: Hall(config: config), random: SplitMix64(seed: seed))
        sim.model.bookingShare = bookingShare
        var history: [String: (sum: Double, count: Int)] = [:]
        final class Day {
            var estimator = WaitEstimator()
            var predicted: [TicketID: (ours: Double, naive: Double)] = [:]
        }
        for offset in stride(from: days, through: 1, by: -1) {
            let today = Day()
            today.estimator.historicalMean = history.compactMapValues { $0.count >= 5 ? $0.sum / Double($0.count) : nil }
            var scored = (ours: [Double](), naive: [Double]())
            sim.observer = { events, hall in
                for event in events {
                    guard let ticket = event.ticket else { continue }
                    switch event.kind {
                    case .ticketIssued:
                        guard let position = hall.position(of: ticket.id),
                            let estimate = today.estimator.estimate(for: ticket, position: position, hall: hall, now: event.at)
                        else { continue }
                        let open = hall.windows.values.filter { $0.status == .open }.count
                        let mean = today.estimator.meanServiceSeconds(ticket.service, config: hall.config)
                        let naive = WaitEstimator.naive(position: position, meanServiceSeconds: mean, openWindows: open) ?? 0
                        today.predicted[ticket.id] = (estimate, naive)
                    case .ticketCalled:
                        guard let guess = today.predicted.removeValue(forKey: ticket.id), let wait = ticket.waitSeconds else { continue }
                        scored.ours.append(abs(guess.ours - wait))
                        scored.naive.append(abs(guess.naive - wait))
                    default: today.estimator.observe(event)
                    }
                }
            }
            let events = try sim.simulateDay(calendar.adding(days: -offset, to: calendar.startOfDay(end)) + 12 * 3600)
            guard !events.isEmpty else { continue }
            result.days += 1
            result.ours.absolute += scored.ours
            result.naive.absolute += scored.naive
            for e in events where e.kind == .ticketFinished {
                guard let t = e.ticket, let s = t.serviceSeconds else { continue }
                history[t.service, default: (0, 0)].sum += s
                history[t.service, default: (0, 0)].count += 1
            }
        }
        return result
    }
}
