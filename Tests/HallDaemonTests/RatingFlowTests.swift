import Foundation
import HallTesting
import Testing

/// Ratings from the window's paired pad and the taxpayer's phone: once, only after service, and a dissatisfied one alerts.
@Suite struct RatingFlowTests {
    @Test func aFinishedTicketIsRatedOnceAndADissatisfiedRatingAlertsTheManagers() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let officer = try daemon.login("officer1")
        let padOf1 = try daemon.pairPad(window: 1, token: officer)
        let padOf2 = try daemon.pairPad(window: 2, token: try daemon.login("officer2"))
        func act(_ action: String) throws -> TestResponse { try daemon.request("POST", "/api/windows/1/\(action)", token: officer) }
        let first = try daemon.request("POST", "/api/tickets", json: ["service": "A"]).json
        let second = try daemon.request("POST", "/api/tickets", json: ["service": "A"]).json
        let id1 = first["id"] as! String, id2 = second["id"] as! String
        let early = try daemon.request("POST", "/api/tickets/\(id1)/rating", json: ["score": 5, "secret": first["secret"] as! String])
        #expect(early.status == 409 && early.errorCode == "not_finished")
        #expect(try act("open").status == 200)
        for action in ["call-next", "start", "finish"] { #expect(try act(action).status == 200) }
        let live = try SSEClient(port: daemon.port)

        #expect(try daemon.request("POST", "/api/tickets/\(id1)/rating", json: ["score": 5], token: padOf2).errorCode == "not_this_window")
        #expect(try daemon.request("POST", "/api/tickets/\(id1)/rating", json: ["score": 9], token: padOf1).status == 400)
        #expect(try daemon.request("POST", "/api/tickets/\(id1)/rating", json: ["score": 5]).status == 401)
        let pad = try daemon.request("POST", "/api/tickets/\(id1)/rating", json: ["score": 5], token: padOf1)
        #expect(pad.status == 201, "\(pad.text)")
        #expect(pad.json["source"] as? String == "pad" && pad.json["score"] as? Int == 5)
        let twice = try daemon.request("POST", "/api/tickets/\(id1)/rating", json: ["score": 1], token: padOf1)
        #expect(twice.status == 409 && twice.errorCode == "already_rated")
        #expect(try daemon.request("GET", "/api/tickets/\(id1)").json["rating"] as? Int == 5)

        for action in ["call-next", "start", "finish"] { #expect(try act(action).status == 200) }
        #expect(try daemon.request("POST", "/api/tickets/\(id2)/rating", json: ["score": 1, "secret": "nope"]).status == 403)
        let phone = try daemon.request(
            "POST", "/api/tickets/\(id2)/rating", json: ["score": 2, "reason": "材料说明不清楚", "secret": second["secret"] as! String])
        #expect(phone.status == 201 && phone.json["source"] as? String == "phone")

        let events = live.collect(8, timeout: 5).filter { $0.event == "rating.given" || $0.event == "alert.raised" }
        #expect(events.map(\.event) == ["rating.given", "rating.given", "alert.raised"])
        let rated = events[1].json
        #expect((rated["details"] as? [String: String])?["score"] == "2")
        #expect((rated["details"] as? [String: String])?["reason"] == nil, "reasons stay off the public stream")
        #expect((events[2].json["details"] as? [String: String])?["message"] == nil, "alert texts stay off the public stream")

        let manager = try daemon.login("manager")
        let alerts = try daemon.request("GET", "/api/alerts", token: manager).json["alerts"] as? [[String: Any]] ?? []
        #expect(alerts.count == 1)
        let alert = try #require(alerts.first)
        #expect(alert["kind"] as? String == "rating")
        #expect((alert["message"] as? String)?.contains("材料说明不清楚") == false, "the public's words stay out of the alert's text")
        #expect((alert["details"] as? [String: String])?["reason"] == "材料说明不清楚", "managers still read them")
        #expect(try daemon.request("GET", "/api/alerts", token: officer).status == 403)
        let ack = try daemon.request("POST", "/api/alerts/\(alert["id"]!)/ack", token: manager)
        #expect(ack.status == 200 && ack.json["state"] as? String == "closed" && ack.json["acknowledgedBy"] as? String == "manager")
        #expect(try daemon.request("POST", "/api/alerts/\(alert["id"]!)/ack", token: manager).errorCode == "already_closed")
        #expect((try daemon.request("GET", "/api/alerts", token: manager).json["alerts"] as? [Any])?.isEmpty == true)

        let dashboard = try daemon.request("GET", "/api/dashboard", token: manager).json
        let totals = try #require(dashboard["totals"] as? [String: Any])
        #expect(totals["served"] as? Int == 2 && totals["ratings"] as? Int == 2 && totals["dissatisfied"] as? Int == 1)
        let window1 = (dashboard["windows"] as? [[String: Any]])?.first { $0["number"] as? Int == 1 }
        #expect(window1?["served"] as? Int == 2 && window1?["meanRating"] as? Double == 3.5)
    }

    @Test func managersEditTodaysAlertRulesWithClearErrors() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let manager = try daemon.login("manager")
        var rules = try daemon.request("GET", "/api/alert-rules", token: manager).json
        #expect(rules["maxWaitingPerOpenWindow"] as? Double == 6)
        rules["maxWaitingPerService"] = 12
        #expect(try daemon.request("PUT", "/api/alert-rules", json: rules, token: manager).json["maxWaitingPerService"] as? Int == 12)
        rules["maxWaitMinutes"] = -1
        let bad = try daemon.request("PUT", "/api/alert-rules", json: rules, token: manager)
        #expect(
            bad.status == 400
                && (bad.json["error"] as? [String: Any])?["message"] as? String == "maxWaitMinutes must be greater than 0 and at most 1440")
        #expect(try daemon.request("PUT", "/api/alert-rules", json: ["maxWaitMinutes": 5], token: manager).status == 400)
        daemon.stop()
        try daemon.launch()
        let again = try daemon.request("GET", "/api/alert-rules", token: try daemon.login("manager")).json
        #expect(again["maxWaitingPerService"] as? Int == 12, "today's edit survives a restart")
    }
}
