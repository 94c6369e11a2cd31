import Foundation
import GRDB
import Testing

@testable import HallCore
@testable import HallStore

/// A row holding what the hall never writes is refused with an error naming the table, row and column: never read as
/// a default (a `load` alert, no details, the config's thresholds) and never a crash.
@Suite struct BadRowTests {
    let dir = TempDir()

    func store() throws -> HallStore { try HallStore(path: dir.path + "/hall.sqlite") }

    /// The bad row error `body` throws, as (table, column).
    func badRow(_ body: () throws -> Void) -> (table: String, column: String, said: String)? {
        do {
            try body()
        } catch let StoreError.badRow(table, _, column, problem) {
            return (table, column, problem)
        } catch {
            return ("other error", "\(error)", "")
        }
        return nil
    }

    func raiseOne(_ store: HallStore) throws -> Int64 {
        let condition = AlertCondition(key: "queue:A", kind: .queue, message: "m", messageEn: "m", details: ["service": "A"])
        return try #require(try store.commit([.raise(Alert(raising: condition, now: morning()))], now: morning()) { _, _ in [] }.first).alert.id
    }

    @Test func anAlertOfAnUnknownKindOrWithBrokenDetailsOrTimesIsRefused() throws {
        let store = try store()
        let id = try raiseOne(store)
        let cases: [(set: String, column: String)] = [
            ("kind = 'flood'", "kind"), ("details = '{\"waiting\": 31}'", "details"), ("details = 'not json'", "details"),
            ("raised_at_ms = -1", "raised_at_ms"), ("raised_at_ms = 'yesterday'", "raised_at_ms"), ("closed_at_ms = 1.5", "closed_at_ms"),
            ("level = 'one'", "level"),
        ]
        for (set, column) in cases {
            try store.pool.write { db in
                try db.execute(sql: "UPDATE alerts SET kind = 'queue', details = NULL, raised_at_ms = 0, closed_at_ms = NULL, level = 1")
                try db.execute(sql: "UPDATE alerts SET \(set)")
            }
            let refused = badRow { _ = try store.alerts(.all) }
            #expect(refused?.table == "alerts" && refused?.column == column, "\(set): \(String(describing: refused))")
            #expect(badRow { _ = try store.alert(id) }?.column == column)
        }
        try store.pool.write { db in try db.execute(sql: "UPDATE alerts SET kind = 'flood'") }
        let error = try #require(throws: StoreError.self) { try store.activeAlerts() }
        #expect(
            error.description == "database content is not valid: alerts row id \(id), kind: \"flood\" is not one of queue, load, wait, rating, pause")
    }

    /// Rollups are read as numbers they must be: a damaged counter is an error naming its table and column, where
    /// reading it had been a crash of the whole daemon on the next statistics or heatmap request.
    @Test func aRollupThatIsNotANumberIsRefused() throws {
        let store = try store()
        let hour = morning().millis
        try store.pool.write { db in
            try db.execute(
                sql: "INSERT INTO hour_rollups(hour_start_ms, service, day, weekday, hour) VALUES (?, 'A', '2026-11-24', 2, 9)", arguments: [hour])
            try db.execute(sql: "INSERT INTO day_rollups(day, \"window\", officer, service) VALUES ('2026-11-24', 1, 'o1', 'A')")
        }
        #expect(try store.rollups(from: morning(-60), to: morning(60)).count == 1)
        #expect(try store.dayRollups(fromDay: "2026-11-24", toDay: "2026-11-24").count == 1)
        try store.pool.write { db in
            try db.execute(sql: "UPDATE hour_rollups SET weekday = 'Tue', served = 1.5")
            try db.execute(sql: "UPDATE day_rollups SET wait_sum = 'long'")
        }
        #expect(badRow { _ = try store.rollups(from: morning(-60), to: morning(60)) }.map { "\($0.table).\($0.column)" } == "hour_rollups.weekday")
        #expect(
            badRow { _ = try store.dayRollups(fromDay: "2026-11-24", toDay: "2026-11-24") }.map { "\($0.table).\($0.column)" }
                == "day_rollups.wait_sum")
        try store.pool.write { db in try db.execute(sql: "UPDATE hour_rollups SET weekday = 2") }
        #expect(badRow { _ = try store.rollups(from: morning(-60), to: morning(60)) }?.column == "served", "a fraction is not a count")
    }

    @Test func aDaysRulesThatAreNotThresholdsAreRefusedNotReplacedByTheConfigs() throws {
        let store = try store()
        try store.saveAlertRules(AlertThresholds(maxWaitingPerService: 12), day: "2026-11-24", by: "manager", now: morning())
        #expect(try store.alertRules(day: "2026-11-24")?.maxWaitingPerService == 12)
        try store.pool.write { db in try db.execute(sql: "UPDATE alert_rules SET rules = '{\"maxWaitingPerService\": \"many\"}'") }
        #expect(badRow { _ = try store.alertRules(day: "2026-11-24") }?.column == "rules")
        #expect(try store.alertRules(day: "2026-11-25") == nil, "a day without rules still has none")
    }

    @Test func journalRowsWithMalformedDetailsOrTimesAreRefused() throws {
        let store = try store()
        try store.appendJournal(
            [JournaledEvent(seq: 0, kind: "window.changed", at: morning(), window: 1)], calendar: HallCalendar(timeZone: .current))
        try store.pool.write { db in try db.execute(sql: "UPDATE events SET details = '{\"wait\": 420}'") }
        #expect(badRow { _ = try store.events(after: 0) }.map { "\($0.table).\($0.column)" } == "events.details")
        try store.pool.write { db in try db.execute(sql: "UPDATE events SET details = NULL, at_ms = 253402300800000") }
        #expect(badRow { _ = try store.events(after: 0) }?.column == "at_ms", "after the year 9999")
    }

    @Test func ratingsSessionsPadsAndTheOutboxAreReadStrictly() throws {
        let store = try store()
        let rating = Rating(
            ticketID: TicketID("t1"), day: "2026-11-24", service: "A", window: 1, officer: "officer1", score: 2, reason: nil, source: .phone,
            at: morning())
        _ = try store.record(rating, number: "A001", alert: nil, calendar: HallCalendar(timeZone: .current)) { _, _ in [] }
        try store.pool.write { db in try db.execute(sql: "UPDATE ratings SET source = 'kiosk'") }
        #expect(badRow { _ = try store.rating(of: TicketID("t1")) }?.column == "source")
        try store.pool.write { db in try db.execute(sql: "UPDATE ratings SET source = 'pad', window = 'one'") }
        #expect(badRow { _ = try store.ratingsByWindow(day: "2026-11-24", dissatisfiedAtOrBelow: 2) }?.column == "window")

        try store.saveSession(StoredSession(tokenHash: "h", login: "boss", role: .manager, window: nil, expiresAt: morning(60)), now: morning())
        #expect(try store.session(tokenHash: "h", now: morning())?.role == .manager)
        try store.pool.write { db in try db.execute(sql: "UPDATE sessions SET role = 'director'") }
        #expect(badRow { _ = try store.session(tokenHash: "h", now: morning()) }?.column == "role")

        let pad = try store.savePad(tokenHash: "p", window: 2, label: nil, pairedBy: "officer2", now: morning())
        #expect(try store.pads() == [pad])
        try store.pool.write { db in try db.execute(sql: "UPDATE pads SET last_used_at_ms = 'just now'") }
        #expect(badRow { _ = try store.pad(tokenHash: "p") }?.column == "last_used_at_ms")

        let condition = AlertCondition(key: "load", kind: .load, message: "m", messageEn: "m")
        try store.commit([.raise(Alert(raising: condition, now: morning()))], now: morning()) { _, _ in
            [OutboxMessage(channel: "sms", target: "13800000001", payload: "m")]
        }
        #expect(try store.dueDeliveries(now: morning()).map(\.target) == ["13800000001"])
        try store.pool.write { db in try db.execute(sql: "UPDATE outbox SET created_at_ms = 'early'") }
        #expect(badRow { _ = try store.dueDeliveries(now: morning()) }?.column == "created_at_ms")
    }

    @Test func liveStateWithImpossibleValuesIsRefusedAtStart() throws {
        let store = try store()
        var rng = SplitMix64(seed: 2)
        var hall = Hall(config: storeTestConfig())
        try store.append(try hall.issue(TicketRequest(service: "A"), now: morning(), random: &rng).1, hall: hall)
        try store.pool.write { db in try db.execute(sql: "UPDATE tickets SET issued_at_ms = 'morning'") }
        #expect(badRow { _ = try store.loadHall(config: storeTestConfig(), now: morning()) }?.column == "issued_at_ms")
        try store.pool.write { db in try db.execute(sql: "UPDATE tickets SET issued_at_ms = 0; UPDATE counters SET last = 'three'") }
        #expect(badRow { _ = try store.loadHall(config: storeTestConfig(), now: morning()) }.map { "\($0.table).\($0.column)" } == "counters.last")
    }
}
