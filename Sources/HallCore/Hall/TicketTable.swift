import Foundation

/// The live tickets by id, plus each line kept in order as compact place-in-line facts (``LineKey``), so a place in
/// line is a binary search and the next ticket to call is a look at the heads of the lines, not a scan of every
/// ticket.
public struct TicketTable: Sendable, Equatable {
    /// Boxed, so that growing the table moves pointers, not tickets: a dictionary of 98,304 tickets themselves took
    /// 46 ms to grow (under the hall's lock, every request waiting); of boxes, 5 ms.
    private var byID: [TicketID: TicketBox] = [:]
    /// Waiting (or transferred) tickets only.
    private(set) var waiting: [TicketID: LineKey] = [:]
    /// Each service's priority tickets (not sent to a named window), earliest issued first.
    private(set) var priorityLines: [String: OrderedLine] = [:]
    /// Each service's normal tickets (not sent to a named window), earliest issued first.
    private(set) var normalLines: [String: OrderedLine] = [:]
    /// Tickets transferred to a named window, per window, earliest issued first.
    private(set) var pinnedLines: [Int: OrderedLine] = [:]

    public init() {}

    public init(_ tickets: [Ticket]) {
        for t in tickets { self[t.id] = t }
    }

    /// A live ticket; setting nil removes it.
    public subscript(id: TicketID) -> Ticket? {
        get { byID[id]?.ticket }
        set {
            byID[id] = newValue.map(TicketBox.init)
            let key = newValue.flatMap { $0.status.isWaiting ? LineKey($0) : nil }
            let old = waiting[id]
            guard key != old else { return }
            if let old { remove(old) }
            if let key { insert(key) }
            waiting[id] = key
        }
    }

    private mutating func insert(_ key: LineKey) {
        if let w = key.pinnedWindow {
            pinnedLines[w, default: OrderedLine()].insert(key)
        } else if key.isPriority {
            priorityLines[key.service, default: OrderedLine()].insert(key)
        } else {
            normalLines[key.service, default: OrderedLine()].insert(key)
        }
    }

    private mutating func remove(_ key: LineKey) {
        if let w = key.pinnedWindow {
            pinnedLines[w]?.remove(key)
        } else if key.isPriority {
            priorityLines[key.service]?.remove(key)
        } else {
            normalLines[key.service]?.remove(key)
        }
    }

    /// Every live ticket, in no particular order.
    public var values: some Collection<Ticket> { byID.values.lazy.map(\.ticket) }
    public var count: Int { byID.count }
    public var isEmpty: Bool { byID.isEmpty }

    /// How many tickets wait in all lines (those transferred to a named window included).
    public var waitingCount: Int { waiting.count }

    /// How many tickets wait per service they wait for (those transferred to a named window included); services
    /// nobody waits for may be missing. Costs the services and the named transfers, not the tickets.
    public var waitingCountsByService: [String: Int] {
        var counts: [String: Int] = [:]
        for (service, line) in priorityLines where !line.isEmpty { counts[service, default: 0] += line.count }
        for (service, line) in normalLines where !line.isEmpty { counts[service, default: 0] += line.count }
        for line in pinnedLines.values {
            for i in 0..<line.count { counts[line[i].service, default: 0] += 1 }
        }
        return counts
    }

    /// Waiting tickets, in no particular order (a copy of every one: not for anything done per request).
    public var waitingTickets: [Ticket] { waiting.keys.compactMap { byID[$0]?.ticket } }

    /// A waiting ticket that `matches`, if any (in no particular order), found without copying the others.
    public func firstWaiting(where matches: (Ticket) -> Bool) -> Ticket? {
        for id in waiting.keys {
            if let ticket = byID[id]?.ticket, matches(ticket) { return ticket }
        }
        return nil
    }

    /// Place in line (1 = next) of a waiting ticket: among those waiting for the same service, or for the same
    /// window when it was transferred there by name.
    public func position(of id: TicketID) -> Int? {
        guard let me = waiting[id] else { return nil }
        if let w = me.pinnedWindow { return (pinnedLines[w]?.index(of: me) ?? 0) + 1 }
        if me.isPriority { return (priorityLines[me.service]?.index(of: me) ?? 0) + 1 }
        return (priorityLines[me.service]?.count ?? 0) + (normalLines[me.service]?.index(of: me) ?? 0) + 1
    }

    /// How many wait in `service`'s line (not counting those sent to a named window).
    func lineLength(_ service: String) -> Int { (priorityLines[service]?.count ?? 0) + (normalLines[service]?.count ?? 0) }

    /// The first `n` of `service`'s line in ``CallPolicy/lineOrder(_:_:)`` order.
    func lineHead(_ service: String, _ n: Int) -> [LineKey] {
        let priority = priorityLines[service]?.prefix(n) ?? []
        return Array(priority) + (normalLines[service]?.prefix(n - priority.count) ?? [])
    }

    public static func == (a: TicketTable, b: TicketTable) -> Bool {
        a.byID.count == b.byID.count && a.byID.allSatisfy { id, box in b.byID[id].map { $0 === box || $0.ticket == box.ticket } ?? false }
    }
}

extension TicketTable: WaitingLines {
    func pinnedHead(window: Int) -> LineKey? { pinnedLines[window]?.first }
    func firstPriority(in service: String) -> LineKey? { priorityLines[service]?.first }
    func firstNormal(in service: String) -> LineKey? { normalLines[service]?.first }
}

/// One live ticket of a ``TicketTable``; replaced, never changed, so copies of the table stay values.
private final class TicketBox: Sendable {
    let ticket: Ticket
    init(_ ticket: Ticket) { self.ticket = ticket }
}
