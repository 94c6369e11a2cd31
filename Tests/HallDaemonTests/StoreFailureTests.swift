import Foundation
import HallTesting
import Testing

/// A change the database refuses is answered 503 and leaves no trace: not in the live hall, not on the screens.
@Suite struct StoreFailureTests {
    /// Runs SQL on the daemon's database with the sqlite3 shell (waiting for the daemon's writer if it must).
    func sql(_ statement: String, in daemon: TestDaemon) throws -> String {
        let result = try runTool("sqlite3", ["-cmd", ".timeout 5000", daemon.databasePath, statement])
        #expect(result.status == 0, "sqlite3 failed: \(statement)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aRefusedCommitIsA503AndChangesNothing() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        #expect(try daemon.request("POST", "/api/tickets", json: ["service": "A"]).json["number"] as? String == "A001")
        // Someone else's row takes A002 behind the daemon's back, so its next A ticket breaks the unique number index.
        let day = try sql("SELECT day FROM tickets LIMIT 1", in: daemon)
        _ = try sql(
            """
            INSERT INTO tickets(id, day, number, service, issued_service, sequence, priority, status, issued_at_ms, secret)
            VALUES ('intruder', '\(day)', 'A002', 'A', 'A', 2, 'normal', 'done', 0, 'x')
            """, in: daemon)
        let live = try SSEClient(port: daemon.port)
        let refused = try daemon.request("POST", "/api/tickets", json: ["service": "A"])
        #expect(refused.status == 503 && refused.errorCode == "unavailable", "\(refused.text)")
        let queues = try daemon.request("GET", "/api/queues").json
        #expect(queues["totalWaiting"] as? Int == 1, "the refused ticket is not in the live hall")
        // The hall goes on from what is durable: other lines are unaffected.
        let b = try daemon.request("POST", "/api/tickets", json: ["service": "B"])
        #expect(b.status == 201 && b.json["number"] as? String == "B001")
        let events = live.collect(1, timeout: 3)
        #expect(events.map(\.event) == ["ticket.issued"] && (events.first?.json["ticket"] as? [String: Any])?["number"] as? String == "B001")
        #expect(try sql("SELECT COUNT(*) FROM events WHERE kind = 'ticket.issued'", in: daemon) == "2")
    }
}
