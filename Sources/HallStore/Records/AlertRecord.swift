import Foundation
import GRDB
import HallCore

/// An ``Alert`` as a row of `alerts`.
struct AlertRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "alerts"
    var alert: Alert

    init(_ alert: Alert) { self.alert = alert }

    init(row: Row) throws {
        let r = StoredRow(row, table: Self.databaseTableName, key: "id")
        alert = Alert(
            id: try r.int64("id"), key: try r.text("key"), kind: try r.name("kind", as: AlertKind.self), level: try r.int("level"),
            state: try r.name("state", as: AlertState.self), message: try r.text("message"), messageEn: try r.text("message_en"),
            raisedAt: try r.instant("raised_at_ms"), lastNotifiedAt: try r.instant("last_notified_at_ms"), notifications: try r.int("notifications"),
            acknowledgedBy: try r.optionalText("acknowledged_by"), acknowledgedAt: try r.optionalInstant("acknowledged_at_ms"),
            closedAt: try r.optionalInstant("closed_at_ms"), details: try r.details("details"))
    }

    /// A new alert (id 0) gets its id from the table when inserted.
    func encode(to container: inout PersistenceContainer) throws {
        if alert.id != 0 { container["id"] = alert.id }
        container["key"] = alert.key
        container["kind"] = alert.kind.rawValue
        container["level"] = alert.level
        container["state"] = alert.state.rawValue
        container["message"] = alert.message
        container["message_en"] = alert.messageEn
        container["raised_at_ms"] = alert.raisedAt.millis
        container["last_notified_at_ms"] = alert.lastNotifiedAt.millis
        container["notifications"] = alert.notifications
        container["acknowledged_by"] = alert.acknowledgedBy
        container["acknowledged_at_ms"] = alert.acknowledgedAt?.millis
        container["closed_at_ms"] = alert.closedAt?.millis
        container["details"] = String(decoding: try JSONSerialization.data(withJSONObject: alert.details, options: [.sortedKeys]), as: UTF8.self)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { alert.id = inserted.rowID }
}
