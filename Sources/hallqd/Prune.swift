import ArgumentParser
import Foundation
import HallConfigFile
import HallCore
import HallStore

/// `hallqd prune`: drop raw history older than an age once its rollups exist.
struct Prune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove finished tickets (and their journal rows) older than an age; rollups are kept.",
        discussion: """
            Tickets of hall days more than --older-than-days before today are deleted once that day's rollups exist, with \
            the taxpayers' phone and ID numbers they carry. Their journal rows go too (unless --keep-journal), which is most \
            of the file's size; heatmaps and statistics read rollups, which are kept, so they do not change. Those days' \
            rollups can no longer be rebuilt from the journal, and `rebuild-rollups` leaves them as they are. Safe while \
            the daemon runs: each day is removed in its own short transaction.
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
        let report = try store.prune(before: cutoff, calendar: calendar, keepJournal: keepJournal, dryRun: dryRun)
        let verb = dryRun ? "would remove" : "removed"
        let span = report.days.isEmpty ? "" : " (\(report.days.first!) … \(report.days.last!))"
        print(
            "\(verb) \(report.tickets) tickets and \(report.appointments) bookings of \(report.days.count) days before \(cutoff)\(span)"
                + " and \(report.journalRows) journal rows")
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
}
