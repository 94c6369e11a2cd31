import BureauStore
import Foundation
import HallConfigFile
import HallCore
import HallStore
import HallTesting
import PostgresClient

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

/// A copy of the demo hall's configuration shipping to `postgres` as `hallID`, in its own temporary folder.
final class BureauHallConfig {
    let directory: URL
    let path: String

    init(postgresURL: String, hallID: String, address: String = "1 Test Road", edit: (String) -> String = { $0 }) throws {
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
}

extension TestPostgres {
    /// The sequence numbers the bureau holds for `hall`, in order.
    func shippedSeqs(hall: String) throws -> [Int64] {
        try psql("SELECT seq FROM bureau_events WHERE hall_id = '\(hall)' ORDER BY seq").split(separator: "\n").compactMap { Int64($0) }
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
