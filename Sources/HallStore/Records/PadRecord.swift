import Foundation
import GRDB

/// A ``StoredPad`` as a row of `pads`, with the hash of its token.
struct PadRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "pads"
    var pad: StoredPad
    var tokenHash: String

    init(_ pad: StoredPad, tokenHash: String) {
        self.pad = pad
        self.tokenHash = tokenHash
    }

    init(row: Row) throws {
        let r = StoredRow(row, table: Self.databaseTableName, key: "id")
        pad = StoredPad(
            id: try r.int64("id"), window: try r.int("window"), label: try r.optionalText("label"), pairedBy: try r.text("paired_by"),
            pairedAt: try r.instant("paired_at_ms"), lastUsedAt: try r.optionalInstant("last_used_at_ms"))
        tokenHash = try r.text("token_hash")
    }

    /// A new pad (id 0) gets its id from the table when inserted.
    func encode(to container: inout PersistenceContainer) {
        if pad.id != 0 { container["id"] = pad.id }
        container["token_hash"] = tokenHash
        container["window"] = pad.window
        container["label"] = pad.label
        container["paired_by"] = pad.pairedBy
        container["paired_at_ms"] = pad.pairedAt.millis
        container["last_used_at_ms"] = pad.lastUsedAt?.millis
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { pad.id = inserted.rowID }
}
