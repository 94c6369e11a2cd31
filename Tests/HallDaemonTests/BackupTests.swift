import Foundation
import HallTesting
import Locking
import Testing

/// `hallqd backup` while the daemon serves, and `hallqd restore`, which checks a backup before putting it in place.
@Suite(.serialized) struct BackupTests {
    static func hallqd(_ arguments: [String]) throws -> ToolResult { try runTool(TestDaemon.binary, arguments, mergingErrors: true) }

    /// One row per line from the sqlite3 shell.
    static func sqlite(_ database: String, _ sql: String) throws -> [String] {
        let result = try runTool("sqlite3", ["-readonly", database, sql], mergingErrors: true)
        guard result.status == 0 else { throw TestDaemonError.http("sqlite3 \(database): \(result.output)") }
        return result.output.split(separator: "\n").map(String.init)
    }

    /// The hall without its per-address limit, so that one test client may take tickets as fast as it likes.
    static func unlimitedHall() throws -> ConfigCopy {
        try ConfigCopy { $0.replacingOccurrences(of: "tickets_per_address_per_minute = 5", with: "tickets_per_address_per_minute = 0") }
    }

    @Test func aBackupTakenUnderLoadHoldsEveryTicketAcknowledgedBeforeIt() throws {
        let config = try Self.unlimitedHall()
        let daemon = try TestDaemon.start(config: config.path)
        defer { daemon.stop() }
        // Tickets taken without pause by two clients; each acknowledged id is noted with when its answer came.
        struct Load {
            var acknowledged: [(id: String, at: Date)] = []
            var failures: [String] = []
            var stop = false
        }
        let load = Locked(Load())
        let clients = (0..<2).map { client in
            Thread {
                let services = ["A", "B", "C", "D", "E"]
                var n = client
                while !load.read({ $0.stop }) {
                    n += 1
                    do {
                        let reply = try daemon.request("POST", "/api/tickets", json: ["service": services[n % services.count]])
                        let at = Date()
                        load.withLock {
                            if reply.status == 201, let id = reply.json["id"] as? String {
                                $0.acknowledged.append((id, at))
                            } else {
                                $0.failures.append("\(reply.status) \(reply.text)")
                            }
                        }
                    } catch {
                        load.withLock { $0.failures.append("\(error)") }
                    }
                }
            }
        }
        clients.forEach { $0.start() }
        defer { load.withLock { $0.stop = true } }
        #expect(daemon.eventually(within: 30) { load.read { $0.acknowledged.count >= 200 } }, "the load is running")

        let copy = daemon.directory.appendingPathComponent("backup.sqlite").path
        let started = Date()
        let before = Set(load.read { $0.acknowledged.map(\.id) })
        let backup = try Self.hallqd(["backup", "--db", daemon.databasePath, "--to", copy])
        let ended = Date()
        #expect(daemon.eventually(within: 10) { load.read { l in l.acknowledged.contains { $0.at > ended } } }, "tickets still being taken after it")
        load.withLock { $0.stop = true }
        #expect(backup.status == 0, "hallqd backup: \(backup.output)")
        let during = load.read { l in l.acknowledged.filter { $0.at > started && $0.at < ended }.count }
        #expect(during > 0, "tickets were acknowledged while the backup ran")
        #expect(load.read { $0.failures }.isEmpty, "every ticket taken during the backup: \(load.read { $0.failures.prefix(3) })")

        #expect(try Self.sqlite(copy, "PRAGMA integrity_check") == ["ok"])
        #expect(try Self.sqlite(copy, "PRAGMA journal_mode") == ["delete"], "one self-contained file, no WAL beside it")
        let held = Set(try Self.sqlite(copy, "SELECT id FROM tickets"))
        let missing = before.subtracting(held)
        #expect(missing.isEmpty, "\(missing.count) of \(before.count) tickets acknowledged before the backup are missing from it")
        #expect(Set(try Self.sqlite(copy, "SELECT ticket_id FROM events WHERE kind = 'ticket.issued'")) == held, "journal and tickets agree")
        #expect(try Self.hallqd(["restore", "--check-only", "--from", copy]).status == 0)
        let mode = (try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int) ?? -1
        #expect(mode == 0o600, "the copy holds phone and ID numbers: owner only")
    }

