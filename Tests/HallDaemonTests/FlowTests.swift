import Foundation
import HallTesting
import Testing

@Suite(.serialized) struct FlowTests {
    @Test func aWindowServesItsTwoServicesAndScreensSeeEveryChangeInOrder() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let live = try SSEClient(port: daemon.port)

        func take(_ service: String) throws -> [String: Any] {
            let reply = try daemon.request("POST", "/api/tickets", json: ["service": service])
            #expect(reply.status == 201, "\(reply.text)")
            return reply.json
        }
        let a1 = try take("A")
        #expect(a1["number"] as? String == "A001")
        #expect(a1["status"] as? String == "waiting")
        #expect(a1["position"] as? Int == 1)
        #expect((a1["secret"] as? String)?.count == 20)
        let b1 = try take("B")
        let b2 = try take("B")
        #expect(b1["number"] as? String == "B001" && b2["number"] as? String == "B002")
        let followed = try daemon.request("GET", "/api/tickets/\(b2["id"]!)")
        #expect(followed.json["position"] as? Int == 2)
        #expect(followed.json["secret"] == nil, "the secret is shown only to whoever took the ticket")

        let token = try daemon.login("officer1")
        func act(_ action: String, _ json: [String: Any]? = nil) throws -> TestResponse {
            try daemon.request("POST", "/api/windows/1/\(action)", json: json, token: token)
        }
        #expect(try act("open").status == 200)
        // Window 1 serves A first, then B when no A waits.
        let first = try act("call-next")
        #expect(first.status == 200 && first.json["number"] as? String == "A001" && first.json["window"] as? Int == 1)
        #expect(try act("start").status == 200)
        #expect(try act("finish").status == 200)
        #expect(try act("call-next").json["number"] as? String == "B001")
        #expect(try act("no-show").errorCode == "too_few_recalls")
        #expect(try act("recall").status == 200)
        #expect(try act("recall").status == 200)
        #expect(try act("no-show").status == 200)
        #expect(try act("call-next").json["number"] as? String == "B002")
        let moved = try act("transfer", ["service": "A"])
        #expect(moved.status == 200 && moved.json["ticket"] is NSNull)
        let transferred = try daemon.request("GET", "/api/tickets/\(b2["id"]!)").json
        #expect(transferred["status"] as? String == "transferred" && transferred["service"] as? String == "A")
        #expect(transferred["number"] as? String == "B002", "a transfer keeps the number")
        #expect(try act("call-next").json["number"] as? String == "B002")
        #expect(try act("start").status == 200)
        #expect(try act("finish").status == 200)
        #expect(try act("call-next").status == 204)
        let done = try daemon.request("GET", "/api/tickets/\(a1["id"]!)").json
        #expect(done["status"] as? String == "done" && done["window"] as? Int == 1 && done["finishedAt"] is String)

        let expected = [
            "ticket.issued", "ticket.issued", "ticket.issued", "window.changed", "ticket.called", "ticket.started", "ticket.finished",
            "ticket.called", "ticket.recalled", "ticket.recalled", "ticket.noShow", "ticket.called", "ticket.transferred",
            "ticket.called", "ticket.started", "ticket.finished",
        ]
        let messages = live.collect(expected.count)
        #expect(messages.map { $0.event ?? "" } == expected)
        let ids = messages.compactMap { Int64($0.id ?? "") }
        #expect(ids == ids.sorted() && Set(ids).count == ids.count, "ids are the journal's increasing sequence")
        #expect(messages[4].json["ticket"].flatMap { ($0 as? [String: Any])?["number"] as? String } == "A001")

        // A screen that dropped after the fifth message gets exactly the rest, from the journal.
        let resumed = try SSEClient(port: daemon.port, lastEventID: messages[4].id)
        let replay = resumed.collect(expected.count - 5, timeout: 3)
        #expect(replay.map(\.id) == messages.dropFirst(5).map(\.id))
        #expect(resumed.next(timeout: 0.5) == nil, "nothing beyond what was missed")

        let queues = try daemon.request("GET", "/api/queues").json
        #expect(queues["totalWaiting"] as? Int == 0)
        #expect((queues["recentCalls"] as? [[String: Any]])?.first?["number"] as? String == "B002")
    }

    @Test func theTaxpayerCancelsWithTheSecretOnly() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let guide = try daemon.login("officer7")
        let t = try daemon.request("POST", "/api/tickets", json: ["service": "C", "priority": "green", "phone": "13812345678"], token: guide).json
        let id = t["id"] as! String
        #expect(try daemon.request("DELETE", "/api/tickets/\(id)?secret=wrong").status == 403)
        #expect(try daemon.request("DELETE", "/api/tickets/\(id)").status == 400)
        let cancelled = try daemon.request("DELETE", "/api/tickets/\(id)?secret=\(t["secret"]!)")
        #expect(cancelled.status == 200 && cancelled.json["status"] as? String == "cancelled")
        #expect(try daemon.request("DELETE", "/api/tickets/\(id)?secret=\(t["secret"]!)").status == 409)
    }

    @Test func healthMetricsAndPagesAnswer() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        #expect(try daemon.request("GET", "/healthz").status == 200)
        try daemon.request("POST", "/api/tickets", json: ["service": "A"])
        let metrics = try daemon.request("GET", "/metrics").text
        #expect(metrics.contains(#"hallq_tickets_issued_total{service="A"} 1"#))
        #expect(metrics.contains(#"hallq_waiting{service="A"} 1"#))
        #expect(metrics.contains(#"hallq_http_request_duration_seconds_count{method="POST",route="/api/tickets",status="2xx"} 1"#))
        let hall = try daemon.request("GET", "/api/hall").json
        #expect((hall["services"] as? [Any])?.count == 5)
        #expect((hall["windows"] as? [Any])?.count == 12)
        for page in ["/", "/kiosk", "/officer", "/manager", "/stats", "/peak", "/displays/hall", "/displays/window/3", "/displays/rate/3"] {
            let reply = try daemon.request("GET", page)
            #expect(reply.status == 200 && reply.headers["content-type"]?.hasPrefix("text/html") == true, "\(page)")
        }
        let icon = try daemon.request("GET", "/favicon.ico")
        #expect(icon.status == 200 && icon.headers["content-type"]?.hasPrefix("image/svg+xml") == true)
    }
}
