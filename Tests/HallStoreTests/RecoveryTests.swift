import Foundation
import Testing

@testable import HallCore
@testable import HallStore

@Suite struct RecoveryTests {
    /// Applies an action to the hall and journals it, as the daemon does.
    func act(_ hall: inout Hall, _ store: HallStore, _ body: (inout Hall) throws -> [HallEvent]) throws {
        var next = hall
        let events = try body(&next)
        try store.append(events, hall: next)
        hall = next
    }

    @Test func everyCommitIsFsyncedBeforeItReturns() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/hall.sqlite")
        #expect(try store.writerSynchronousLevel() == 2, "synchronous must be FULL on the writer, whatever the pool's WAL set-up chose")
    }

    @Test func stateSurvivesAnUncleanStopAndNumberingContinues() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/hall.sqlite")
        var rng = SplitMix64(seed: 3)
        var hall = Hall(config: storeTestConfig())
        try act(&hall, store) { try $0.open(window: 1, officer: "officer1", now: morning()) }
        try act(&hall, store) { try $0.open(window: 2, officer: "officer2", now: morning()) }
        for i in 0..<5 { try act(&hall, store) { try $0.issue(TicketRequest(service: "A"), now: morning(Double(i)), random: &rng).1 } }
        try act(&hall, store) { try $0.issue(TicketRequest(service: "B", priority: .green), now: morning(5), random: &rng).1 }
        try act(&hall, store) { try $0.callNext(window: 1, now: morning(6)).1 }
        try act(&hall, store) { try $0.start(window: 1, now: morning(7)) }
        try act(&hall, store) { try $0.finish(window: 1, now: morning(9)) }
        try act(&hall, store) { try $0.callNext(window: 1, now: morning(10)).1 }
        try act(&hall, store) { try $0.transfer(window: 1, to: .window(2), now: morning(11)) }
        try act(&hall, store) { try $0.pause(window: 1, reason: "break", now: morning(12)) }

        // Copy the database files while the store is still open: what a crash leaves on disk.
        let crashed = TempDir()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: store.path + suffix) {
            try FileManager.default.copyItem(atPath: store.path + suffix, toPath: crashed.path + "/hall.sqlite" + suffix)
        }
        let reopened = try HallStore(path: crashed.path + "/hall.sqlite")
        var restored = try reopened.loadHall(config: storeTestConfig(), now: morning(13))

        #expect(restored.tickets == hall.tickets)
        #expect(restored.windows == hall.windows)
        #expect(restored.counters == hall.counters)
        #expect(restored.priorityStreaks == hall.priorityStreaks)
        #expect(restored.snapshot(now: morning(13)) == hall.snapshot(now: morning(13)))
        let next = try restored.issue(TicketRequest(service: "A"), now: morning(14), random: &rng).0
        #expect(next.number == "A006")
        #expect(try reopened.ticket(next.id) == nil, "not journaled yet")
        let finished = try #require(try reopened.tickets(onDay: "2026-11-24").first { $0.status == .done })
        #expect(finished.number == "A001" && finished.window == 1 && finished.officer == "officer1")
    }

    @Test func countersNeverFallBehindStoredNumbers() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/hall.sqlite")
        var rng = SplitMix64(seed: 9)
        var hall = Hall(config: storeTestConfig())
        for _ in 0..<3 { try act(&hall, store) { try $0.issue(TicketRequest(service: "B"), now: morning(), random: &rng).1 } }
        // Even if the counters table were lost, the stored tickets keep the day's numbering going.
        try store.pool.write { db in try db.execute(sql: "DELETE FROM counters") }
        var restored = try store.loadHall(config: storeTestConfig(), now: morning(1))
        #expect(try restored.issue(TicketRequest(service: "B"), now: morning(1), random: &rng).0.number == "B004")
    }

    @Test func theDatabaseRefusesADuplicateNumberOnADay() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/hall.sqlite")
        var rng = SplitMix64(seed: 1)
        var hall = Hall(config: storeTestConfig())
        let (ticket, events) = try hall.issue(TicketRequest(service: "A"), now: morning(), random: &rng)
        try store.append(events, hall: hall)
        var twin = ticket
        twin.id = TicketID("another-id")
        #expect(throws: (any Error).self) { try store.append([HallEvent(kind: .ticketIssued, at: morning(), ticket: twin)], hall: hall) }
        #expect(try store.tickets(onDay: "2026-11-24").count == 1, "the failed transaction left nothing behind")
        #expect(try store.lastEventSeq() == 1)
    }
}
