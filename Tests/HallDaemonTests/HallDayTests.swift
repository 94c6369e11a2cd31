import Foundation
import HallTesting
import Testing

/// The hall day on the daemon's own clock: numbering goes on whatever the clock does.
@Suite(.serialized) struct HallDayTests {
    func take(_ daemon: TestDaemon, _ json: [String: Any]) throws -> [String: Any] {
        let reply = try daemon.request("POST", "/api/tickets", json: json)
        #expect(reply.status == 201, "\(reply.text)")
        return reply.json
    }

    func sql(_ daemon: TestDaemon, _ query: String) throws -> String {
        try runTool("sqlite3", [daemon.databasePath, query]).output.trimmingCharacters(in: .whitespacesAndNewlines)
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
