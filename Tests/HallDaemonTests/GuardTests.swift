import Foundation
import HallTesting
import Testing

@Suite(.serialized) struct GuardTests {
    @Test func windowActionsNeedTheRightLogin() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        #expect(try daemon.request("POST", "/api/windows/1/open").status == 401)
        #expect(try daemon.request("POST", "/api/windows/1/open", token: "not-a-token").errorCode == "invalid_token")
        let officer2 = try daemon.login("officer2")
        #expect(try daemon.request("POST", "/api/windows/1/open", token: officer2).status == 403)
        #expect(try daemon.request("POST", "/api/windows/2/open", token: officer2).status == 200)
        let manager = try daemon.login("manager")
        #expect(try daemon.request("POST", "/api/windows/1/open", token: manager).status == 200)
        #expect(try daemon.request("POST", "/api/logout", token: officer2).status == 204)
        #expect(try daemon.request("POST", "/api/windows/2/pause", token: officer2).status == 401, "a logged-out token is dead")
    }

    @Test func failedLoginsAreRateLimited() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        for _ in 0..<5 {
            #expect(try daemon.request("POST", "/api/login", json: ["user": "manager", "password": "guess"]).status == 401)
        }
        let limited = try daemon.request("POST", "/api/login", json: ["user": "manager", "password": "demo"])
        #expect(limited.status == 429)
        #expect(limited.headers["retry-after"] != nil)
    }

    @Test func badInputGetsAClearErrorAndChangesNothing() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let token = try daemon.login("officer1")
        let cases: [(String, String, Data?, Int, String)] = [
            ("POST", "/api/tickets", Data("{not json".utf8), 400, "malformed_json"),
            ("POST", "/api/tickets", Data("{}".utf8), 400, "invalid_field"),
            ("POST", "/api/tickets", Data(#"{"service": 7}"#.utf8), 400, "invalid_field"),
            ("POST", "/api/tickets", Data(#"{"service": "A", "priority": "vip"}"#.utf8), 400, "invalid_field"),
            ("POST", "/api/tickets", Data(#"{"service": "Z"}"#.utf8), 422, "unknown_service"),
            ("POST", "/api/tickets", Data(#"{"service": "A", "phone": "12345"}"#.utf8), 400, "invalid_phone"),
            ("POST", "/api/tickets", Data(#"{"service": "A", "idNumber": "110105194912310021"}"#.utf8), 400, "invalid_id_number"),
            ("GET", "/api/tickets/nope", nil, 404, "not_found"),
            ("GET", "/api/nothing-here", nil, 404, "not_found"),
            ("PUT", "/api/tickets", nil, 405, "method_not_allowed"),
            ("POST", "/api/windows/99/open", nil, 403, "forbidden"),
            ("POST", "/api/windows/1/call-next", nil, 409, "window_closed"),
        ]
        for (method, path, body, status, code) in cases {
            let reply = try daemon.request(method, path, body: body, token: token, headers: ["Content-Type": "application/json"])
            #expect(reply.status == status, "\(method) \(path) \(body.map { String(decoding: $0, as: UTF8.self) } ?? ""): \(reply.text)")
            #expect(reply.errorCode == code, "\(method) \(path): \(reply.text)")
            #expect((reply.json["error"] as? [String: Any])?["message"] is String)
        }
        #expect(try daemon.request("POST", "/api/windows/1/open", token: token).status == 200)
        #expect(try daemon.request("POST", "/api/windows/1/finish", token: token).errorCode == "no_ticket_at_window")
        let manager = try daemon.login("manager")
        #expect(try daemon.request("POST", "/api/windows/99/open", token: manager).status == 404)
        // curl, like a browser, stops sending when the early 413 arrives (URLSession reports the closed pipe instead).
        let huge = daemon.directory.appendingPathComponent("huge.json")
        try Data(repeating: UInt8(ascii: "x"), count: 2 * 1024 * 1024).write(to: huge)
        let status = try runTool(
            "curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@\(huge.path)", "\(daemon.baseURL)/api/tickets"]
        ).output
        #expect(status == "413")
        #expect(try daemon.request("GET", "/api/queues").json["totalWaiting"] as? Int == 0, "no refused request issued a ticket")
        #expect(try daemon.request("GET", "/healthz").status == 200, "still alive")
    }
}
