import Foundation
import GRDB

/// A paired rating pad as stored: only the hash of its token is kept.
public struct StoredPad: Sendable, Hashable {
    public var id: Int64
    public var window: Int
    public var label: String?
    public var pairedBy: String
    public var pairedAt: Date
    public var lastUsedAt: Date?
    public init(id: Int64, window: Int, label: String?, pairedBy: String, pairedAt: Date, lastUsedAt: Date?) {
        self.id = id
        self.window = window
        self.label = label
        self.pairedBy = pairedBy
        self.pairedAt = pairedAt
        self.lastUsedAt = lastUsedAt
    }
}

extension HallStore {
    /// Keeps a newly paired pad of `window` under the hash of its token; returns it with its id.
    public func savePad(tokenHash: String, window: Int, label: String?, pairedBy: String, now: Date) throws -> StoredPad {
        try pool.write { db in
            var record = PadRecord(
                StoredPad(id: 0, window: window, label: label, pairedBy: pairedBy, pairedAt: now, lastUsedAt: nil), tokenHash: tokenHash)
            try record.insert(db)
            return record.pad
        }
    }

    /// The pad with this token hash, if it is paired (not revoked).
    public func pad(tokenHash: String) throws -> StoredPad? {
        try pool.read { db in
            try PadRecord.fetchOne(db, sql: "SELECT * FROM pads WHERE token_hash = ?", arguments: [tokenHash])?.pad
        }
    }

    /// Every paired pad, by window then pairing time.
    public func pads() throws -> [StoredPad] {
        try pool.read { db in try PadRecord.fetchAll(db, sql: "SELECT * FROM pads ORDER BY window, paired_at_ms, id").map(\.pad) }
    }

    /// Revokes pad `id`; false when there is no such pad.
    public func revokePad(_ id: Int64) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM pads WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Notes that pad `id` has just rated a ticket (what managers see to tell a live pad from a forgotten one).
    public func touchPad(_ id: Int64, now: Date) throws {
        try pool.write { db in try db.execute(sql: "UPDATE pads SET last_used_at_ms = ? WHERE id = ?", arguments: [now.millis, id]) }
    }
}
