import Foundation
import GRDB
import Testing

@testable import HallCore
@testable import HallStore

/// A row holding what the hall never writes is refused with an error naming the table, row and column: never read as
/// a default (no details) and never a crash.
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

    @Test func journalRowsWithMalformedDetailsOrTimesAreRefused() throws {
        let store = try store()
        try store.appendJournal([JournaledEvent(seq: 0, kind: "window.changed", at: morning(), window: 1)], calendar: HallCalendar(timeZone: .current))
        try store.pool.write { db in try db.execute(sql: "UPDATE events SET details = '{\"wait\": 420}'") }
        #expect(badRow { _ = try store.events(after: 0) }.map { "\($0.table).\($0.column)" } == "events.details")
        try store.pool.write { db in try db.execute(sql: "UPDATE events SET details = NULL, at_ms = 253402300800000") }
        #expect(badRow { _ = try store.events(after: 0) }?.column == "at_ms", "after the year 9999")
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
