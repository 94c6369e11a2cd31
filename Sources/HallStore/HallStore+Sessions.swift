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
            try db.execute(
                sql: "INSERT INTO sessions(token_hash, login, role, window, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [s.tokenHash, s.login, s.role.rawValue, s.window, now.millis, s.expiresAt.millis])
        }
    }

    /// The unexpired session with this token hash.
    public func session(tokenHash: String, now: Date) throws -> StoredSession? {
        try pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM sessions WHERE token_hash = ? AND expires_at_ms >= ?", arguments: [tokenHash, now.millis]
            ).map { row in
                StoredSession(
                    tokenHash: row["token_hash"], login: row["login"], role: try StoredRow(row, table: "sessions", key: "login").name("role", as: Role.self),
                    window: row["window"],
                    expiresAt: Date(millis: row["expires_at_ms"]))
            }
        }
    }

    /// Ends a session (logout).
    public func deleteSession(tokenHash: String) throws {
        try pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }
}
