import Foundation
import HallTesting
import Testing

/// The hall day on the daemon's own clock: it rolls over by itself, forgets yesterday's phone and ID numbers, raises
/// line alerts only in opening hours, and keeps numbering going whatever the clock does.
@Suite(.serialized) struct HallDayTests {
    func take(_ daemon: TestDaemon, _ json: [String: Any]) throws -> [String: Any] {
        let reply = try daemon.request("POST", "/api/tickets", json: json)
        #expect(reply.status == 201, "\(reply.text)")
        return reply.json
    }

    func sql(_ daemon: TestDaemon, _ query: String) throws -> String {
        try runTool("sqlite3", [daemon.databasePath, query]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls `condition` for up to `seconds`.
    func eventually(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date() + seconds
        while Date() < deadline {
            if try condition() { return true }
            usleep(100_000)
        }
        return try condition()
    }

    @Test func theDayRollsOverOnATimerWithoutAnyWrite() throws {
        let daemon = try TestDaemon.start(clock: TestClock.lastWeek(.tuesday, 16, 50))
        defer { daemon.stop() }
        _ = try take(daemon, ["service": "A"])
        _ = try take(daemon, ["service": "B"])
        let live = try SSEClient(port: daemon.port)
        try daemon.testClock.set(TestClock.lastWeek(.wednesday, 0, 0, second: 20))
        var cancelled: [SSEMessage] = []
        while cancelled.count < 2, let message = live.next(timeout: 10) {
            if message.event?.hasPrefix("ticket.") == true { cancelled.append(message) }  // alerts may come between
        }
        #expect(cancelled.map(\.event) == ["ticket.cancelled", "ticket.cancelled"], "\(daemon.log)")
        #expect(cancelled.allSatisfy { ($0.json["details"] as? [String: Any])?["by"] as? String == "day-end" })
        #expect(try daemon.request("GET", "/api/queues").json["totalWaiting"] as? Int == 0)
    }

    @Test func phoneAndIDNumbersAreForgottenOnceTheirDayIsOver() throws {
        let daemon = try TestDaemon.start(clock: TestClock.lastWeek(.tuesday, 10))
        defer { daemon.stop() }
        let tuesday = try take(daemon, ["service": "A", "phone": "13812345678", "idNumber": "11010519491231002X"])["id"] as! String
        #expect(try sql(daemon, "SELECT phone || ' ' || id_number FROM tickets WHERE id = '\(tuesday)'") == "13812345678 11010519491231002X")

        try daemon.testClock.set(TestClock.lastWeek(.wednesday, 8, 45))
        let wednesday = try take(daemon, ["service": "A", "phone": "13900001111"])["id"] as! String
        let cleared = try eventually(10) {
            try sql(daemon, "SELECT COUNT(*) FROM tickets WHERE id = '\(tuesday)' AND phone IS NULL AND id_number IS NULL") == "1"
        }
        #expect(cleared, "Tuesday's contact is cleared after the day rolled over:\n\(daemon.log)")
        #expect(try sql(daemon, "SELECT phone FROM tickets WHERE id = '\(wednesday)'") == "13900001111", "today's is kept")

        // A daemon that was down over midnight clears them as it starts.
        daemon.stop()
        try daemon.testClock.set(TestClock.lastWeek(.thursday, 9))
        try daemon.launch()
        #expect(try eventually(5) { try sql(daemon, "SELECT COUNT(*) FROM tickets WHERE phone IS NOT NULL OR id_number IS NOT NULL") == "0" })
    }

    @Test func lineAlertsAreRaisedOnlyInOpeningHours() throws {
        let config = try TestDaemon.demoConfig([
            ("max_waiting_per_service = 30", "max_waiting_per_service = 2"),
            ("max_waiting_per_open_window = 6", "max_waiting_per_open_window = 1000"),
        ])
        let daemon = try TestDaemon.start(
            config: config, extraArguments: ["--alert-check-seconds", "0.2"], clock: TestClock.lastWeek(.tuesday, 8, 35))
        defer { daemon.stop() }
        let manager = try daemon.login("manager")
        func alerts(_ state: String) throws -> [[String: Any]] {
            (try daemon.request("GET", "/api/alerts?state=\(state)", token: manager).json["alerts"] as? [[String: Any]]) ?? []
        }
        // Before opening people queue from 08:30: no alert for the line at the door.
        for _ in 0..<3 { _ = try take(daemon, ["service": "C"]) }
        usleep(1_000_000)
        #expect(try alerts("all").isEmpty)
        // In opening hours the same line is an alert (and, with no window open, so is the hall's load)…
        try daemon.testClock.set(TestClock.lastWeek(.tuesday, 16, 58))
        #expect(try eventually(5) { try alerts("open").contains { $0["key"] as? String == "queue:C" } }, "\(daemon.log)")
        // …and after closing it clears, with the line still there, and is not raised again.
        try daemon.testClock.set(TestClock.lastWeek(.tuesday, 17, 1))
        #expect(try eventually(5) { try alerts("open").isEmpty })
        usleep(1_000_000)
        #expect(try alerts("open").isEmpty)
        #expect(try alerts("all").filter { $0["key"] as? String == "queue:C" }.count == 1, "raised once, in opening hours")
        #expect(try daemon.request("GET", "/api/queues").json["totalWaiting"] as? Int == 3)
    }

    @Test func aClockSteppedBackOverMidnightKeepsNumberingGoing() throws {
        let daemon = try TestDaemon.start(config: try TestDaemon.demoConfig(TestDaemon.allDayEveryDay), clock: TestClock.lastWeek(.tuesday, 23, 58))
        defer { daemon.stop() }
        let clock = try daemon.testClock
        #expect(try take(daemon, ["service": "A"])["number"] as? String == "A001")
        #expect(try take(daemon, ["service": "A"])["number"] as? String == "A002")
        try clock.set(TestClock.lastWeek(.wednesday, 0, 1))
        #expect(try take(daemon, ["service": "A"])["number"] as? String == "A001")
        // The clock steps back to Tuesday: Tuesday's A001 and A002 exist, so numbering goes on with Wednesday's.
        try clock.set(TestClock.lastWeek(.tuesday, 23, 59))
        #expect(try take(daemon, ["service": "A"])["number"] as? String == "A002")
        #expect(try take(daemon, ["service": "B"])["number"] as? String == "B001")
        // Also after a restart with the clock still behind.
        daemon.stop()
        try daemon.launch()
        #expect(try take(daemon, ["service": "A"])["number"] as? String == "A003")
        #expect(try sql(daemon, "SELECT COUNT(*) FROM tickets WHERE number = 'A003'") == "1")
    }
}
