import Foundation

/// When each waiting ticket will be called, worked out once from one state of the hall by one playout (see
/// ``Playout``) and then answered in O(1): the estimate behind every ticket view, live event and board line.
///
/// The hall is played forward until every line's first ``playoutLimit`` places are called (a line no open window
/// serves is never called), at most ``callBudget`` calls. Further back in a line — or in a line still unfinished
/// when the budget ran out, which takes a long first line starving a window's later ones — the line-rate formula of
/// ``WaitEstimator/estimate(position:service:hall:)`` answers instead. A newcomer's wait is that of a normal
/// ticket issued at ``at``: the playout is identical up to the call after which it would be first among its
/// service's normal tickets, and is forked there with it added. Cost: O(calls × windows × services) to build, with
/// calls ≤ the budget; nothing of the hall is copied or kept.
public struct WaitForecast: Sendable {
    /// The moment the hall was played forward from.
    public let at: Date
    /// The ``Hall/revision`` of the hall it was worked out from.
    public let revision: Int
    public let playoutLimit: Int
    /// The most calls one playout may take.
    public let callBudget: Int
    /// Calls the playout took (newcomers' forks not counted): what building it cost.
    public let calls: Int
    /// When each ticket within the first places of a line was called in the playout.
    private let calledAt: [TicketID: Date]
    /// Whether the budget ran out before every first place of a line that is served was called.
    private let cutShort: Bool
    /// Services some open window serves, and the open windows (whose named transfers are called).
    private let servedServices: Set<String>
    private let callingWindows: Set<Int>
    /// Tickets per second each service's line drains at (``WaitEstimator/drainRate(_:hall:)``), where above zero.
    private let rates: [String: Double]
    private let newcomers: [String: Newcomer]

    /// What a newcomer to a service can expect.
    private enum Newcomer: Sendable {
        case called(Date)
        case lineRate(place: Int)
        case never
    }

    /// Plays `hall` forward from `now` with `estimator`'s means and walk time; with `newcomers`, also a newcomer's
    /// wait for each service of the configuration.
    public init(hall: Hall, estimator: WaitEstimator, now: Date, newcomers: Bool = true) {
        at = now
        revision = hall.revision
        playoutLimit = estimator.playoutLimit
        callBudget = estimator.playoutCallBudget
        let config = hall.config
        var playout = Playout(hall, now: now, meanService: { estimator.meanServiceSeconds($0, config: config) }, walkSeconds: estimator.walkSeconds)
        let table = hall.tickets
        callingWindows = playout.callingWindows
        let calling = callingWindows
        servedServices = Set(config.windows.filter { calling.contains($0.number) }.flatMap(\.services))
        rates = Dictionary(uniqueKeysWithValues: playout.means.map { ($0.service, estimator.drainRate($0.service, hall: hall)) }).filter {
            $0.value > 0
        }

        // Where each service's newcomer would stand; those within the first places are played in a fork.
        var forkAfter: [String: (key: LineKey, normalsAhead: Int, place: Int)] = [:]
        var outcome: [String: Newcomer] = [:]
        for service in newcomers ? config.services.map(\.code) : [] {
            var random = SplitMix64(seed: 1)
            guard let ticket = try? hall.ticketToIssue(TicketRequest(service: service), now: now, random: &random) else { continue }
            let key = LineKey(ticket)
            let ahead = table.normalLines[service]?.index(of: key) ?? 0
            let place = (table.priorityLines[service]?.count ?? 0) + ahead + 1
            if place > playoutLimit {
                outcome[service] = .lineRate(place: place)
            } else if !servedServices.contains(service) {
                outcome[service] = .never
            } else {
                forkAfter[service] = (key, ahead, place)
            }
        }

        var needed = 0
        for service in Set(table.priorityLines.keys).union(table.normalLines.keys) where servedServices.contains(service) {
            needed += min(playoutLimit, table.lineLength(service))
        }
        for (window, line) in table.pinnedLines where calling.contains(window) { needed += min(playoutLimit, line.count) }

        // The newcomer changes nothing until it is first among its service's normal tickets (only then can it be a
        // head, or make a priority call count towards the streak): the playout is forked at that moment.
        var forks: [String: Playout] = [:]
        func forkWhereDue(in service: String?) {
            for (s, fork) in forkAfter where forks[s] == nil && (service ?? s) == s && playout.lines.normalCalled(in: s) == fork.normalsAhead {
                forks[s] = playout
            }
        }
        forkWhereDue(in: nil)
        var calledAt: [TicketID: Date] = [:]
        while calledAt.count < needed, playout.calls < callBudget, let call = playout.next() {
            if call.place >= 1 && call.place <= playoutLimit { calledAt[call.key.id] = call.at }
            if !call.key.isPriority && call.key.pinnedWindow == nil { forkWhereDue(in: call.key.service) }
        }
        self.calledAt = calledAt
        calls = playout.calls
        cutShort = calledAt.count < needed
        for (service, fork) in forkAfter {
            if let start = forks[service] {
                outcome[service] = Self.play(start, joinedBy: fork.key, place: fork.place, budget: callBudget)
            } else {
                outcome[service] = .lineRate(place: fork.place)  // the budget ran out before the newcomer's turn came near
            }
        }
        self.newcomers = outcome
    }

    /// Plays a fork with `newcomer` first among its service's normal tickets until it is called.
    private static func play(_ fork: Playout, joinedBy newcomer: LineKey, place: Int, budget: Int) -> Newcomer {
        var playout = fork
        playout.lines.newcomer = newcomer
        while playout.calls < budget {
            guard let call = playout.next() else { return .never }
            if call.key == newcomer { return .called(call.at) }
        }
        return .lineRate(place: place)
    }

    /// Seconds from `now` until the waiting `ticket`, at `position` in its line (1 = next), is called; nil when no
    /// open window will call it.
    public func secondsUntilCalled(_ ticket: Ticket, position: Int, now: Date) -> Double? {
        guard position <= playoutLimit else { return lineRateSeconds(position: position, service: ticket.service) }
        if let called = calledAt[ticket.id] { return max(0, called.timeIntervalSince(now)) }
        let served = ticket.pinnedWindow.map { callingWindows.contains($0) } ?? servedServices.contains(ticket.service)
        return cutShort && served ? lineRateSeconds(position: position, service: ticket.service) : nil
    }

    /// Seconds from `now` until a normal ticket taken now for `service` would be called; nil when no open window
    /// serves it or the service is unknown.
    public func newcomerSeconds(_ service: String, now: Date) -> Double? {
        switch newcomers[service] {
        case .called(let at): max(0, at.timeIntervalSince(now))
        case .lineRate(let place): lineRateSeconds(position: place, service: service)
        case .never, nil: nil
        }
    }

    /// The line-rate formula: place `position` waits (position − ½) ÷ the rate its line drains at.
    public func lineRateSeconds(position: Int, service: String) -> Double? {
        rates[service].flatMap { WaitEstimator.lineRateSeconds(position: position, rate: $0) }
    }
}
