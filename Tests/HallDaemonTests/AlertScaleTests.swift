import Foundation
import HallTesting
import Testing

/// Alert evaluation with many open alerts: every one of them is compared with the conditions, never a first page.
@Suite struct AlertScaleTests {
    @Test func sixHundredOpenAlertsStillLetAClearedConditionCloseAndNewOnesRise() throws {
        let config = try ConfigCopy {
            $0.replacingOccurrences(of: "max_waiting_per_service = 30", with: "max_waiting_per_service = 3")
                .replacingOccurrences(of: "max_waiting_per_open_window = 6", with: "max_waiting_per_open_window = 1000")
        }
        let daemon = try TestDaemon.start(config: config.path, extraArguments: ["--alert-check-seconds", "0.2"])
        defer { daemon.stop() }
        let manager = try daemon.login("manager")
        func alerts(_ state: String = "open") throws -> [[String: Any]] {
            try daemon.request("GET", "/api/alerts?state=\(state)", token: manager).json["alerts"] as? [[String: Any]] ?? []
        }
        try daemon.request("POST", "/api/windows/1/open", token: manager)
        let tickets = try (0..<4).map { _ in try daemon.request("POST", "/api/tickets", json: ["service": "A"]).json }
        #expect(try daemon.eventually(within: 10) { try alerts().contains { $0["key"] as? String == "queue:A" } }, "\(daemon.log)")
        daemon.stop()

        // A night of forged ratings left 600 newer rating alerts open (written straight into the database).
        let seed = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
            INSERT INTO alerts(key, kind, level, state, message, message_en, raised_at_ms, last_notified_at_ms, notifications, details)
            SELECT 'rating:forged' || i, 'rating', 1, 'open', '差评', 'bad rating', m + i, m + i, 1, '{}'
            FROM n, (SELECT MAX(raised_at_ms) AS m FROM alerts);
            """
        let sql = try runTool("sqlite3", [daemon.databasePath, seed], mergingErrors: true)
        #expect(sql.status == 0, "\(sql.output)")
        try daemon.launch(extraArguments: ["--alert-check-seconds", "0.2"])
        let open = try alerts()
        #expect(open.count == 601, "every open alert is listed")

        // The oldest open alert's condition clears: it is closed, though 600 newer ones are open.
        for ticket in tickets.prefix(2) {
            let cancel = try daemon.request("DELETE", "/api/tickets/\(ticket["id"] as! String)?secret=\(ticket["secret"] as! String)")
            #expect(cancel.status == 200, "\(cancel.text)")
        }
        let closed = try daemon.eventually(within: 10) { try alerts("closed").contains { $0["key"] as? String == "queue:A" } }
        #expect(closed, "queue:A closed once its line was short again\n\(daemon.log)")
        // And a new condition still raises its alert.
        for _ in 0..<4 { try daemon.request("POST", "/api/tickets", json: ["service": "B"]) }
        #expect(try daemon.eventually(within: 10) { try alerts().contains { $0["key"] as? String == "queue:B" } }, "\(daemon.log)")
        #expect(try alerts().count == 601)
        #expect(!daemon.log.contains("alert check failed"), "\(daemon.log)")
    }
}
