import Foundation

/// The hall played forward from a moment, one call at a time, as ``WaitForecast`` does it: every open window
/// finishes what it holds (mean service times and walks), then calls what ``CallPolicy`` gives it — streaks and
/// fairness included — and is free again after the walk and its ticket's mean service time. Nobody new arrives and
/// windows keep their status, so a window that finds nobody for it is done. A value: copying it forks the playout.
struct Playout {
    let policy: CallPolicy
    let walkSeconds: Double
    /// Mean service seconds of every service a ticket in the lines waits for (a handful: found by comparing).
    let means: [(service: String, seconds: Double)]
    var lines: PlayoutLines
    var streaks: [String: Int]
    /// Windows still calling, and when each is next free.
    private(set) var free: [(window: WindowConfig, at: Date)]
    /// Calls played so far.
    private(set) var calls = 0

    /// The playout of `hall` from `now`.
    init(_ hall: Hall, now: Date, meanService: (String) -> Double, walkSeconds: Double) {
        policy = hall.policy
        self.walkSeconds = walkSeconds
        lines = PlayoutLines(hall.tickets)
        streaks = hall.priorityStreaks
        var free: [(window: WindowConfig, at: Date)] = []
        for (number, window) in hall.windows where window.status == .open {
            guard let config = hall.config.window(number) else { continue }
            guard let ticket = window.ticket.flatMap({ hall.ticket($0) }) else {
                free.append((config, now))
                continue
            }
            let mean = meanService(ticket.service)
            let expected: Date =
                if let started = ticket.startedAt { started + mean } else { (ticket.calledAt ?? now) + walkSeconds + mean }
            // A ticket already past its expected end is taken to need a little longer still.
            free.append((config, max(expected, now + 0.25 * mean)))
        }
        self.free = free
        var services = Set(hall.tickets.priorityLines.keys).union(hall.tickets.normalLines.keys)
        for line in hall.tickets.pinnedLines.values {
            for i in 0..<line.count { services.insert(line[i].service) }
        }
        means = services.union(hall.config.services.map(\.code)).sorted().map { ($0, meanService($0)) }
    }

    /// Windows calling when the playout began.
    var callingWindows: Set<Int> { Set(free.map(\.window.number)) }

    /// The next call: the window free first (the lower number on a tie) calls by the policy; nil when no window
    /// will ever call again. `place` is the called ticket's place in line when the playout began (0 for a newcomer).
    mutating func next() -> (key: LineKey, place: Int, at: Date)? {
        while !free.isEmpty {
            var first = 0
            for i in free.indices.dropFirst()
            where free[i].at < free[first].at || (free[i].at == free[first].at && free[i].window.number < free[first].window.number) {
                first = i
            }
            let (window, at) = free[first]
            guard let key = policy.nextTicket(for: window, in: lines, streaks: streaks, now: at) else {
                free.remove(at: first)
                continue
            }
            if key.pinnedWindow == nil {
                streaks[key.service] = policy.streak(after: key, previous: streaks[key.service, default: 0], in: lines)
            }
            let place = lines.take(key)
            free[first].at = at + walkSeconds + mean(key.service)
            calls += 1
            return (key, place, at)
        }
        return nil
    }

    /// The mean service seconds of `service`.
    func mean(_ service: String) -> Double { means.first { $0.service == service }?.seconds ?? 0 }
}
