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
/// Ties on issue time break by number, so the choice is deterministic. The policy looks only at the heads of the
/// lines (``WaitingLines``): the first named transfer for the window and, per service, the first priority and the
/// first normal ticket, so a call costs the same with ten or thirty thousand waiting.
public struct CallPolicy: Sendable {
    public var settings: CallPolicySettings

    public init(settings: CallPolicySettings) { self.settings = settings }

    /// Which waiting ticket `window` calls next, or nil when none of its lines has anyone.
    /// `streaks` holds, per service, how many priority tickets were called in a row while a normal one waited.
    /// Costs a few look-ups per service of the window, whatever the length of the lines.
    func nextTicket(for window: WindowConfig, in lines: some WaitingLines, streaks: [String: Int], now: Date) -> LineKey? {
        if let pinned = lines.pinnedHead(window: window.number) { return pinned }
        var firstHead: LineKey?
        var overdue: LineKey?
        let limit = settings.fairnessMinutes * 60
        for service in window.services {
            guard let head = head(of: service, in: lines, streaks: streaks) else { continue }
            guard let first = firstHead else {
                firstHead = head
                continue
            }
            if now.timeIntervalSince(head.issuedAt) >= limit && head.issuedEarlier(than: first),
                overdue.map({ head.issuedEarlier(than: $0) }) ?? true
            {
                overdue = head
            }
        }
        return overdue ?? firstHead
    }

    /// The ticket a service's line would give up next, honouring the priority bound.
    func head(of service: String, in lines: some WaitingLines, streaks: [String: Int]) -> LineKey? {
        guard let firstNormal = lines.firstNormal(in: service) else { return lines.firstPriority(in: service) }
        guard let firstPriority = lines.firstPriority(in: service) else { return firstNormal }
        return streaks[service, default: 0] >= settings.priorityBurst ? firstNormal : firstPriority
    }

    /// The streak count after `called` is taken from its service's line (`lines` as they were before the call).
    func streak(after called: LineKey, previous: Int, in lines: some WaitingLines) -> Int {
        guard called.isPriority else { return 0 }
        return lines.firstNormal(in: called.service) != nil ? previous + 1 : 0
    }

    /// A service's unpinned line in call order (ignoring the burst bound): for positions shown to taxpayers.
    /// (The order itself is defined once, on the line facts the ticket table keeps: ``LineKey``.)
    public static func lineOrder(_ a: Ticket, _ b: Ticket) -> Bool { LineKey(a).before(LineKey(b)) }

    static func issuedEarlier(_ a: Ticket, _ b: Ticket) -> Bool { LineKey(a).issuedEarlier(than: LineKey(b)) }
}
