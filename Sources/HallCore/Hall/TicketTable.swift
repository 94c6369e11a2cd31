import Foundation

/// The live tickets by id, plus a compact copy of each waiting ticket's place-in-line facts, so counting a
/// place in line reads small plain values instead of copying whole tickets (it runs for every ticket shown).
public struct TicketTable: Sendable, Equatable {
    private var byID: [TicketID: Ticket] = [:]
    /// Waiting (or transferred) tickets only.
    private(set) var waiting: [TicketID: LineKey] = [:]

    /// What decides a waiting ticket's place in line (see ``CallPolicy/lineOrder(_:_:)``).
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

        /// The same order as ``CallPolicy/issuedEarlier(_:_:)``.
        func issuedEarlier(than b: LineKey) -> Bool {
            issuedAt != b.issuedAt ? issuedAt < b.issuedAt : (number, id.rawValue) < (b.number, b.id.rawValue)
        }

        /// The same order as ``CallPolicy/lineOrder(_:_:)``.
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
            if let t = newValue, t.status.isWaiting { waiting[id] = LineKey(t) } else { waiting[id] = nil }
        }
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
        var ahead = 0
        for other in waiting.values where other.id != id {
            if let pinned = me.pinnedWindow {
                if other.pinnedWindow == pinned && other.issuedEarlier(than: me) { ahead += 1 }
            } else if other.pinnedWindow == nil && other.service == me.service && other.before(me) {
                ahead += 1
            }
        }
        return ahead + 1
    }

    public static func == (a: TicketTable, b: TicketTable) -> Bool { a.byID == b.byID }
}
