import Foundation
import HTTPServer
import HallStore
import Logging

/// Folds the write-ahead log back into the database file once a second, from a connection of its own: left to itself,
/// SQLite does it inside the commit that passes 1,000 pages, and the committer (the one thread every change waits for)
/// spent a fifth of its time there. Durability is the same: each commit is already fsynced in the WAL.
final class WALCheckpointer: Sendable {
    let store: HallStore
    let activity: ActivityMonitor
    let logger: Logger
    private let ticker: Ticker

    init(store: HallStore, activity: ActivityMonitor, logger: Logger, every seconds: Double = 1) {
        self.store = store
        self.activity = activity
        self.logger = logger
        ticker = Ticker(name: "checkpoint", interval: seconds)
    }

    private func checkpoint() {
        do {
            try activity.during("checkpoint") { _ = try store.checkpointPassively() }
        } catch {
            logger.warning("checkpoint failed (the next one tries again): \(error)")
        }
    }
}

extension WALCheckpointer: DaemonPart {
    var partName: String { "checkpoint" }
    func start() { ticker.start { [weak self] in self?.checkpoint() } }
    func stop(before deadline: Date) -> Bool { ticker.stop(before: deadline) }
}