    @Test func datedBackupsKeepTheNewestFew() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let folder = daemon.directory.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Older copies, and a file of the operator's own that is never touched.
        for old in ["hall-20250101T023000Z.sqlite", "hall-20250102T023000Z.sqlite", "hall-20250103T023000Z.sqlite", "notes.txt"] {
            try "old".write(to: folder.appendingPathComponent(old), atomically: true, encoding: .utf8)
        }
        let made = try Self.hallqd(["backup", "--db", daemon.databasePath, "--into", folder.path, "--keep", "2"])
        #expect(made.status == 0, "\(made.output)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left.count == 3 && left.contains("hall-20250103T023000Z.sqlite") && left.contains("notes.txt"), "\(left)")
        let newest = try #require(left.first { $0.hasPrefix("hall-2") && $0 != "hall-20250103T023000Z.sqlite" })
        #expect(try Self.sqlite(folder.appendingPathComponent(newest).path, "PRAGMA integrity_check") == ["ok"])
    }

    @Test func restoreRefusesWhatIsNotASoundBackupAndPutsASoundOneInPlace() throws {
        let daemon = try TestDaemon.start()
        var ids: [String] = []
        for service in ["A", "B", "C"] { ids.append(try daemon.request("POST", "/api/tickets", json: ["service": service]).json["id"] as! String) }
        let good = daemon.directory.appendingPathComponent("good.sqlite").path
        #expect(try Self.hallqd(["backup", "--db", daemon.databasePath, "--to", good]).status == 0)
        try daemon.request("POST", "/api/tickets", json: ["service": "D"])

        // Refused while the daemon has the database open.
        let busy = try Self.hallqd(["restore", "--from", good, "--db", daemon.databasePath])
        #expect(busy.status != 0 && busy.output.contains("stop the daemon"), "\(busy.output)")
        #expect(daemon.stop() == 0)

        let dir = daemon.directory
        let pages = try Data(contentsOf: URL(fileURLWithPath: good))
        // Not SQLite at all.
        let random = dir.appendingPathComponent("random.sqlite").path
        try Data((0..<pages.count).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: random))
        // The schema intact, an index's page garbled: it opens, but fails the integrity check.
        let damaged = dir.appendingPathComponent("damaged.sqlite").path
        var bytes = pages
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        let page = try #require(Int(try Self.sqlite(good, "SELECT rootpage FROM sqlite_master WHERE name = 'events_at'").first ?? ""))
        for i in ((page - 1) * pageSize + 100)..<(page * pageSize - 8) { bytes[i] = UInt8((i * 7) & 0xFF) }
        try bytes.write(to: URL(fileURLWithPath: damaged))
        // Cut short, as a copy that ran out of disk.
        let truncated = dir.appendingPathComponent("truncated.sqlite").path
        try pages.prefix(pages.count / 2).write(to: URL(fileURLWithPath: truncated))
        // Made by a newer HallQ (a schema change this one does not know).
        let newer = dir.appendingPathComponent("newer.sqlite").path
        try pages.write(to: URL(fileURLWithPath: newer))
        #expect(try runTool("sqlite3", [newer, "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')"]).status == 0)
        // A sound SQLite database that is not a hall's.
        let foreign = dir.appendingPathComponent("foreign.sqlite").path
        #expect(try runTool("sqlite3", [foreign, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hello')"]).status == 0)

        let live = try Data(contentsOf: URL(fileURLWithPath: daemon.databasePath))
        for (bad, why) in [
            (random, "not a sound SQLite database"), (damaged, "integrity check"), (truncated, "not a sound SQLite database"),
            (newer, "newer version"),
            (foreign, "not a HallQ one"), (dir.appendingPathComponent("missing.sqlite").path, "cannot read"),
        ] {
            let refused = try Self.hallqd(["restore", "--from", bad, "--db", daemon.databasePath])
            #expect(refused.status != 0, "\(bad) refused")
            #expect(refused.output.contains(why), "\((bad as NSString).lastPathComponent): \(refused.output)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: daemon.databasePath)) == live, "the database is untouched")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.contains("before-restore") && !$0.hasSuffix(".restoring") }
        )

        let restored = try Self.hallqd(["restore", "--from", good, "--db", daemon.databasePath])
        #expect(restored.status == 0, "\(restored.output)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).contains { $0.hasPrefix("hall.sqlite.before-restore-") }, "the old one kept"
        )
        try daemon.launch()
        defer { daemon.stop() }
        for id in ids { #expect(try daemon.request("GET", "/api/tickets/\(id)").status == 200, "\(id) is back") }
        let queues = try daemon.request("GET", "/api/queues").text
        #expect(!queues.contains("D001"), "the ticket taken after the backup is not in it")
    }
}
