import ArgumentParser
import Foundation
import HallConfigFile
import HallCore
import HallStore

/// `hallqd rebuild-rollups`: recompute the hourly and daily rollups from the journal.
struct RebuildRollups: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild-rollups",
        abstract: "Recompute the hourly and daily rollups (heatmaps, statistics) from the journal.",
        discussion: """
            Rollups are kept up to date as the hall works; rebuild them after restoring a journal or changing how they are \
            counted. Days whose journal was pruned keep their rollups. Runs in one transaction: stop the daemon first on a \
            large database, or it will wait for the rebuild.
            """)

    @OptionGroup var files: HallFiles

    func run() throws {
        let config = try HallConfig.load(path: files.config)
        let store = try HallStore(path: files.db)
        let started = Date()
        let rows = try store.rebuildRollups(calendar: HallCalendar(timeZone: config.timeZone))
        print("rebuilt rollups from \(rows) journal rows in \(String(format: "%.1f", Date().timeIntervalSince(started))) s → \(files.db)")
    }
}
