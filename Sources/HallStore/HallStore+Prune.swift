import Foundation
import GRDB
import HallCore

/// What a prune removed, or would remove.
public struct PruneReport: Sendable, Hashable {
    /// Hall days pruned: their tickets removed, and their journal unless kept.
    public var days: [String] = []
    public var tickets = 0
    /// Bookings of those days (used, cancelled or no-shows; their counts stay in the slot rollups).
    public var appointments = 0
    public var journalRows = 0
    /// Days before the cutoff that had tickets but no rollups, left untouched (run `rebuild-rollups` first).
    public var skippedDays: [String] = []
    /// Journal rows of days before this one are gone; their rollups are kept and no longer rebuilt.
    public var journalKeptFrom: String?
    /// Journal rows old enough to go that were kept because the bureau has not received them (see `journalThrough`).
    public var journalKeptUnshipped = 0
}

extension HallStore {
    /// Removes raw history of hall days before `cutoff` (`yyyy-MM-dd`) whose rollups exist: their finished tickets
    /// (with the taxpayers' contact details) and, unless `keepJournal`, their journal rows. Rollups are kept, so heatmaps
    /// and statistics are unchanged. One transaction per day, so a running daemon is never held up for long.
    ///
    /// Journal rows are pruned only up to the first day that has to be skipped, so that day's rollups can still be
    /// rebuilt. Tickets still in play are never removed. With `journalThrough` (the last row the hall's bureau holds),
    /// journal rows after it are kept whatever their age, so the bureau still receives every row; a later prune removes
    /// them once the bureau holds them.
    public func prune(
        before cutoff: String, calendar: HallCalendar, keepJournal: Bool = false, journalThrough: Int64? = nil, dryRun: Bool = false
    ) throws -> PruneReport {
        var report = PruneReport()
        // Days with tickets and, when the journal goes too, days whose tickets an earlier `keepJournal` prune removed
        // but whose journal is still here (they have rollups, and are not before the journal's retention mark).
        let (ticketDays, journalDays) = try pool.read { db in
            (
                try String.fetchAll(db, sql: "SELECT DISTINCT day FROM tickets WHERE day < ? ORDER BY day", arguments: [cutoff]),
                keepJournal
                    ? []
                    : try String.fetchAll(
                        db,
                        sql: """
                            SELECT DISTINCT day FROM day_rollups
                            WHERE day < ? AND day >= COALESCE((SELECT kept_from_day FROM journal_retention WHERE id = 1), '')
                            """, arguments: [cutoff])
            )
        }
        let withTickets = Set(ticketDays)
        let days = Set(ticketDays + journalDays).sorted()
        var journalOpen = !keepJournal
        var journalEnd: Date?
        for day in days {
            let hasRollups = try pool.read { db in
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS(SELECT 1 FROM hour_rollups WHERE day = ?) AND EXISTS(SELECT 1 FROM day_rollups WHERE day = ?)",
                    arguments: [day, day]) ?? false
            }
            guard hasRollups else {
                report.skippedDays.append(day)
                journalOpen = false
                continue
            }
            // A day with only its journal left has nothing to prune while the journal is kept.
            if !withTickets.contains(day) && !journalOpen { continue }
            report.days.append(day)
            let pruneJournal = journalOpen
            let end = HallDays.adding(1, to: day).flatMap { calendar.start(ofDay: $0) }
            try pool.write { db in
                let final = "status IN (\(TicketStatus.sqlList(\.isFinal)))"
                let used = "status <> 'booked'"
                if dryRun {
                    report.tickets += try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE day = ? AND \(final)", arguments: [day]) ?? 0
                    report.appointments +=
                        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM appointments WHERE day = ? AND \(used)", arguments: [day]) ?? 0
                } else {
                    try db.execute(sql: "DELETE FROM tickets WHERE day = ? AND \(final)", arguments: [day])
                    report.tickets += db.changesCount
                    try db.execute(sql: "DELETE FROM appointments WHERE day = ? AND \(used)", arguments: [day])
                    report.appointments += db.changesCount
                }
                guard pruneJournal, let end else { return }
                if dryRun {
                    journalEnd = end
                } else {
                    try db.execute(sql: "DELETE FROM events WHERE at_ms < ? AND seq <= ?", arguments: [end.millis, journalThrough ?? Int64.max])
                    report.journalRows += db.changesCount
                    let next = HallDays.adding(1, to: day)!
                    try db.execute(
                        sql: """
                            INSERT INTO journal_retention(id, kept_from_day) VALUES (1, ?)
                            ON CONFLICT(id) DO UPDATE SET kept_from_day = MAX(kept_from_day, excluded.kept_from_day)
                            """, arguments: [next])
                }
                report.journalKeptFrom = HallDays.adding(1, to: day)
            }
        }
        if !keepJournal, let journalThrough,
            let earlier = try pool.read({ db in try String.fetchOne(db, sql: "SELECT kept_from_day FROM journal_retention WHERE id = 1") }),
            let earlierEnd = calendar.start(ofDay: earlier)
        {
            // Rows an earlier prune kept only because the bureau lacked them go once it holds them.
            if dryRun {
                journalEnd = max(journalEnd ?? earlierEnd, earlierEnd)
            } else {
                try pool.write { db in
                    try db.execute(sql: "DELETE FROM events WHERE at_ms < ? AND seq <= ?", arguments: [earlierEnd.millis, journalThrough])
                    report.journalRows += db.changesCount
                }
            }
        }
        if let journalEnd {
            report.journalRows = try pool.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM events WHERE at_ms < ? AND seq <= ?", arguments: [journalEnd.millis, journalThrough ?? Int64.max])
                    ?? 0
            }
        }
        if let journalThrough, !keepJournal {
            report.journalKeptUnshipped = try pool.read { db in
                let kept = try String.fetchOne(db, sql: "SELECT kept_from_day FROM journal_retention WHERE id = 1")
                let bound = [kept, report.journalKeptFrom].compactMap { $0 }.max().flatMap { calendar.start(ofDay: $0) }
                guard let bound else { return 0 }
                return try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM events WHERE at_ms < ? AND seq > ?", arguments: [bound.millis, journalThrough]) ?? 0
            }
        }
        return report
    }

    /// Returns unused pages to the file system (after a large prune).
    public func vacuum() throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
    }
}
