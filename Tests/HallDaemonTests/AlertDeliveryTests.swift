import Crypto
import Foundation
import HallTesting
import Testing

/// Alerts reach a webhook exactly once, signed, through failures and a crash of the daemon.
@Suite struct AlertDeliveryTests {
    static let secret = "test-secret-shared-with-the-gateway"

    /// The demo hall with a webhook to `url`, quick retries, and a queue limit of 3.
    static func config(webhook url: String, in dir: URL) throws -> String {
        var text = try String(contentsOf: TestDaemon.repositoryRoot.appendingPathComponent("config/demo-hall.toml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "max_waiting_per_service = 30", with: "max_waiting_per_service = 3")
        text = text.replacingOccurrences(of: "max_waiting_per_open_window = 6", with: "max_waiting_per_open_window = 1000")
        text = text.replacingOccurrences(of: "retry_seconds = 30", with: "retry_seconds = 0.5")
        text = text.replacingOccurrences(of: "[notifiers]\n", with: "[notifiers]\nwebhook_url = \"\(url)\"\nwebhook_secret = \"\(secret)\"\n")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("hall.toml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    static func validSignature(_ call: WebhookReceiver.Call) -> Bool { validSignature(call, secret: secret) }

    static func validSignature(_ call: WebhookReceiver.Call, secret: String) -> Bool {
        let mac = HMAC<SHA256>.authenticationCode(for: call.body, using: SymmetricKey(data: Data(secret.utf8)))
        return call.headers["x-hallq-signature"] == "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    static func alertKey(_ call: WebhookReceiver.Call) -> String? { (call.json["alert"] as? [String: Any])?["key"] as? String }

    @Test func aPileUpSendsOneSignedAlertThatSurvivesFailuresAndAKill() throws {
        let hook = try WebhookReceiver()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-hook-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let daemon = try TestDaemon.start(config: try Self.config(webhook: hook.url, in: dir), extraArguments: ["--alert-check-seconds", "0.2"])
        defer { daemon.stop() }
        let officer = try daemon.login("officer1")
        #expect(try daemon.request("POST", "/api/windows/1/open", token: officer).status == 200)

        // Tickets pile up; the receiver fails twice, the third try delivers.
        hook.failNext(2)
        for _ in 0..<4 { #expect(try daemon.request("POST", "/api/tickets", json: ["service": "A"]).status == 201) }
        let tries = hook.waitFor(count: 3, timeout: 20) { Self.alertKey($0) == "queue:A" }
        #expect(tries.map(\.answered) == [503, 503, 200], "\(daemon.log)")
        #expect(tries.allSatisfy(Self.validSignature))
        #expect(Set(tries.map(\.body)).count == 1, "every retry sends the same signed bytes")
        #expect(Set(tries.compactMap { $0.headers["x-hallq-delivery"] }).count == 1)
        #expect(tries.first?.json["event"] as? String == "alert.raised")
        #expect((tries.first?.json["recipients"] as? [String]) == ["13800000001"])
        // More tickets while the alert is open: no second alert.
        for _ in 0..<3 { try daemon.request("POST", "/api/tickets", json: ["service": "A"]) }
        Thread.sleep(forTimeInterval: 1.5)
        #expect(hook.received.filter { Self.alertKey($0) == "queue:A" }.count == 3, "exactly one alert, delivered once")

        // A second alert whose delivery is pending when the daemon is killed is delivered after the restart.
        hook.failEverything(true)
        for _ in 0..<4 { try daemon.request("POST", "/api/tickets", json: ["service": "B"]) }
        let failed = hook.waitFor(count: 1, timeout: 20) { Self.alertKey($0) == "queue:B" }
        #expect(failed.count >= 1)
        daemon.kill()
        hook.failEverything(false)
        try daemon.launch(extraArguments: ["--alert-check-seconds", "0.2"])
        let delivered = hook.waitFor(count: 1, timeout: 30) { Self.alertKey($0) == "queue:B" && $0.answered == 200 }
        #expect(delivered.count == 1, "\(daemon.log)")
        #expect(delivered.allSatisfy(Self.validSignature))
        Thread.sleep(forTimeInterval: 1)
        let manager = try daemon.login("manager")
        let alerts = try daemon.request("GET", "/api/alerts", token: manager).json["alerts"] as? [[String: Any]] ?? []
        #expect(alerts.compactMap { $0["key"] as? String }.sorted() == ["queue:A", "queue:B"], "no duplicate raised after the restart")
        #expect(hook.received.filter { Self.alertKey($0) == "queue:B" && $0.answered == 200 }.count == 1)
    }

    @Test func aDeliveryThatKeepsFailingIsDeadLetteredAndShown() throws {
        let hook = try WebhookReceiver()
        hook.failEverything(true)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-hook-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = try String(contentsOfFile: try Self.config(webhook: hook.url, in: dir), encoding: .utf8)
        config = config.replacingOccurrences(of: "max_attempts = 6", with: "max_attempts = 2")
        let path = dir.appendingPathComponent("dead.toml").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let daemon = try TestDaemon.start(config: path, extraArguments: ["--alert-check-seconds", "0.2"])
        defer { daemon.stop() }
        try daemon.request("POST", "/api/windows/1/open", token: try daemon.login("officer1"))
        for _ in 0..<4 { try daemon.request("POST", "/api/tickets", json: ["service": "C"]) }
        #expect(hook.waitFor(count: 2, timeout: 20).count == 2)
        let manager = try daemon.login("manager")
        var dead: [[String: Any]] = []
        for _ in 0..<50 where dead.isEmpty {
            dead = try daemon.request("GET", "/api/alerts", token: manager).json["deadLetters"] as? [[String: Any]] ?? []
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(dead.count == 1)
        #expect(dead.first?["attempts"] as? Int == 2)
        #expect(dead.first?["lastError"] as? String == "HTTP 503")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(hook.received.count == 2, "no tries after the dead letter")
    }

    @Test func theSMSCommandSendsEachRecipientTheTextOnItsInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-sms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = try String(contentsOf: TestDaemon.repositoryRoot.appendingPathComponent("config/demo-hall.toml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "max_waiting_per_service = 30", with: "max_waiting_per_service = 3")
        text = text.replacingOccurrences(of: "max_waiting_per_open_window = 6", with: "max_waiting_per_open_window = 1000")
        // A stand-in for the hall's SMS tool: writes the text it reads to a file named after the number.
        let command = #"["/bin/sh", "-c", "cat > \"$0\"", "\#(dir.path)/sms-{phone}.txt"]"#
        text = text.replacingOccurrences(of: "[notifiers]\n", with: "[notifiers]\nsms_command = \(command)\n")
        let config = dir.appendingPathComponent("hall.toml")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let daemon = try TestDaemon.start(config: config.path, extraArguments: ["--alert-check-seconds", "0.2"])
        defer { daemon.stop() }
        try daemon.request("POST", "/api/windows/1/open", token: try daemon.login("officer1"))
        for _ in 0..<4 { try daemon.request("POST", "/api/tickets", json: ["service": "D"]) }
        let sms = dir.appendingPathComponent("sms-13800000001.txt")
        var received = ""
        for _ in 0..<100 where received.isEmpty {
            received = (try? String(contentsOf: sms, encoding: .utf8)) ?? ""
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(received.hasPrefix("【北京市示范区税务局办税服务厅】"), "\(daemon.log)")
        #expect(received.contains("排队 4 人"))
    }

    @Test func aRatingsFreeTextReachesTheDashboardButNeitherTheWebhookNorTheSMS() throws {
        let hook = try WebhookReceiver()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-words-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = try String(contentsOfFile: try Self.config(webhook: hook.url, in: dir), encoding: .utf8)
        let command = #"["/bin/sh", "-c", "cat > \"$0\"", "\#(dir.path)/sms-{phone}.txt"]"#
        text = text.replacingOccurrences(of: "[notifiers]\n", with: "[notifiers]\nsms_command = \(command)\n")
        let path = dir.appendingPathComponent("words.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let daemon = try TestDaemon.start(config: path)
        defer { daemon.stop() }
        let officer = try daemon.login("officer1")
        let ticket = try daemon.request("POST", "/api/tickets", json: ["service": "A"]).json
        try daemon.request("POST", "/api/windows/1/open", token: officer)
        try daemon.serveNext(window: 1, token: officer)
        let words = "CALL 400-000-0000 NOW"
        let rated = try daemon.request(
            "POST", "/api/tickets/\(ticket["id"] as! String)/rating", json: ["score": 1, "reason": words, "secret": ticket["secret"] as! String])
        #expect(rated.status == 201)
        let calls = hook.waitFor(count: 1, timeout: 20) { Self.alertKey($0)?.hasPrefix("rating:") == true }
        #expect(calls.count == 1, "\(daemon.log)")
        #expect(calls.allSatisfy { !String(decoding: $0.body, as: UTF8.self).contains("400-000-0000") }, "the webhook body carries no public text")
        let sms = dir.appendingPathComponent("sms-13800000001.txt")
        var received = ""
        for _ in 0..<100 where received.isEmpty {
            received = (try? String(contentsOf: sms, encoding: .utf8)) ?? ""
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(received.contains("非常不满意") && !received.contains("400-000-0000"), "\(received)")
        let alerts = try daemon.request("GET", "/api/alerts", token: try daemon.login("manager")).json["alerts"] as? [[String: Any]] ?? []
        #expect((alerts.first?["details"] as? [String: String])?["reason"] == words, "managers still read the reason on the dashboard")
    }
}
