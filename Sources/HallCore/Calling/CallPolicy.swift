import Foundation

/// How a window picks its next ticket. This is the whole policy:
///
/// 1. **Named transfers first.** A ticket transferred to this window by name is called before anything else,
///    the earliest-issued first. No other window calls it.
/// 2. **Line order within a service.** Priority tickets (green channel and due appointments, one class) go before
///    normal ones; within a class the earliest issue time goes first (a transfer keeps the original issue time).
///    **Bound:** once `priorityBurst` priority tickets have been called in a row from a service while a normal
///    ticket was waiting in it, that service's earliest normal ticket is called next and the count restarts.
///    So a normal ticket is passed over by at most `priorityBurst` priority tickets at a time.
/// 3. **Window profile.** The window serves its services in its configured order: it takes the head of the first
///    one that has anyone waiting (an A window serves B when no A waits).
/// 4. **Fairness across services.** Exception to 3: if the head of a lower-ranked service has waited at least
///    `fairnessMinutes` and was issued before the head of the first non-empty service, that head is called
///    instead (the earliest-issued such head when several qualify).
///
/// Ties on issue time break by number, so the choice is deterministic.
public struct CallPolicy: Sendable {
    public var settings: CallPolicySettings

    public init(settings: CallPolicySettings) { self.settings = settings }

    /// Which waiting ticket `window` calls next, or nil when none of its lines has anyone.
    /// `streaks` holds, per service, how many priority tickets were called in a row while a normal one waited.
    public func nextTicket(for window: WindowConfig, waiting: [Ticket], streaks: [String: Int], now: Date) -> Ticket? {
        let pinned = waiting.filter { $0.pinnedWindow == window.number }
        if let first = pinned.min(by: Self.issuedEarlier) { return first }

        let heads: [Ticket] = window.services.compactMap { service in
            head(of: service, waiting: waiting, streak: streaks[service, default: 0])
        }
        guard let firstHead = heads.first else { return nil }
        let limit = settings.fairnessMinutes * 60
        let overdue = heads.dropFirst().filter {
            now.timeIntervalSince($0.issuedAt) >= limit && Self.issuedEarlier($0, firstHead)
        }
        return overdue.min(by: Self.issuedEarlier) ?? firstHead
    }

    /// The ticket a service's line would give up next, honouring the priority bound.
    public func head(of service: String, waiting: [Ticket], streak: Int) -> Ticket? {
        var firstPriority: Ticket?
        var firstNormal: Ticket?
        for ticket in waiting where ticket.service == service && ticket.pinnedWindow == nil {
            if ticket.priority.isPriority {
                if firstPriority.map({ Self.issuedEarlier(ticket, $0) }) ?? true { firstPriority = ticket }
            } else {
                if firstNormal.map({ Self.issuedEarlier(ticket, $0) }) ?? true { firstNormal = ticket }
            }
        }
        if let firstNormal, firstPriority == nil || streak >= settings.priorityBurst { return firstNormal }
        return firstPriority ?? firstNormal
    }

    /// The streak count after `called` was taken from its service's line.
    public func streak(after called: Ticket, previous: Int, waiting: [Ticket]) -> Int {
        guard called.priority.isPriority else { return 0 }
        let normalWaits = waiting.contains { $0.service == called.service && $0.pinnedWindow == nil && !$0.priority.isPriority }
        return normalWaits ? previous + 1 : 0
    }

    /// A service's unpinned line in call order (ignoring the burst bound): for positions shown to taxpayers.
    /// (The order itself is defined once, on the line facts the ticket table keeps: ``TicketTable/LineKey``.)
    public static func lineOrder(_ a: Ticket, _ b: Ticket) -> Bool { TicketTable.LineKey(a).before(TicketTable.LineKey(b)) }

    static func issuedEarlier(_ a: Ticket, _ b: Ticket) -> Bool { TicketTable.LineKey(a).issuedEarlier(than: TicketTable.LineKey(b)) }
}
