import Foundation
import HallTesting
import Testing

/// Managers cancel junk tickets (one, or a whole line) with a reason; journaled, and live on every screen.
@Suite(.serialized) struct ManagerCancelTests {
    @Test func aManagerCancelsOneTicketOrAWholeLineWithAReason() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        var ids: [String: String] = [:]
        for service in ["A", "A", "A", "B"] {
            let t = try daemon.request("POST", "/api/tickets", json: ["service": service]).json
            ids[t["number"] as! String] = t["id"] as? String
        }
        let officer = try daemon.login("officer1")
        #expect(try daemon.request("POST", "/api/windows/1/open", token: officer).status == 200)
        #expect(try daemon.request("POST", "/api/windows/1/call-next", token: officer).json["number"] as? String == "A001")
        let manager = try daemon.login("manager")
        let live = try SSEClient(port: daemon.port)

        let a2 = "/api/tickets/\(ids["A002"]!)/cancel"
        let reason = ["reason": "taken by a script overnight"]
        #expect(try daemon.request("POST", a2, json: reason).status == 401)
        #expect(try daemon.request("POST", a2, json: reason, token: officer).status == 403)
        #expect(try daemon.request("POST", a2, json: ["reason": "  "], token: manager).errorCode == "invalid_field")
        #expect(try daemon.request("POST", a2, json: [:], token: manager).errorCode == "invalid_field")
        let one = try daemon.request("POST", a2, json: reason, token: manager)
        #expect(one.status == 200 && one.json["status"] as? String == "cancelled", "\(one.text)")
        #expect(try daemon.request("POST", a2, json: reason, token: manager).status == 409, "already cancelled")
        #expect(try daemon.request("POST", "/api/tickets/\(ids["A001"]!)/cancel", json: reason, token: manager).status == 409, "at a window")
        #expect(try daemon.request("POST", "/api/tickets/nope/cancel", json: reason, token: manager).status == 404)

        let line = "/api/services/A/cancel-waiting"
        #expect(try daemon.request("POST", line, json: reason, token: officer).status == 403)
        #expect(try daemon.request("POST", "/api/services/Z/cancel-waiting", json: reason, token: manager).errorCode == "unknown_service")
        let all = try daemon.request("POST", line, json: ["reason": "line closed: system fault"], token: manager)
        #expect(all.status == 200 && all.json["cancelled"] as? Int == 1 && all.json["numbers"] as? [String] == ["A003"], "\(all.text)")
        let queues = try daemon.request("GET", "/api/queues").json
        #expect(queues["totalWaiting"] as? Int == 1, "B001 waits on; A001 stays at window 1")
        #expect(try daemon.request("GET", "/api/windows/1").json["ticket"].flatMap { ($0 as? [String: Any])?["number"] as? String } == "A001")

        // Screens see both cancellations with the reason, but not who cancelled.
        var seen: [SSEMessage] = []
        while seen.count < 2, let message = live.next(timeout: 5) {
            if message.event?.hasPrefix("ticket.") == true { seen.append(message) }  // alerts may come between
        }
        #expect(seen.map(\.event) == ["ticket.cancelled", "ticket.cancelled"])
        let details = seen.map { $0.json["details"] as? [String: Any] ?? [:] }
        #expect(details.map { $0["reason"] as? String } == ["taken by a script overnight", "line closed: system fault"])
        #expect(details.allSatisfy { $0["by"] as? String == "manager" && $0["manager"] == nil })
        // The journal keeps who and why.
        let journal = try runTool(
            "sqlite3", [daemon.databasePath, "SELECT details FROM events WHERE kind = 'ticket.cancelled' ORDER BY seq"]
        ).output
        #expect(journal.components(separatedBy: #""manager":"manager""#).count == 3, "\(journal)")
        #expect(journal.contains("taken by a script overnight") && journal.contains("line closed: system fault"))
        let dashboard = try daemon.request("GET", "/api/dashboard", token: manager).json
        #expect((dashboard["totals"] as? [String: Any])?["cancelled"] as? Int == 2)
    }
}
