import Foundation
import GRDB
import HallCore

/// The hall's durable memory in one SQLite file: an append-only `events` journal plus current-state tables
/// (`tickets`, `windows`, `counters`, `streaks`), written together in one transaction per change.
///
/// GRDB runs the connection pool: one writer, several WAL readers, so history queries never wait for the
/// writer. `synchronous = FULL` makes every committed transaction survive power loss, not only a crash.
public final class HallStore: Sendable {
    let pool: DatabasePool
    public let path: String
    /// A connection of its own for checkpoints, so folding the WAL back never runs on (or waits for) the writer.
    private let checkpointer: DatabaseQueue
    /// WAL pages after which a commit checkpoints by itself: only a backstop, when ``checkpointPassively()`` does not run.
    static let autoCheckpointPages = 16_384

    /// Opens (creating and migrating if needed) the database at `path`.
    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        do {
            try Self.prepareOwnerOnlyFiles(path)
            pool = try DatabasePool(path: path, configuration: config)
            // GRDB switches a pool's writer to synchronous=NORMAL when it enables WAL, after prepareDatabase has run:
            // set FULL again on the writer, or a commit acknowledged just before a power cut could be lost.
            // SQLite checkpoints the WAL in the commit that passes 1,000 pages: a fifth of a busy writer's time. The
            // daemon checkpoints from its own connection instead (checkpointPassively); this is only a backstop.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.autoCheckpointPages)")
            }
            try Migrations.migrator.migrate(pool)
            var own = Configuration()
            own.busyMode = .timeout(1)
            checkpointer = try DatabaseQueue(path: path, configuration: own)
            Self.restrictToOwner(path)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Whether the database answers a trivial query (for health checks).
    public func isHealthy() -> Bool {
        (try? pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    /// Writes the WAL back into the main file (at clean shutdown).
    public func checkpoint() {
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }

    /// Copies committed WAL pages into the main file from a connection of its own, waiting for neither readers nor
    /// the writer (SQLite's PASSIVE mode: what a reader still needs stays in the WAL for the next time). Returns the
    /// WAL's frames and how many are now in the main file.
    @discardableResult
    public func checkpointPassively() throws -> (walFrames: Int, checkpointed: Int) {
        try checkpointer.writeWithoutTransaction { db in
            let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
            return (row?[1] ?? 0, row?[2] ?? 0)
        }
    }

    /// The writer's `PRAGMA synchronous` level (2 = FULL: every commit is fsynced before it returns).
    public func writerSynchronousLevel() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The current schema version (the number of migrations applied).
    public func schemaVersion() throws -> Int {
        try pool.read { db in try Migrations.migrator.appliedMigrations(db).count }
    }
}

/// Why the store failed.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    /// A stored row holds what the hall never writes (an unknown name, malformed JSON, an impossible time, a value
    /// of the wrong type): `row` names it by its key, e.g. `alerts` row `id 12`, column `kind`.
    case badRow(table: String, row: String, column: String, problem: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open database \(path): \(reason)"
        case .badRow(let table, let row, let column, let problem): "database content is not valid: \(table) row \(row), \(column): \(problem)"
        }
    }
}

/// The one way instants are stored: whole milliseconds since 1970 in an INTEGER `*_ms` column.
extension Date {
    /// Milliseconds since 1970, as stored.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
    /// The stored instants the hall could have written: from 1970 to the end of year 9999.
    static let storableMillis: ClosedRange<Int64> = 0...253_402_300_799_999
}
