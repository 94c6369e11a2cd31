import BureauStore
import Foundation
import HallConfigFile
import HallCore
import HallStore
import HallTesting
import PostgresClient
import Testing

@Suite("Pruning a hall that ships to a bureau", .enabled(if: TestPostgres.isAvailable, "PostgreSQL's server programs are not installed (make deps)"))
struct PruneBureauTests {
    /// Runs `hallqd prune` on the hall; its exit status and what it printed.
    func prune(_ config: BureauHallConfig, db: String, _ extra: [String] = []) throws -> ToolResult {
        try runTool(TestDaemon.binary, ["prune", "--config", config.path, "--db", db, "--older-than-days", "1"] + extra, mergingErrors: true)
    }

    /// The journal's sequence numbers, oldest first.
    func journal(_ db: String) throws -> [Int64] {
        try HallStore(path: db).events(after: 0, limit: 1_000_000).map(\.seq)
    }

    @Test("prune keeps every journal row the bureau has not received, and removes none when it cannot ask the bureau")
    func keepsWhatTheBureauLacks() throws {
        let (postgres, settings) = try bureauDatabase()
        defer { postgres.remove() }
        let config = try BureauHallConfig(postgresURL: postgres.url, hallID: "pruned")
        let db = config.directory.appendingPathComponent("hall.sqlite").path
        let simulated = try runTool(TestDaemon.binary, ["simulate", "--config", config.path, "--db", db, "--days", "6"], mergingErrors: true)
        try #require(simulated.status == 0, "\(simulated.output)")

        // The bureau holds the first quarter of the journal; the rest (days old enough to prune among it) has not arrived.
        let before = try journal(db)
        let held = before[before.count / 4]
        let hall = try HallConfig.load(path: config.path)
        let shipping = try HallShipping(settings: settings, profile: HallProfile(config: hall, link: hall.bureau!))
        try shipping.ship(try HallStore(path: db).events(after: 0, limit: Int(held)))
        #expect(shipping.shippedSeq == held)

        // PostgreSQL down: prune refuses to touch the journal (or anything), unless told to keep the journal.
        try postgres.psql("CHECKPOINT")  // the test cluster commits without waiting for the disk; keep the rows across the stop
        try postgres.stopServer()
        let refused = try prune(config, db: db)
        #expect(refused.status != 0)
        #expect(refused.output.contains("cannot ask the bureau") && refused.output.contains("--keep-journal"), "\(refused.output)")
        #expect(try journal(db) == before)
        let ticketsOnly = try prune(config, db: db, ["--keep-journal", "--dry-run"])
        #expect(ticketsOnly.status == 0 && ticketsOnly.output.contains("and 0 journal rows"), "\(ticketsOnly.output)")
        #expect(!ticketsOnly.output.contains("would remove 0 tickets"), "\(ticketsOnly.output)")

        // Back: old rows the bureau holds go; old rows it lacks stay, and prune says how many.
        try postgres.startServer()
        let dry = try prune(config, db: db, ["--dry-run"])
        #expect(dry.status == 0 && dry.output.contains("would remove") && dry.output.contains("and \(held) journal rows"), "\(dry.output)")
        let pruned = try prune(config, db: db)
        #expect(pruned.status == 0, "\(pruned.output)")
        let after = try journal(db)
        #expect(after.first == held + 1 && after == Array(before.drop { $0 <= held }), "\(pruned.output)")
        let cutoff = try #require(HallDays.adding(-1, to: HallCalendar(timeZone: hall.timeZone).day(of: Date())))
        let calendar = HallCalendar(timeZone: hall.timeZone)
        let keptOld = try HallStore(path: db).events(after: 0, limit: 1_000_000).filter { calendar.day(of: $0.at) < cutoff }.count
        #expect(keptOld > 0, "the test needs old rows the bureau lacks")
        #expect(pruned.output.contains("up to row \(held); kept \(keptOld) older journal rows it has not received yet"), "\(pruned.output)")

        // Once shipped, they can go.
        try HallShipping(settings: settings, profile: HallProfile(config: hall, link: hall.bureau!)).ship(
            try HallStore(path: db).events(after: held, limit: 1_000_000))
        #expect(try prune(config, db: db).output.contains("and \(keptOld) journal rows"))
        #expect(try HallStore(path: db).events(after: 0, limit: 1_000_000).allSatisfy { calendar.day(of: $0.at) >= cutoff })
    }
}
