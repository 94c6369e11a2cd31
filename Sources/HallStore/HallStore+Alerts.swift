import Foundation
import GRDB
import HallCore

/// Which alerts to list.
public enum AlertFilter: String, Sendable, CaseIterable {
    /// Not closed: open or acknowledged.
    case active
    case open, acknowledged, closed, all
}

extension HallStore {
    /// Stores alert actions, journals each, and queues each one's notifications in the outbox, all in one transaction,
    /// so a notification exists exactly when its alert does. Returns the stored alerts with their journal rows.
    /// Raising a condition that already has an active (open or acknowledged) alert does nothing: it is not stored,
    /// journaled or notified again, and the other actions go ahead.
    @discardableResult
    public func commit(
        _ actions: [AlertAction], now: Date, messages: (AlertAction, Alert) -> [OutboxMessage]
    ) throws -> [(alert: Alert, journal: JournaledEvent)] {
        guard !actions.isEmpty else { return [] }
        return try pool.write { db in try Self.commit(actions, now: now, messages: messages, db: db) }
    }

    static func commit(
        _ actions: [AlertAction], now: Date, messages: (AlertAction, Alert) -> [OutboxMessage], db: Database
    ) throws -> [(alert: Alert, journal: JournaledEvent)] {
        try actions.compactMap { action in
            if case .raise(let raised) = action, try activeAlertExists(key: raised.key, db: db) { return nil }
            let alert = try save(action.alert, db: db)
            let row = try insert(journalRow(action.eventKind, alert: alert, at: now), db: db)
            for message in messages(action, alert) {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO outbox(alert_id, channel, target, payload, state, attempts, next_attempt_ms, created_at_ms)
                        VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)
                        """
                ).execute(arguments: [alert.id, message.channel, message.target, message.payload, row.at.millis, row.at.millis])
            }
            return (alert, row)
        }
    }

    /// A manager takes alert `id`; journaled as `alert.acknowledged` (or `alert.closed` for a rating alert).
    public func acknowledgeAlert(_ id: Int64, by login: String, now: Date) throws -> (alert: Alert, journal: JournaledEvent) {
        try pool.write { db in
            guard var alert = try Self.fetchAlert(id, db: db) else { throw AlertError.unknownAlert(id) }
            let change = try alert.acknowledge(by: login, now: now)
            let saved = try Self.save(alert, db: db)
            var row = Self.journalRow(change.rawValue, alert: saved, at: now)
            row.officer = login
            return (saved, try Self.insert(row, db: db))
        }
    }

    /// Every alert not closed, however many (what the engine compares with the conditions).
    public func activeAlerts() throws -> [Alert] { try alerts(.active) }

    /// Alerts by state, newest first: all of them, or the newest `limit`.
    public func alerts(_ filter: AlertFilter, limit: Int? = nil) throws -> [Alert] {
        let condition: String =
            switch filter {
            case .active: "WHERE state <> 'closed'"
            case .open: "WHERE state = 'open'"
            case .acknowledged: "WHERE state = 'acknowledged'"
            case .closed: "WHERE state = 'closed'"
            case .all: ""
            }
        return try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alerts \(condition) ORDER BY raised_at_ms DESC, id DESC LIMIT ?", arguments: [limit ?? -1])
                .map(Self.alert)
        }
    }

    /// One alert by id.
    public func alert(_ id: Int64) throws -> Alert? { try pool.read { db in try Self.fetchAlert(id, db: db) } }

    /// The thresholds a manager set for hall day `day`, if any.
    public func alertRules(day: String) throws -> AlertThresholds? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT rules FROM alert_rules WHERE day = ?", arguments: [day])
                .flatMap { try? JSONDecoder().decode(AlertThresholds.self, from: Data($0.utf8)) }
        }
    }

    /// Keeps a manager's thresholds for hall day `day`.
    public func saveAlertRules(_ rules: AlertThresholds, day: String, by login: String?, now: Date) throws {
        let json = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        try pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO alert_rules(day, rules, set_by, set_at_ms) VALUES (?, ?, ?, ?)",
                arguments: [day, json, login, now.millis])
        }
    }

    static func journalRow(_ kind: String, alert: Alert, at: Date) -> JournaledEvent {
        JournaledEvent(
            seq: 0, kind: kind, at: at, service: alert.details["service"], window: alert.details["window"].flatMap(Int.init),
            details: [
                "alert": String(alert.id), "kind": alert.kind.rawValue, "level": String(alert.level), "state": alert.state.rawValue,
                "message": alert.message, "messageEn": alert.messageEn,
            ])
    }

    static func save(_ alert: Alert, db: Database) throws -> Alert {
        let details = String(decoding: try JSONSerialization.data(withJSONObject: alert.details, options: [.sortedKeys]), as: UTF8.self)
        let values: [(any DatabaseValueConvertible)?] = [
            alert.key, alert.kind.rawValue, alert.level, alert.state.rawValue, alert.message, alert.messageEn, alert.raisedAt.millis,
            alert.lastNotifiedAt.millis, alert.notifications, alert.acknowledgedBy, alert.acknowledgedAt?.millis, alert.closedAt?.millis, details,
        ]
        var saved = alert
        if alert.id == 0 {
            try db.execute(
                sql: """
                    INSERT INTO alerts(key, kind, level, state, message, message_en, raised_at_ms, last_notified_at_ms, notifications,
                        acknowledged_by, acknowledged_at_ms, closed_at_ms, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: StatementArguments(values))
            saved.id = db.lastInsertedRowID
        } else {
            try db.execute(
                sql: """
                    UPDATE alerts SET key = ?, kind = ?, level = ?, state = ?, message = ?, message_en = ?, raised_at_ms = ?,
                        last_notified_at_ms = ?, notifications = ?, acknowledged_by = ?, acknowledged_at_ms = ?, closed_at_ms = ?, details = ?
                    WHERE id = ?
                    """, arguments: StatementArguments(values + [alert.id]))
        }
        return saved
    }

    /// Whether condition `key` has an alert that is not closed (the partial unique index allows at most one).
    static func activeAlertExists(key: String, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM alerts WHERE key = ? AND state <> 'closed'", arguments: [key]) ?? false
    }

    static func fetchAlert(_ id: Int64, db: Database) throws -> Alert? {
        try Row.fetchOne(db, sql: "SELECT * FROM alerts WHERE id = ?", arguments: [id]).map(alert)
    }

    static func alert(_ row: Row) -> Alert {
        let detailsText: String? = row["details"]
        let details = detailsText.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] } ?? [:]
        return Alert(
            id: row["id"], key: row["key"], kind: AlertKind(rawValue: row["kind"]) ?? .load, level: row["level"],
            state: AlertState(rawValue: row["state"]) ?? .open, message: row["message"], messageEn: row["message_en"],
            raisedAt: Date(millis: row["raised_at_ms"]), lastNotifiedAt: Date(millis: row["last_notified_at_ms"]),
            notifications: row["notifications"],
            acknowledgedBy: row["acknowledged_by"], acknowledgedAt: (row["acknowledged_at_ms"] as Int64?).map(Date.init(millis:)),
            closedAt: (row["closed_at_ms"] as Int64?).map(Date.init(millis:)), details: details)
    }
}
