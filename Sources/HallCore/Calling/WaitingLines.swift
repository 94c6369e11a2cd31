import Foundation

/// The waiting lines as ``CallPolicy`` sees them: only their heads, never every ticket. The live ``TicketTable``
/// answers it, and so does the wait forecast's playout (cursors over the same ordered lines), so the policy that
/// calls tickets and the one that predicts calls are the same code.
protocol WaitingLines {
    /// The earliest-issued ticket transferred to `window` by name.
    func pinnedHead(window: Int) -> LineKey?
    /// The earliest-issued priority (green or appointment) ticket in `service`'s line (not sent to a named window).
    func firstPriority(in service: String) -> LineKey?
    /// The earliest-issued normal ticket in `service`'s line (not sent to a named window); nil when none waits.
    func firstNormal(in service: String) -> LineKey?
}
