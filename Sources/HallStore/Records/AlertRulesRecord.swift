import Foundation
import GRDB
import HallCore

/// A row of `alert_rules`: the thresholds a manager set for one hall day, as JSON.
struct AlertRulesRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "alert_rules"
    var day: String
    var rules: AlertThresholds
    var setBy: String?
    var setAt: Date

    init(day: String, rules: AlertThresholds, setBy: String?, setAt: Date) {
        (self.day, self.rules, self.setBy, self.setAt) = (day, rules, setBy, setAt)
    }

    init(row: Row) throws {
        let r = StoredRow(row, table: Self.databaseTableName, key: "day")
        day = try r.text("day")
        rules = try r.decoded("rules", as: AlertThresholds.self)
        setBy = try r.optionalText("set_by")
        setAt = try r.instant("set_at_ms")
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["day"] = day
        container["rules"] = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        container["set_by"] = setBy
        container["set_at_ms"] = setAt.millis
    }
}
