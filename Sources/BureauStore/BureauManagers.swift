import Foundation
import PostgresClient

/// The bureau's own managers and their sessions (never any hall's staff): password hashes as the halls keep them
/// (PBKDF2, made by the caller), sessions by the SHA-256 of their token.
public struct BureauManagers: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// Adds the manager `login`, or replaces its password hash and name.
    public func save(login: String, displayName: String?, passwordHash: String) throws {
        try pool.withConnection { db in
            try db.execute(
                """
                INSERT INTO bureau_users (login, display_name, password_hash) VALUES ($1, $2, $3)
                ON CONFLICT (login) DO UPDATE SET display_name = excluded.display_name, password_hash = excluded.password_hash
                """, [login, displayName, passwordHash])
            // A new password ends the sessions of the old one.
            try db.execute("DELETE FROM bureau_sessions WHERE login = $1", [login])
        }
    }

    /// The stored hash and display name of `login`, if there is such a manager.
    public func account(_ login: String) throws -> (passwordHash: String, displayName: String?)? {
        guard
            let row = try pool.withConnection({ try $0.execute("SELECT password_hash, display_name FROM bureau_users WHERE login = $1", [login]) })
                .first
        else { return nil }
        return (try row.string("password_hash"), try row.text("display_name"))
    }

    /// Starts a session for `login` that ends after `hours`; drops sessions that ended.
    public func startSession(tokenHash: String, login: String, hours: Double) throws {
        try pool.withConnection { db in
            try db.execute("DELETE FROM bureau_sessions WHERE expires_at < now()")
            try db.execute(
                "INSERT INTO bureau_sessions (token_hash, login, expires_at) VALUES ($1, $2, now() + $3::double precision * interval '1 hour')",
                [tokenHash, login, hours])
        }
    }

    /// The manager of a session that has not ended, if any.
    public func session(tokenHash: String) throws -> String? {
        try pool.withConnection { db in
            try db.execute("SELECT login FROM bureau_sessions WHERE token_hash = $1 AND expires_at > now()", [tokenHash]).first?.string("login")
        }
    }

    /// Ends a session.
    public func endSession(tokenHash: String) throws {
        try pool.withConnection { try $0.execute("DELETE FROM bureau_sessions WHERE token_hash = $1", [tokenHash]) }
    }
}
