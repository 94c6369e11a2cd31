import Foundation

/// The live tickets by id, plus each line kept in order as compact place-in-line facts, so a place in line is a
/// binary search rather than a scan of every ticket (it is asked for every ticket shown).
public struct TicketTable: Sendable, Equatable {
    private var byID: [TicketID: Ticket] = [:]
    /// Waiting (or transferred) tickets only.
    private(set) var waiting: [TicketID: LineKey] = [:]
    /// Each service's line in ``CallPolicy/lineOrder(_:_:)`` order (tickets not sent to a named window).
    private var lines: [String: [LineKey]] = [:]
    /// Tickets transferred to a named window, per window, in issue order.
    private var pinnedLines: [Int: [LineKey]] = [:]

    /// What decides a waiting ticket's place in line: the one definition of line order, which ``CallPolicy`` uses too.
    struct LineKey: Sendable, Equatable {
        var id: TicketID
        var service: String
        var number: String
        var pinnedWindow: Int?
        var isPriority: Bool
        var issuedAt: Date

        init(_ t: Ticket) {
            (id, service, number, pinnedWindow, isPriority, issuedAt) = (t.id, t.service, t.number, t.pinnedWindow, t.priority.isPriority, t.issuedAt)
        }

        /// Issued earlier (ties broken by number, then id, so the order is total).
        func issuedEarlier(than b: LineKey) -> Bool {
            issuedAt != b.issuedAt ? issuedAt < b.issuedAt : (number, id.rawValue) < (b.number, b.id.rawValue)
        }

        /// Ahead in a service's line: priority tickets first, then by issue.
        func before(_ b: LineKey) -> Bool {
            isPriority != b.isPriority ? isPriority : issuedEarlier(than: b)
        }
    }

    public init() {}

    public init(_ tickets: [Ticket]) {
        for t in tickets { self[t.id] = t }
    }

    /// A live ticket; setting nil removes it.
    public subscript(id: TicketID) -> Ticket? {
        get { byID[id] }
        set {
            byID[id] = newValue
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
            pinnedLines[w, default: []].insert(key, at: Self.index(of: key, in: pinnedLines[w] ?? [], pinned: true))
        } else {
            lines[key.service, default: []].insert(key, at: Self.index(of: key, in: lines[key.service] ?? [], pinned: false))
        }
    }

    private mutating func remove(_ key: LineKey) {
        if let w = key.pinnedWindow {
            let i = Self.index(of: key, in: pinnedLines[w] ?? [], pinned: true)
            if pinnedLines[w]?.indices.contains(i) == true, pinnedLines[w]![i].id == key.id { pinnedLines[w]!.remove(at: i) }
        } else {
            let i = Self.index(of: key, in: lines[key.service] ?? [], pinned: false)
            if lines[key.service]?.indices.contains(i) == true, lines[key.service]![i].id == key.id { lines[key.service]!.remove(at: i) }
        }
    }

    /// Where `key` stands (or would stand) in an ordered line: the number of keys before it.
    private static func index(of key: LineKey, in line: [LineKey], pinned: Bool) -> Int {
        var (low, high) = (0, line.count)
        while low < high {
            let mid = (low + high) / 2
            if pinned ? line[mid].issuedEarlier(than: key) : line[mid].before(key) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    public var values: Dictionary<TicketID, Ticket>.Values { byID.values }
    public var count: Int { byID.count }
    public var isEmpty: Bool { byID.isEmpty }

    /// Waiting tickets, in no particular order.
    public var waitingTickets: [Ticket] { waiting.keys.compactMap { byID[$0] } }

    /// Place in line (1 = next) of a waiting ticket: among those waiting for the same service, or for the same
    /// window when it was transferred there by name.
    public func position(of id: TicketID) -> Int? {
        guard let me = waiting[id] else { return nil }
        if let w = me.pinnedWindow { return Self.index(of: me, in: pinnedLines[w] ?? [], pinned: true) + 1 }
        return Self.index(of: me, in: lines[me.service] ?? [], pinned: false) + 1
    }

    public static func == (a: TicketTable, b: TicketTable) -> Bool { a.byID == b.byID }
}
