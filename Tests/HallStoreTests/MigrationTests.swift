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
}
