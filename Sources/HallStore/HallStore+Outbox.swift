import Foundation
import GRDB
import HallCore

/// What an outbox row notifies of: an alert, or a ticket's reminder (due on that ticket's hall day only).
public enum OutboxOwner: Sendable, Hashable {
    case alert(Int64)
    case reminder(ticket: TicketID, day: String, kind: ReminderKind)

    /// The alert's id, for alert notifications.
    public var alertID: Int64? { if case .alert(let id) = self { id } else { nil } }

    /// How the log names it: `alert 12`, `ahead reminder of ticket k3…`.
    public var description: String {
        switch self {
        case .alert(let id): "alert \(id)"
        case .reminder(let ticket, _, let kind): "\(kind.rawValue) reminder of ticket \(ticket)"
        }
    }
}

/// A notification in the outbox, as the delivery worker sees it.
public struct OutboxDelivery: Sendable, Hashable {
    public var id: Int64
    public var owner: OutboxOwner
    public var channel: String
    public var target: String
    public var payload: String
    /// Tries so far.
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date
}

extension HallStore {
    /// Pending notifications due at `now`, oldest first.
    public func dueDeliveries(now: Date, limit: Int = 20) throws -> [OutboxDelivery] {
        try pool.read { db in
            try OutboxRecord.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_ms <= ? ORDER BY next_attempt_ms, id LIMIT ?",
                arguments: [now.millis, limit]
            ).map(\.delivery)
        }
    }

    /// When the next pending notification falls due, if any is pending.
    public func nextDeliveryDue() throws -> Date? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT MIN(next_attempt_ms) AS next_attempt_ms FROM outbox WHERE state = 'pending'") else {
                return nil
            }
            return try StoredRow(row, table: "outbox", key: "next_attempt_ms").optionalInstant("next_attempt_ms")
        }
    }

    /// Records a successful delivery.
    public func markDelivered(_ id: Int64, attempts: Int, now: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE outbox SET state = 'delivered', attempts = ?, delivered_at_ms = ?, last_error = NULL WHERE id = ?",
                arguments: [attempts, now.millis, id])
        }
    }

    /// Records a failed try: retried at `retryAt`, or dead-lettered when `retryAt` is nil.
    public func markFailed(_ id: Int64, attempts: Int, error: String, retryAt: Date?) throws {
        try pool.write { db in
            if let retryAt {
                try db.execute(
                    sql: "UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_ms = ? WHERE id = ?",
                    arguments: [attempts, error, retryAt.millis, id])
            } else {
                try db.execute(sql: "UPDATE outbox SET state = 'dead', attempts = ?, last_error = ? WHERE id = ?", arguments: [attempts, error, id])
            }
        }
    }

    /// Notifications given up on, newest first (shown on the dashboard).
    public func deadLetters(limit: Int = 50) throws -> [OutboxDelivery] {
        try pool.read { db in
            let dead = try OutboxRecord.fetchAll(db, sql: "SELECT * FROM outbox WHERE state = 'dead' ORDER BY id DESC LIMIT ?", arguments: [limit])
            return dead.map(\.delivery)
        }
    }

    /// Queues the messages of a reminder (one per reminder: a reminder already queued, also in another message, is
    /// left as it is); true when it was queued now.
    @discardableResult
    public func queueReminder(_ reminder: Reminder, message: OutboxMessage, now: Date) throws -> Bool {
        try pool.write { db in
            let owner = OutboxOwner.reminder(ticket: reminder.ticketID, day: reminder.day, kind: reminder.kind)
            var record = OutboxRecord(queuing: message, for: owner, now: now)
            try record.insert(db, onConflict: .ignore)
            return db.changesCount > 0
        }
    }

    /// The reminders queued for tickets of `day` (whatever became of their delivery), by ticket.
    public func remindersQueued(day: String) throws -> [TicketID: Set<ReminderKind>] {
        try pool.read { db in
            var queued: [TicketID: Set<ReminderKind>] = [:]
            for row in try Row.fetchAll(db, sql: Queries.remindersOfDay, arguments: [day]) {
                let r = StoredRow(row, table: "outbox", key: "ticket_id")
                queued[TicketID(try r.text("ticket_id")), default: []].insert(try r.name("reminder", as: ReminderKind.self))
            }
            return queued
        }
    }

    /// Counts of outbox rows per state (for metrics).
    public func outboxCounts() throws -> [String: Int] {
        try pool.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state").map { row in
                    let r = StoredRow(row, table: "outbox", key: "state")
                    return (try r.name("state", as: OutboxRecord.State.self).rawValue, try r.int("n"))
                })
        }
    }
}
