import Foundation

/// What decides a waiting ticket's place in line: the one definition of line order, which the ticket table keeps its
/// lines in and ``CallPolicy`` decides by.
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
