import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// What a backup file holds, as `hallqd backup` and `hallqd restore` report it.
public struct BackupSummary: Sendable {
    public var path: String
    /// Migrations applied (the schema version) and the newest this program knows.
    public var schemaVersion: Int
    public var knownSchemaVersion: Int
    public var tickets: Int
    public var events: Int
    /// When the newest journal entry was written (nil in an empty hall).
    public var lastEventAt: Date?
    public var bytes: Int

    public var description: String {
        let last = lastEventAt.map { " up to \($0.formatted(Date.ISO8601FormatStyle()))" } ?? ""
        return "\(path): schema \(schemaVersion) of \(knownSchemaVersion), \(tickets) tickets, \(events) journal entries\(last), \(bytes) bytes"
    }
}

/// Why a backup could not be made, checked or put in place.
public struct BackupError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Consistent copies of a live database and putting one back.
///
/// A backup is SQLite's online backup (through GRDB) from a read-only connection: all pages copied in one step inside
/// one read transaction, so the copy is the database as of one commit, while the daemon goes on writing (WAL readers
/// never block the writer). The copy is written beside its destination, switched out of WAL mode (one self-contained
/// file), checked, synced and only then renamed into place, mode 0600.
extension HallStore {
    /// Copies the database at `database` into `destination` (replaced if it exists) and returns what the copy holds.
    @discardableResult
    public static func backup(database: String, to destination: String) throws -> BackupSummary {
        guard FileManager.default.fileExists(atPath: database) else { throw BackupError("no database at \(database)") }
        var sourceConfig = Configuration()
        sourceConfig.readonly = true
        sourceConfig.busyMode = .timeout(30)
        let temporary = destination + ".partial"
        unlink(temporary)
        do {
            let source = try DatabaseQueue(path: database, configuration: sourceConfig)
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
            guard fd >= 0 else { throw BackupError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
            close(fd)
            let copy = try DatabaseQueue(path: temporary)
            try source.backup(to: copy)
            try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try copy.close()
            try source.close()
            _ = try inspectBackup(temporary)
            try syncFile(temporary)
            guard rename(temporary, destination) == 0 else {
                throw BackupError("cannot move the copy to \(destination): \(String(cString: strerror(errno)))")
            }
            syncFolder(of: destination)
            var summary = try inspectBackup(destination)
            summary.path = destination
            return summary
        } catch let error as BackupError {
            unlink(temporary)
            throw error
        } catch {
            unlink(temporary)
            throw BackupError("backup of \(database) failed: \(error)")
        }
    }

    /// Checks that `path` is a sound HallQ database this program can serve: SQLite's integrity check passes and its
    /// schema is this program's or an older one (the daemon migrates it forward when it opens it).
    public static func inspectBackup(_ path: String) throws -> BackupSummary {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let bytes = attributes[.size] as? Int else {
            throw BackupError("cannot read \(path)")
        }
        var config = Configuration()
        config.readonly = true
        let known = Migrations.migrator.migrations
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            return try queue.read { db in
                let problems: [String]
                do {
                    problems = try String.fetchAll(db, sql: "PRAGMA integrity_check(20)")
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
                    // Damage bad enough to stop the check itself.
                    throw BackupError("\(path) fails SQLite's integrity check: \(error.message ?? "\(error)")")
                }
                guard problems == ["ok"] else {
                    let first = problems.joined(separator: "\n").split(separator: "\n").prefix(4).joined(separator: "; ")
                    throw BackupError("\(path) fails SQLite's integrity check: \(first) …")
                }
                guard try db.tableExists("grdb_migrations"), try db.tableExists("tickets"), try db.tableExists("events") else {
                    throw BackupError("\(path) is an SQLite database but not a HallQ one (no schema versions, tickets or journal)")
                }
                let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
                guard applied.count <= known.count, Array(known.prefix(applied.count)) == applied else {
                    let unknown = applied.filter { !known.contains($0) }
                    throw BackupError(
                        "\(path) has schema changes this HallQ does not know (\(unknown.joined(separator: ", "))): "
                            + "it was made by a newer version; restore it with that version")
                }
                let lastMillis = try Int64.fetchOne(db, sql: "SELECT MAX(at_ms) FROM events")
                return BackupSummary(
                    path: path, schemaVersion: applied.count, knownSchemaVersion: known.count,
                    tickets: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") ?? 0,
                    events: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0,
                    lastEventAt: lastMillis.map { Date(millis: $0) }, bytes: bytes)
            }
        } catch let error as BackupError {
            throw error
        } catch {
            throw BackupError("\(path) is not a sound SQLite database: \(error)")
        }
    }

    /// Puts the backup at `backup` in place of the database at `database`, after checking it (``inspectBackup(_:)``).
    /// Refuses while a process has the database open (stop the daemon first). The database it replaces, with its WAL,
    /// is kept beside it as `<database>.before-restore-<time>`; returns that path (nil when there was none).
    @discardableResult
    public static func restore(backup: String, to database: String, now: Date = Date()) throws -> String? {
        _ = try inspectBackup(backup)
        if let holder = try openedElsewhere(database) {
            throw BackupError("\(database) is open in process \(holder) (is hallqd still running?); stop the daemon before restoring")
        }
        let temporary = database + ".restoring"
        unlink(temporary)
        do {
            try copyFile(backup, to: temporary)
            var old = stat()
            if stat(database, &old) == 0, getuid() == 0 { _ = chown(temporary, old.st_uid, old.st_gid) }
            _ = try inspectBackup(temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        var kept: String?
        if FileManager.default.fileExists(atPath: database) {
            let aside = "\(database).before-restore-\(compactStamp(now))"
            // The WAL belongs to the old file: it goes with it, or SQLite would replay it into the restored one.
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: database + suffix) {
                guard rename(database + suffix, aside + suffix) == 0 else {
                    throw BackupError("cannot move \(database + suffix) aside: \(String(cString: strerror(errno)))")
                }
            }
            kept = aside
        }
        unlink(database + "-shm")
        unlink(database + "-wal")
        guard rename(temporary, database) == 0 else {
            throw BackupError("cannot move the restored copy to \(database): \(String(cString: strerror(errno)))")
        }
        syncFolder(of: database)
        return kept
    }

    /// The id of another process holding `database` open in WAL mode, or nil. Every SQLite connection to a WAL
    /// database holds a shared lock on one byte of its `-shm` file while it is open; a lock test on that byte sees it.
    static func openedElsewhere(_ database: String) throws -> pid_t? {
        let fd = open(database + "-shm", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 128  // SQLite's "DMS" byte: 120 + 8 locks
        lock.l_len = 1
        guard fcntl(fd, F_GETLK, &lock) == 0 else { throw BackupError("cannot test \(database)-shm for locks: \(String(cString: strerror(errno)))") }
        return lock.l_type == Int16(F_UNLCK) ? nil : lock.l_pid
    }

    /// An instant as `20261124T023000Z`, for file names.
    public static func compactStamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        return formatter.string(from: date)
    }

    private static func copyFile(_ source: String, to destination: String) throws {
        guard let data = FileManager.default.contents(atPath: source) else { throw BackupError("cannot read \(source)") }
        let fd = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw BackupError("cannot create \(destination): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try FileHandle(fileDescriptor: fd, closeOnDealloc: false).write(contentsOf: data)
        guard fsync(fd) == 0 else { throw BackupError("cannot sync \(destination): \(String(cString: strerror(errno)))") }
    }

    private static func syncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, fsync(fd) == 0 else { throw BackupError("cannot sync \(path): \(String(cString: strerror(errno)))") }
        close(fd)
    }

    private static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }
}
