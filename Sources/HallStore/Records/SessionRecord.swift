import Foundation
import GRDB
import HallCore

/// A ``StoredSession`` as a row of `sessions`, with when it was opened.
struct SessionRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "sessions"
    var session: StoredSession
    var createdAt: Date

    init(_ session: StoredSession, createdAt: Date) {
        self.session = session
        self.createdAt = createdAt
    }

    init(row: Row) throws {
        let r = StoredRow(row, table: Self.databaseTableName, key: "login")
        session = StoredSession(
            tokenHash: try r.text("token_hash"), login: try r.text("login"), role: try r.name("role", as: Role.self),
            window: try r.optionalInt("window"),
            expiresAt: try r.instant("expires_at_ms"))
        createdAt = try r.instant("created_at_ms")
    }

    func encode(to container: inout PersistenceContainer) {
        container["token_hash"] = session.tokenHash
        container["login"] = session.login
        container["role"] = session.role.rawValue
        container["window"] = session.window
        container["created_at_ms"] = createdAt.millis
        container["expires_at_ms"] = session.expiresAt.millis
    }
}
