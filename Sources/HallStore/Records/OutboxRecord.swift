import Foundation
import GRDB
import HallCore

/// A row of `outbox`: one notification of an alert, or one reminder text of a ticket, and how its delivery goes.
struct OutboxRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "outbox"

    /// Where a notification is in its delivery.
    enum State: String, CaseIterable {
        case pending, delivered, dead
    }

    var id: Int64?
    var owner: OutboxOwner
    var message: OutboxMessage
    var state: State
    var attempts: Int
    var nextAttemptAt: Date
    var lastError: String?
    var createdAt: Date
    var deliveredAt: Date?

    /// A notification queued at `now`, due at once.
    init(queuing message: OutboxMessage, for owner: OutboxOwner, now: Date) {
        (id, self.owner, self.message, state, attempts) = (nil, owner, message, .pending, 0)
        (nextAttemptAt, lastError, createdAt, deliveredAt) = (now, nil, now, nil)
    }

    init(row: Row) throws {
        let r = StoredRow(row, table: Self.databaseTableName, key: "id")
        id = try r.int64("id")
        if let alert = try r.optionalInt64("alert_id") {
            owner = .alert(alert)
        } else {
            owner = .reminder(
                ticket: TicketID(try r.text("ticket_id")), day: try r.text("ticket_day"), kind: try r.name("reminder", as: ReminderKind.self))
        }
        message = OutboxMessage(channel: try r.text("channel"), target: try r.text("target"), payload: try r.text("payload"))
        state = try r.name("state", as: State.self)
        attempts = try r.int("attempts")
        nextAttemptAt = try r.instant("next_attempt_ms")
        lastError = try r.optionalText("last_error")
        createdAt = try r.instant("created_at_ms")
        deliveredAt = try r.optionalInstant("delivered_at_ms")
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        switch owner {
        case .alert(let alert):
            container["alert_id"] = alert
        case .reminder(let ticket, let day, let kind):
            container["ticket_id"] = ticket.rawValue
            container["ticket_day"] = day
            container["reminder"] = kind.rawValue
        }
        container["channel"] = message.channel
        container["target"] = message.target
        container["payload"] = message.payload
        container["state"] = state.rawValue
        container["attempts"] = attempts
        container["next_attempt_ms"] = nextAttemptAt.millis
        container["last_error"] = lastError
        container["created_at_ms"] = createdAt.millis
        container["delivered_at_ms"] = deliveredAt?.millis
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// What the delivery worker needs.
    var delivery: OutboxDelivery {
        OutboxDelivery(
            id: id ?? 0, owner: owner, channel: message.channel, target: message.target, payload: message.payload, attempts: attempts,
            lastError: lastError, createdAt: createdAt)
    }
}
