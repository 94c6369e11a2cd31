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
                var queued = OutboxRecord(queuing: message, for: .alert(alert.id), now: row.at)
                try queued.insert(db)
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
            try AlertRecord.fetchAll(
                db, sql: "SELECT * FROM alerts \(condition) ORDER BY raised_at_ms DESC, id DESC LIMIT ?", arguments: [limit ?? -1]
            )
            .map(\.alert)
        }
    }

    /// One alert by id.
    public func alert(_ id: Int64) throws -> Alert? { try pool.read { db in try Self.fetchAlert(id, db: db) } }

    /// The thresholds a manager set for hall day `day`, if any.
    public func alertRules(day: String) throws -> AlertThresholds? {
        try pool.read { db in try AlertRulesRecord.fetchOne(db, key: day)?.rules }
    }

    /// Keeps a manager's thresholds for hall day `day` (replacing any set before for that day).
    public func saveAlertRules(_ rules: AlertThresholds, day: String, by login: String?, now: Date) throws {
        try pool.write { db in try AlertRulesRecord(day: day, rules: rules, setBy: login, setAt: now).insert(db, onConflict: .replace) }
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
        var record = AlertRecord(alert)
        if alert.id == 0 { try record.insert(db) } else { try record.update(db) }
        return record.alert
    }

    /// Whether condition `key` has an alert that is not closed (the partial unique index allows at most one).
    static func activeAlertExists(key: String, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM alerts WHERE key = ? AND state <> 'closed'", arguments: [key]) ?? false
    }

    static func fetchAlert(_ id: Int64, db: Database) throws -> Alert? { try AlertRecord.fetchOne(db, key: id)?.alert }
}
