import Foundation
import HallTesting
import Testing

/// Taxpayers who ask at the kiosk get two texts, "3 ahead" and "go to window n", through the hall's SMS command or
/// webhook: exactly those, none for a ticket without a phone number or without the opt-in, none out of hours.
@Suite struct ReminderTextTests {
    static let phone = "13912345678"

    /// The demo hall sending texts with an SMS command that records each text it is given in `folder`, one file per
    /// message named by the time and the number (it fails while `folder/fail` exists).
    static func hall(recordingIn folder: URL, retrySeconds: Double = 0.5) throws -> ConfigCopy {
        let command = #"["/bin/sh", "-c", "test -e \"$0/fail\" && exit 1; cat > \"$0/$(date +%s%N)-$1.txt\"", "\#(folder.path)", "{phone}"]"#
        return try ConfigCopy { demo in
            demo.replacingOccurrences(of: "[notifiers]\n", with: "[notifiers]\nsms_command = \(command)\n")
                .replacingOccurrences(of: "retry_seconds = 30", with: "retry_seconds = \(retrySeconds)")
                .replacingOccurrences(of: "sms = false", with: "sms = true")
        }
    }

    /// The texts the command was given so far, oldest first: (phone, text).
    static func texts(in folder: URL) -> [(phone: String, text: String)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        return names.map { name in
            let phone = String(name.dropLast(4).split(separator: "-").last ?? "")
            return (phone, (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "")
        }
    }

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-texts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Takes `count` tickets of service A, the last with `last` as its body (the others plain).
    static func line(_ daemon: TestDaemon, _ count: Int, last: [String: Any]) throws -> [String: Any] {
        for _ in 1..<count { #expect(try daemon.request("POST", "/api/tickets", json: ["service": "A"]).status == 201) }
        let reply = try daemon.request("POST", "/api/tickets", json: last)
        #expect(reply.status == 201, "\(reply.text)")
        return reply.json
    }

    @Test func aTicketWithAPhoneGetsThe3AheadAndTheCallTextsAndNothingMore() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try Self.hall(recordingIn: dir)
        let daemon = try TestDaemon.start(config: config.path)
        defer { daemon.stop() }
        // Asking for texts needs a number to send them to.
        let refused = try daemon.request("POST", "/api/tickets", json: ["service": "A", "sms": true])
        #expect(refused.status == 400 && refused.errorCode == "reminder_needs_phone", "\(refused.text)")
        let offered = try daemon.request("GET", "/api/hall").json["reminders"] as? [String: Any] ?? [:]
        #expect(offered["placesBefore"] as? Int == 3 && offered["sms"] as? Bool == true, "the kiosk offers texts: \(offered)")

        // Four ahead of ours; behind it one with a phone but no opt-in, and one with none.
        let ours = try Self.line(daemon, 5, last: ["service": "A", "phone": Self.phone, "sms": true])
        let again = try daemon.request("POST", "/api/tickets", json: ["service": "B", "phone": Self.phone, "sms": true])
        #expect(
            again.status == 409 && again.errorCode == "reminder_in_use" && again.text.contains("A005"), "one texted ticket per number: \(again.text)")
        try daemon.request("POST", "/api/tickets", json: ["service": "A", "phone": "13800138000"])
        try daemon.request("POST", "/api/tickets", json: ["service": "A"])
        let officer = try daemon.login("officer1")
        try daemon.request("POST", "/api/windows/1/open", token: officer)
        try daemon.request("POST", "/api/windows/1/call-next", token: officer)  // ours: 3 ahead
        #expect(try daemon.eventually(within: 10) { Self.texts(in: dir).count == 1 }, "\(daemon.log)")
        for _ in 0..<4 {  // 2, 1, 0 ahead, then ours is called at window 1
            for action in ["start", "finish", "call-next"] { try daemon.request("POST", "/api/windows/1/\(action)", token: officer) }
        }
        let called = try daemon.request("GET", "/api/tickets/\(ours["id"] as! String)").json
        #expect(called["status"] as? String == "called" && called["window"] as? Int == 1)
        #expect(try daemon.eventually(within: 10) { Self.texts(in: dir).count == 2 }, "\(daemon.log)")
        // A recall, and the tickets behind ours called and served: no more texts.
        try daemon.request("POST", "/api/windows/1/recall", token: officer)
        for _ in 0..<2 {
            for action in ["start", "finish", "call-next"] { try daemon.request("POST", "/api/windows/1/\(action)", token: officer) }
        }
        Thread.sleep(forTimeInterval: 1.5)
        let texts = Self.texts(in: dir)
        #expect(texts.map(\.phone) == [Self.phone, Self.phone], "only the opted-in phone is texted: \(texts)")
        #expect(
            texts.map(\.text) == [
                "【北京市示范区税务局办税服务厅】A005 还有 3 位 / A005: 3 ahead",
                "【北京市示范区税务局办税服务厅】A005 请到 1 号窗口 / A005: go to window 1",
            ], "exactly the two expected texts, with the number, the window and the hall's name only")

