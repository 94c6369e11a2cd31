import Foundation
import HallTesting
import Testing

/// What only the HTTP layer of a real daemon can show (access rules and bad input are tested in process, in
/// AccessRuleTests).
@Suite(.serialized) struct GuardTests {
    @Test func aBodyOverTheLimitIsRefusedBeforeItArrives() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        // curl, like a browser, stops sending when the early 413 arrives (URLSession reports the closed pipe instead).
        let huge = daemon.directory.appendingPathComponent("huge.json")
        try Data(repeating: UInt8(ascii: "x"), count: 2 * 1024 * 1024).write(to: huge)
        let status = try runTool(
            "curl",
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json", "--data-binary", "@\(huge.path)",
                "\(daemon.baseURL)/api/tickets",
            ]
        ).output
        #expect(status == "413")
        #expect(try daemon.request("GET", "/api/queues").json["totalWaiting"] as? Int == 0, "the refused request issued no ticket")
        #expect(try daemon.request("GET", "/healthz").status == 200, "still alive")
    }
}
