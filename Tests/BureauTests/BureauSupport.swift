import BureauStore
import Foundation
import HallConfigFile
import HallCore
import HallStore
import HallTesting
import PostgresClient
import Testing

/// The demo hall as the bureau would know it under `hallID`.
func demoProfile(hallID: String = "haidian-1") throws -> HallProfile {
    let config = try HallConfig.load(path: TestDaemon.repositoryRoot.appendingPathComponent("config/demo-hall.toml").path)
    let link = BureauLink(postgresURL: "postgresql://unused", hallID: hallID, address: LocalizedName(zh: "海淀区 1 号", en: "1 Haidian Road"))
    return HallProfile(config: config, link: link)
}

/// A run of journal rows from `first` to `last`: a ticket of service A issued, called after `wait` seconds and
/// finished, per three rows, starting at `start`.
func journal(_ seqs: ClosedRange<Int64>, start: Date = Date(timeIntervalSince1970: 1_790_000_000), wait: Int = 300) -> [JournaledEvent] {
    seqs.map { seq in
        let n = (seq - 1) / 3
        let at = start + Double(seq * 60)
        let id = TicketID("A\(n)")
        switch (seq - 1) % 3 {
        case 0: return JournaledEvent(seq: seq, kind: "ticket.issued", at: at, ticketID: id, service: "A")
        case 1: return JournaledEvent(seq: seq, kind: "ticket.called", at: at, ticketID: id, service: "A", window: 1, details: ["wait": "\(wait)"])
        default:
            return JournaledEvent(
                seq: seq, kind: "ticket.finished", at: at, ticketID: id, service: "A", window: 1, officer: "zhang", details: ["service": "120"])
        }
    }
}

/// A fresh cluster with the bureau's schema applied.
func bureauDatabase() throws -> (TestPostgres, PostgresSettings) {
    let postgres = try TestPostgres.start()
    let settings = try PostgresSettings(postgres.url)
    let connection = try PostgresConnection(settings)
    try BureauSchema.migrate(connection)
    return (postgres, settings)
}

/// Three halls shipping to one bureau: `busy` with six waiting at one open window, `quiet` with one waiting at
/// one open window, `shut` with two waiting and every window closed; each ships `batchEvents` rows a transaction.
final class ThreeHalls {
    let postgres: TestPostgres
    let bureau: TestBureau
    var halls: [String: TestDaemon] = [:]
    var configs: [BureauHallConfig] = []

    init(bureauArguments: [String] = [], batchEvents: Int? = nil) throws {
        postgres = try TestPostgres.start()
        bureau = try TestBureau.start(postgresURL: postgres.url, extraArguments: bureauArguments)
        for (id, waiting, open) in [("busy", 6, true), ("quiet", 1, true), ("shut", 2, false)] {
            let config = try BureauHallConfig(postgresURL: postgres.url, hallID: id, address: "\(id) street", batchEvents: batchEvents)
            configs.append(config)
            let hall = try TestDaemon.start(config: config.path)
            halls[id] = hall
            let manager = try hall.login("manager")
            if open { #expect(try hall.request("POST", "/api/windows/1/open", token: manager).status == 200) }
            for _ in 0..<waiting { #expect(try hall.request("POST", "/api/tickets", json: ["service": "A"]).status == 201) }
        }
    }

    deinit {
        for hall in halls.values { hall.stop() }
        bureau.stop()
        postgres.remove()
    }
}

/// A copy of the demo hall's configuration shipping to `postgres` as `hallID`, in its own temporary folder.
final class BureauHallConfig {
    let directory: URL
    let path: String

    init(postgresURL: String, hallID: String, address: String = "1 Test Road", batchEvents: Int? = nil, edit: (String) -> String = { $0 }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-bureau-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("hall.toml").path
        let demo = try String(contentsOf: TestDaemon.repositoryRoot.appendingPathComponent("config/demo-hall.toml"), encoding: .utf8)
        let bureau = """

            [bureau]
            postgres_url = "\(postgresURL)"
            hall_id = "\(hallID)"
            address_zh = "测试路 1 号"
            address_en = "\(address)"
            \(batchEvents.map { "batch_events = \($0)" } ?? "")

            """
        try (edit(demo) + bureau).write(toFile: path, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

extension TestDaemon {
    /// The hall's own journal sequence numbers, oldest first (read with the sqlite3 program, beside the daemon).
    func journalSeqs() throws -> [Int64] {
        let result = try runTool("sqlite3", [databasePath, "SELECT seq FROM events ORDER BY seq"])
        guard result.status == 0 else { throw TestDaemonError.http("sqlite3 failed: \(result.output)") }
        return result.output.split(separator: "\n").compactMap { Int64($0) }
    }

    /// The hall's own journal as `seq|kind|ticket|service|window|officer` lines, oldest first, to compare with the bureau's.
    func journalRows() throws -> [String] {
        let row = "seq||'|'||kind||'|'||ifnull(ticket_id,'')||'|'||ifnull(service,'')||'|'||ifnull(window,'')||'|'||ifnull(officer,'')"
        let sql = "SELECT \(row) FROM events ORDER BY seq"
        let result = try runTool("sqlite3", [databasePath, sql])
        guard result.status == 0 else { throw TestDaemonError.http("sqlite3 failed: \(result.output)") }
        return result.output.split(separator: "\n").map(String.init)
    }
}

extension TestPostgres {
    /// The sequence numbers the bureau holds for `hall`, in order.
    func shippedSeqs(hall: String) throws -> [Int64] {
        try psql("SELECT seq FROM bureau_events WHERE hall_id = '\(hall)' ORDER BY seq").split(separator: "\n").compactMap { Int64($0) }
    }

    /// The rows the bureau holds for `hall` in the form of ``TestDaemon/journalRows()``.
    func shippedRows(hall: String) throws -> [String] {
        let row =
            "seq||'|'||kind||'|'||coalesce(ticket_id,'')||'|'||coalesce(service,'')||'|'||coalesce(\"window\"::text,'')||'|'||coalesce(officer,'')"
        return try psql("SELECT \(row) FROM bureau_events WHERE hall_id = '\(hall)' ORDER BY seq").split(separator: "\n").map(String.init)
    }
}

/// Polls `condition` every 100 ms for up to `seconds`; true once it holds.
func eventually(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date() + seconds
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.1)
    }
    return try condition()
}