        // When the hall day rolls over, the number goes from the ticket and from the outbox.
        try daemon.testClock.set(TestClock.lastWeek(.wednesday, 0, 0, second: 5))
        let kept = { try runTool("sqlite3", [daemon.databasePath, $0]).output.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(
            try daemon.eventually(within: 10) {
                try kept("SELECT COUNT(*) FROM outbox WHERE target LIKE '%\(Self.phone)%' OR payload LIKE '%\(Self.phone)%'") == "0"
            }, "the day's texts keep no phone number")
        #expect(try kept("SELECT COUNT(*) FROM tickets WHERE remind = 1 OR phone IS NOT NULL") == "0")
        #expect(try kept("SELECT COUNT(*) FROM outbox WHERE ticket_id IS NOT NULL AND state = 'delivered'") == "2")
    }

    @Test func noTextIsSentOutOfHoursNotEvenOneQueuedBefore() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The retry comes 4 s after the first try, so the hall has closed by then however slow the machine is.
        let config = try Self.hall(recordingIn: dir, retrySeconds: 4)
        // Two minutes before the demo hall closes at 17:00; the gateway is down.
        let daemon = try TestDaemon.start(config: config.path, clock: TestClock.lastWeek(.tuesday, 16, 58))
        defer { daemon.stop() }
        FileManager.default.createFile(atPath: dir.appendingPathComponent("fail").path, contents: Data())
        let ours = try Self.line(daemon, 5, last: ["service": "A", "phone": Self.phone, "sms": true])
        let officer = try daemon.login("officer1")
        try daemon.request("POST", "/api/windows/1/open", token: officer)
        try daemon.request("POST", "/api/windows/1/call-next", token: officer)  // ours: 3 ahead, queued, not delivered
        #expect(try daemon.eventually(within: 10) { daemon.log.contains("outbox: try 1 of") }, "the first try fails: \(daemon.log)")
        // The hall closes: the text that could not go out before is given up, not sent late.
        try daemon.testClock.set(TestClock.lastWeek(.tuesday, 17, 1))
        try FileManager.default.removeItem(at: dir.appendingPathComponent("fail"))
        let manager = try daemon.login("manager")
        var dead: [[String: Any]] = []
        #expect(
            try daemon.eventually(within: 10) {
                dead = try daemon.request("GET", "/api/alerts", token: manager).json["deadLetters"] as? [[String: Any]] ?? []
                return !dead.isEmpty
            }, "\(daemon.log)")
        #expect(dead.first?["reminder"] as? String == "ahead")
        #expect(dead.first?["lastError"] as? String == "outside opening hours")
        #expect(dead.first?["target"] as? String == "139****5678", "managers see the number masked")
        // Whoever holds a ticket at closing time is still called, but not texted.
        for _ in 0..<4 {
            for action in ["start", "finish", "call-next"] { try daemon.request("POST", "/api/windows/1/\(action)", token: officer) }
        }
        #expect(try daemon.request("GET", "/api/tickets/\(ours["id"] as! String)").json["status"] as? String == "called")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(Self.texts(in: dir).isEmpty, "no text out of hours: \(Self.texts(in: dir))")
        #expect(daemon.isRunning, "a command that exits without reading its input costs one try, not the daemon")
    }

    @Test func withAWebhookEachReminderIsOneSignedMessageToTheGateway() throws {
        let hook = try WebhookReceiver()
        let config = try ConfigCopy { demo in
            demo.replacingOccurrences(of: "[notifiers]\n", with: "[notifiers]\nwebhook_url = \"\(hook.url)\"\nwebhook_secret = \"s3cret\"\n")
                .replacingOccurrences(of: "sms = false", with: "sms = true")
                .replacingOccurrences(of: "max_waiting_per_service = 30", with: "max_waiting_per_service = 100")
        }
        let daemon = try TestDaemon.start(config: config.path)
        defer { daemon.stop() }
        _ = try Self.line(daemon, 5, last: ["service": "A", "phone": Self.phone, "sms": true])
        let officer = try daemon.login("officer1")
        try daemon.request("POST", "/api/windows/1/open", token: officer)
        try daemon.request("POST", "/api/windows/1/call-next", token: officer)
        let calls = hook.waitFor(count: 1, timeout: 10) { $0.json["event"] as? String == "ticket.reminder" }
        #expect(calls.count == 1, "\(daemon.log)")
        let body = calls.first?.json ?? [:]
        #expect(body["reminder"] as? String == "ahead")
        #expect(body["recipients"] as? [String] == [Self.phone])
        let ticket = body["ticket"] as? [String: Any] ?? [:]
        #expect(ticket["number"] as? String == "A005" && ticket["ahead"] as? Int == 3 && ticket["window"] is NSNull, "\(ticket)")
        #expect(body["text"] as? String == "【北京市示范区税务局办税服务厅】A005 还有 3 位 / A005: 3 ahead")
        #expect(AlertDeliveryTests.validSignature(calls[0], secret: "s3cret"), "signed like an alert's")
    }

    /// A booked taxpayer asks for the texts when checking in: they go to the booking's phone; a check-in without the
    /// opt-in gets none.
    @Test func aBookingCheckedInWithTheOptInIsTextedAtTheBookingsPhone() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try Self.hall(recordingIn: dir)
        let daemon = try TestDaemon.start(config: config.path)
        defer { daemon.stop() }
        let date = AppointmentFlowTests.date(.tuesday)
        var codes: [String] = []
        for phone in [Self.phone, "13800138000"] {
            let booked = try daemon.request("POST", "/api/appointments", json: ["service": "A", "date": date, "slot": "13:30", "phone": phone])
            #expect(booked.status == 201, "\(booked.text)")
            codes.append(booked.json["code"] as? String ?? "")
        }
        try daemon.testClock.set(TestClock.lastWeek(.tuesday, 13, 35))
        let texted = try daemon.request("POST", "/api/check-ins", json: ["code": codes[0], "sms": true])
        #expect(texted.status == 201, "\(texted.text)")
        let plain = try daemon.request("POST", "/api/check-ins", json: ["code": codes[1]])
        #expect(plain.status == 201, "\(plain.text)")
        let number = (texted.json["ticket"] as? [String: Any])?["number"] as? String ?? "?"
        let officer = try daemon.login("officer1")
        try daemon.request("POST", "/api/windows/1/open", token: officer)
        for action in ["call-next", "start", "finish", "call-next"] { try daemon.request("POST", "/api/windows/1/\(action)", token: officer) }
        #expect(try daemon.eventually(within: 10) { Self.texts(in: dir).count == 1 }, "\(daemon.log)")
        Thread.sleep(forTimeInterval: 1.5)
        let texts = Self.texts(in: dir)
        #expect(texts.map(\.phone) == [Self.phone], "only the booking that asked is texted: \(texts)")
        let expected = "【北京市示范区税务局办税服务厅】\(number) 请到 1 号窗口 / \(number): go to window 1"
        #expect(texts.map(\.text) == [expected], "\(texts)")
    }

    /// Taking a ticket with texts and cancelling it cannot text a number all day: three tickets a day ask for texts to
    /// one number, cancelled ones included, and the count survives a restart.
    @Test func aNumberGetsTextsForThreeTicketsADayAndARestartDoesNotResetIt() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try Self.hall(recordingIn: dir)
        let daemon = try TestDaemon.start(config: config.path)
        defer { daemon.stop() }
        let asking: [String: Any] = ["service": "A", "phone": Self.phone, "sms": true]
        for _ in 0..<3 {
            let ticket = try daemon.request("POST", "/api/tickets", json: asking)
            #expect(ticket.status == 201, "\(ticket.text)")
            let id = ticket.json["id"] as? String ?? "", secret = ticket.json["secret"] as? String ?? ""
            #expect(try daemon.request("DELETE", "/api/tickets/\(id)?secret=\(secret)").status == 200)
        }
        func refused(_ what: String) throws {
            let reply = try daemon.request("POST", "/api/tickets", json: asking)
            #expect(reply.status == 429 && reply.errorCode == "reminder_limit", "\(what): \(reply.status) \(reply.text)")
            #expect((reply.json["error"] as? [String: Any])?["field"] as? String == "sms", "the kiosk is told which choice to drop")
        }
        try refused("a fourth")
        daemon.stop()
        try daemon.launch()
        try refused("after a restart")
        #expect(try daemon.request("POST", "/api/tickets", json: ["service": "A", "phone": Self.phone]).status == 201, "without texts")
        #expect(try daemon.request("POST", "/api/tickets", json: ["service": "A", "phone": "13800138000", "sms": true]).status == 201)
    }
}
