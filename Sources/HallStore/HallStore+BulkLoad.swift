import GRDB

extension HallStore {
    /// For filling a new database in one go (`hallqd simulate`): commits stop waiting for the disk. A crash during the
    /// load can lose or corrupt it, so use this only for files that can be made again; ``checkpoint()`` at the end.
    public func beginBulkLoad() throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = OFF")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
        }
    }
}
