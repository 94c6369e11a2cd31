import Foundation
import GRDB
import HallCore

/// A staff login session as stored: only the hash of its token is kept.
public struct StoredSession: Sendable, Hashable {
    public var tokenHash: String
    public var login: String
    public var role: Role
    public var window: Int?
    public var expiresAt: Date
    public init(tokenHash: String, login: String, role: Role, window: Int?, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.login = login
        self.role = role
        self.window = window
        self.expiresAt = expiresAt
    }
}

extension HallStore {
    /// Saves a new session and drops expired ones.
    public func saveSession(_ s: StoredSession, now: Date) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at_ms < ?", arguments: [now.millis])
            try SessionRecord(s, createdAt: now).insert(db)
        }
    }

    /// The unexpired session with this token hash.
    public func session(tokenHash: String, now: Date) throws -> StoredSession? {
        try pool.read { db in
            try SessionRecord.fetchOne(
                db, sql: "SELECT * FROM sessions WHERE token_hash = ? AND expires_at_ms >= ?", arguments: [tokenHash, now.millis]
            )?.session
        }
    }

    /// Ends a session (logout).
    public func deleteSession(tokenHash: String) throws {
        try pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }
}
