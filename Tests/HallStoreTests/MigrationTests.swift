import Foundation
import GRDB
import Testing

@testable import HallCore
@testable import HallStore

/// What each migration does to an old database stays what it did when it was written.
@Suite struct MigrationTests {
    @Test func v4BackfillsDailyRollupsAsItAlwaysDidEvenFromRowsTheStoreNowRefuses() throws {
        let dir = TempDir()
        let path = dir.path + "/old.sqlite"
        // A database of the v3 schema with one hour of history.
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v3-hour-rollups")
        let hour = morning().millis
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO hour_rollups(hour_start_ms, service, day, weekday, hour, arrivals) VALUES (?, 'A', '2026-11-24', 2, 9, 1)",
                arguments: [hour])
            let events: [(Int64, String, Int?, String?, String?)] = [
                (hour, "ticket.issued", nil, nil, #"{"priority":"normal"}"#),
                (hour + 60_000, "ticket.called", 1, "o1", #"{"wait":"600"}"#),
                (hour + 120_000, "ticket.called", 1, "o1", "not json"),
                (hour + 180_000, "rating.given", 1, "o1", #"{"score":"2",}"#),
                (hour + 7_200_000, "ticket.issued", nil, nil, nil),
            ]
            for (at, kind, window, officer, details) in events {
                try db.execute(
                    sql: "INSERT INTO events(at_ms, kind, service, window, officer, details) VALUES (?, ?, 'A', ?, ?, ?)",
                    arguments: [at, kind, window, officer, details])
            }
        }
        try queue.close()
        let store = try HallStore(path: path)
        let rows = try store.dayRollups(fromDay: "2026-11-24", toDay: "2026-11-24")
        #expect(rows.map { "\($0.window)/\($0.officer)" } == ["0/", "1/o1"])
        #expect(rows[0].tally.arrivals == 1, "the issue two hours later has no hour rollup, so no day: skipped")
        let window = rows[1].tally
        #expect(window.calls == 2 && window.waitCount == 1 && window.waitSum == 600, "details it could not read counted as none")
        #expect(window.ratings == 1 && window.dissatisfied == 1, "the trailing comma its own reader accepted")
        #expect(throws: StoreError.self, "the store of today refuses those rows") { try store.events(after: 0) }
    }

    @Test func v9KeepsEveryAlertNotificationAndLetsOneReminderOfEachKindInPerTicket() throws {
        let dir = TempDir()
        let path = dir.path + "/old.sqlite"
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v8-appointments")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO alerts(id, key, kind, level, state, message, message_en, raised_at_ms, last_notified_at_ms, notifications)
                        VALUES (4, 'load', 'load', 1, 'open', 'm', 'm', 0, 0, 1);
                    INSERT INTO outbox(id, alert_id, channel, target, payload, state, attempts, next_attempt_ms, last_error, created_at_ms)
                        VALUES (7, 4, 'sms', '13800000001', 'text', 'dead', 6, 0, 'exit 1', 0);
                    """)
        }
        try queue.close()
        let store = try HallStore(path: path)
        let dead = try store.deadLetters()
        #expect(dead.map(\.id) == [7] && dead.first?.owner == .alert(4) && dead.first?.lastError == "exit 1", "the old row, id and all")
        let reminder = Reminder(kind: .ahead, ticketID: TicketID("t1"), day: "2026-11-24", number: "A005", phone: "13912345678", ahead: 3)
        let text = OutboxMessage(channel: "sms", target: "13912345678", payload: "A005")
        #expect(try store.queueReminder(reminder, message: text, now: morning()))
        #expect(try !store.queueReminder(reminder, message: text, now: morning(1)), "one message per reminder")
        var called = reminder
        called.kind = .called
        #expect(try store.queueReminder(called, message: text, now: morning(2)))
        #expect(try store.remindersQueued(day: "2026-11-24") == [TicketID("t1"): [.ahead, .called]])
        let due = try store.dueDeliveries(now: morning(5))
        #expect(
            due.map(\.owner) == [
                .reminder(ticket: TicketID("t1"), day: "2026-11-24", kind: .ahead),
                .reminder(ticket: TicketID("t1"), day: "2026-11-24", kind: .called),
            ])
        // The next day, the number leaves the outbox and what was still pending is given up.
        try store.markDelivered(due[0].id, attempts: 1, now: morning(6))
        try store.clearContacts(before: "2026-11-25")
        let (numbers, states) = try store.pool.read { db in
            (
                try String.fetchAll(db, sql: "SELECT target || payload FROM outbox WHERE ticket_id IS NOT NULL"),
                try String.fetchAll(db, sql: "SELECT state FROM outbox WHERE ticket_id IS NOT NULL ORDER BY id")
            )
        }
        #expect(numbers == ["", ""] && states == ["delivered", "dead"])
    }
}
