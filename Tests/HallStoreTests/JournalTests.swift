import Foundation
import Testing

@testable import HallCore
@testable import HallStore

@Suite struct JournalTests {
    @Test func journalKeepsOrderAndFactsAndReplaysAfterASequence() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/hall.sqlite")
        var rng = SplitMix64(seed: 5)
        var hall = Hall(config: storeTestConfig())
        var all: [JournaledEvent] = []
        all += try store.append(try hall.open(window: 1, officer: "o1", now: morning()), hall: hall)
        let (_, issued) = try hall.issue(TicketRequest(service: "A"), now: morning(), random: &rng)
        all += try store.append(issued, hall: hall)
        all += try store.append(try hall.callNext(window: 1, now: morning(7)).1, hall: hall)
        all += try store.append(try hall.start(window: 1, now: morning(8)), hall: hall)
        all += try store.append(try hall.finish(window: 1, now: morning(12)), hall: hall)

        #expect(all.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(all.map(\.kind) == ["window.changed", "ticket.issued", "ticket.called", "ticket.started", "ticket.finished"])
        let replay = try store.events(after: 2)
        #expect(replay.map(\.seq) == [3, 4, 5])
        #expect(replay[0].details["wait"] == "420")
        #expect(replay[2].details["service"] == "240")
        #expect(replay[2].window == 1 && replay[2].officer == "o1" && replay[2].service == "A")
        #expect(try store.events(from: morning(7), to: morning(9)).map(\.seq) == [3, 4])
    }

    @Test func everyNamedQueryUsesAnIndex() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/hall.sqlite")
        let plans = try store.queryPlans()
        #expect(plans.count == Queries.all.count)
        for (name, plan) in plans {
            let scansWholeTable = plan.split(separator: "\n").contains { line in
                line.hasPrefix("SCAN") && !line.contains("USING") && !line.contains("INDEX")
            }
            #expect(!scansWholeTable, "\(name) scans a whole table:\n\(plan)")
            #expect(plan.contains("INDEX") || plan.contains("PRIMARY KEY"), "\(name):\n\(plan)")
        }
    }

    @Test func opensWithWALAndFullSync() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/hall.sqlite")
        let (mode, sync) = try store.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(sync == 2)
        #expect(try store.schemaVersion() >= 1)
        #expect(store.isHealthy())
    }

    /// Commits leave the WAL to the daemon's own checkpoints (the writer's automatic one is only a far backstop), and a
    /// passive checkpoint from the store's own connection folds every committed page back.
    @Test func theWALIsCheckpointedFromAConnectionOfItsOwn() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/hall.sqlite")
        #expect(
            try store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") } == HallStore.autoCheckpointPages)
        var rng = SplitMix64(seed: 9)
        var hall = Hall(config: storeTestConfig())
        for i in 0..<300 {
            let (_, issued) = try hall.issue(TicketRequest(service: i % 2 == 0 ? "A" : "B"), now: morning(Double(i) / 10), random: &rng)
            try store.append(issued, hall: hall)
        }
        let (frames, checkpointed) = try store.checkpointPassively()
        #expect(frames > 0, "the commits are still in the WAL: no commit checkpointed it")
        #expect(checkpointed == frames, "with no reader in the way, every frame is folded back")
        #expect(try store.events(after: 0).count == 300)
    }

    @Test func unopenablePathIsAClearError() {
        #expect(throws: StoreError.self) { try HallStore(path: "/proc/hallq-cannot-write-here/hall.sqlite") }
    }
}

@Suite struct StatusListTests {
    @Test func theLiveTicketsQueryListsWhatTheDomainCallsLiveAsTheIndexDoes() throws {
        #expect(Queries.liveTickets.hasSuffix("WHERE status IN ('waiting', 'called', 'serving', 'transferred')"))
        #expect(TicketStatus.sqlList(\.isFinal) == "'done', 'noShow', 'cancelled'")
        let index = TempDir()
        let store = try HallStore(path: index.path + "/hall.sqlite")
        let definition = try store.pool.read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'tickets_live'") }
        #expect(definition?.hasSuffix(String(Queries.liveTickets.split(separator: "WHERE ").last!)) == true, "\(definition ?? "no index")")
    }
}

@Suite struct JournalIndexTests {
    /// A journal row goes at the end of the table and of every index on it: no index keyed by the (random) ticket id
    /// puts a page of its own into each commit.
    @Test func theJournalIsIndexedOnlyByIncreasingKeys() throws {
        let folder = TempDir()
        let store = try HallStore(path: folder.path + "/hall.sqlite")
        let indexes = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")
        }
        #expect(indexes == ["events_at: CREATE INDEX events_at ON events(at_ms)"])
    }
}
