import ArgumentParser
import BureauStore
import Foundation
import HallConfigFile
import HallCore
import HallStore
import PostgresClient

/// `hallqd prune`: drop raw history older than an age once its rollups exist.
struct Prune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove finished tickets (and their journal rows) older than an age; rollups are kept.",
        discussion: """
            Tickets of hall days more than --older-than-days before today are deleted once that day's rollups exist, with \
            the taxpayers' phone and ID numbers they carry. Their journal rows go too (unless --keep-journal), which is most \
            of the file's size; heatmaps and statistics read rollups, which are kept, so they do not change. Those days' \
            rollups can no longer be rebuilt from the journal, and `rebuild-rollups` leaves them as they are. Safe while \
            the daemon runs: each day is removed in its own short transaction. A hall shipping to a bureau ([bureau] in its \
            configuration) keeps every journal row the bureau has not received yet, whatever its age; if the bureau's \
            PostgreSQL cannot be asked, prune refuses to remove journal rows (exit status 1) unless --keep-journal is given.
            """)

    @OptionGroup var files: HallFiles

    @Option(name: .customLong("older-than-days"), help: "Keep this many days of raw history before today (at least 1).")
    var olderThanDays: Int

    @Flag(name: .customLong("keep-journal"), help: "Remove only tickets; keep the journal rows.")
    var keepJournal = false

    @Flag(name: .customLong("dry-run"), help: "Count what would be removed without removing it.")
    var dryRun = false

    @Flag(help: "Afterwards, shrink the database file (VACUUM; needs free disk space about the file's size).")
    var vacuum = false

    func validate() throws {
        guard olderThanDays >= 1 else { throw ValidationError("--older-than-days must be at least 1") }
    }

    func run() throws {
        let config = try HallConfig.load(path: files.config)
        let store = try HallStore(path: files.db)
        let calendar = HallCalendar(timeZone: config.timeZone)
        guard let cutoff = HallDays.adding(-olderThanDays, to: calendar.day(of: Date())) else { throw ValidationError("bad date") }
        let shipped = try keepJournal ? nil : bureauHolds(config.bureau)
        let report = try store.prune(before: cutoff, calendar: calendar, keepJournal: keepJournal, journalThrough: shipped, dryRun: dryRun)
        let verb = dryRun ? "would remove" : "removed"
        let span = report.days.isEmpty ? "" : " (\(report.days.first!) … \(report.days.last!))"
        print(
            "\(verb) \(report.tickets) tickets and \(report.appointments) bookings of \(report.days.count) days before \(cutoff)\(span)"
                + " and \(report.journalRows) journal rows")
        if let shipped, let link = config.bureau {
            print(
                "the bureau holds hall \(link.hallID)'s journal up to row \(shipped); "
                    + "kept \(report.journalKeptUnshipped) older journal rows it has not received yet")
        }
        if !report.skippedDays.isEmpty {
            print(
                "kept \(report.skippedDays.count) days that have no rollups yet (first \(report.skippedDays[0])); run rebuild-rollups, then prune again"
            )
        }
        if vacuum && !dryRun {
            try store.vacuum()
            print("database file compacted")
        }
    }

    /// The last journal row the hall's bureau holds (nil when the hall ships to none): journal rows after it must stay.
    func bureauHolds(_ link: BureauLink?) throws -> Int64? {
        guard let link else { return nil }
        do {
            return try HallShipping.shippedSeq(settings: try PostgresSettings(link.postgresURL), hallID: link.hallID)
        } catch {
            throw PruneRefused(
                "cannot ask the bureau how much of hall \(link.hallID)'s journal it holds (\(error)); nothing was removed. "
                    + "Journal rows it has not received would be lost: try again when its PostgreSQL can be reached, "
                    + "or prune only tickets with --keep-journal")
        }
    }
}

/// Prune would lose journal rows the bureau may not hold.
struct PruneRefused: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
