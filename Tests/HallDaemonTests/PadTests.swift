import Foundation
import HallTesting
import Testing

/// Rating pads: a window number proves nothing; a pad paired by its window's officer (or a manager) rates that
/// window's tickets and can do nothing else; managers list and revoke pads.
@Suite struct PadTests {
    /// A daemon with window 1 open and `count` A tickets served there; returns the tickets (id, secret).
    static func hallWithServedTickets(_ count: Int) throws -> (TestDaemon, officer: String, tickets: [[String: Any]]) {
        let daemon = try TestDaemon.start()
        let officer = try daemon.login("officer1")
        let tickets = try (0..<count).map { _ in try daemon.request("POST", "/api/tickets", json: ["service": "A"]).json }
        #expect(try daemon.request("POST", "/api/windows/1/open", token: officer).status == 200)
        for _ in 0..<count { try daemon.serveNext(window: 1, token: officer) }
        return (daemon, officer, tickets)
    }

    @Test func aWindowNumberAloneNoLongerRatesATicket() throws {
        let (daemon, _, tickets) = try Self.hallWithServedTickets(1)
        defer { daemon.stop() }
        let id = try #require(tickets.first?["id"] as? String)
        // What anyone reading the public event stream could send.
        let forged = try daemon.request("POST", "/api/tickets/\(id)/rating", json: ["score": 1, "reason": "forged", "window": 1])
        #expect(forged.status == 401 && forged.errorCode == "pad_not_paired", "\(forged.text)")
        #expect(try daemon.request("POST", "/api/tickets/\(id)/rating", json: ["score": 1]).status == 401)
        #expect(
            try daemon.request("POST", "/api/tickets/\(id)/rating", json: ["score": 1], token: "pad_" + String(repeating: "0", count: 64)).status
                == 401)
        #expect(try daemon.request("GET", "/api/tickets/\(id)").json["rating"] is NSNull, "nothing was stored")
    }

    @Test func thePadPairedByItsOfficerRatesOnlyItsWindowsTickets() throws {
        let (daemon, officer, tickets) = try Self.hallWithServedTickets(2)
        defer { daemon.stop() }
        #expect(try daemon.request("POST", "/api/windows/1/pad").status == 401, "pairing needs a login")
        #expect(try daemon.request("POST", "/api/windows/1/pad", token: try daemon.login("officer2")).status == 403, "another window's officer")
        let manager = try daemon.login("manager")
        #expect(try daemon.request("POST", "/api/windows/99/pad", token: manager).status == 404)
        #expect(try daemon.request("POST", "/api/windows/1/pad", json: ["label": String(repeating: "x", count: 61)], token: officer).status == 400)
        let paired = try daemon.request("POST", "/api/windows/1/pad", json: ["label": "tablet at 1"], token: officer)
        #expect(paired.status == 201, "\(paired.text)")
        let pad = try #require(paired.json["token"] as? String)
        #expect(pad.hasPrefix("pad_") && pad.count == 68)
        #expect((paired.json["pad"] as? [String: Any])?["window"] as? Int == 1)
        let me = try daemon.request("GET", "/api/pad", token: pad)
        #expect(me.status == 200 && me.json["window"] as? Int == 1 && me.json["pairedBy"] as? String == "officer1")
        #expect(try daemon.request("GET", "/api/pad", token: officer).status == 403, "a staff login is not a pad")
        #expect(try daemon.request("GET", "/api/pad").status == 401)

        let id1 = try #require(tickets[0]["id"] as? String)
        let rated = try daemon.request("POST", "/api/tickets/\(id1)/rating", json: ["score": 4], token: pad)
        #expect(rated.status == 201 && rated.json["source"] as? String == "pad", "\(rated.text)")
        #expect(try daemon.request("GET", "/api/tickets/\(id1)").json["rating"] as? Int == 4)

        // A ticket served at window 2 is not window 1's pad's to rate; a manager may pair window 2's pad.
        let other = try daemon.request("POST", "/api/tickets", json: ["service": "B"]).json
        #expect(try daemon.request("POST", "/api/windows/2/open", token: manager).status == 200)
        try daemon.serveNext(window: 2, token: manager)
        let otherID = try #require(other["id"] as? String)
        let wrong = try daemon.request("POST", "/api/tickets/\(otherID)/rating", json: ["score": 1], token: pad)
        #expect(wrong.status == 403 && wrong.errorCode == "not_this_window")
        let padOf2 = try daemon.pairPad(window: 2, token: manager)
        #expect(try daemon.request("POST", "/api/tickets/\(otherID)/rating", json: ["score": 5], token: padOf2).status == 201)
        // The phone still rates with the ticket's secret.
        let id2 = try #require(tickets[1]["id"] as? String), secret2 = try #require(tickets[1]["secret"] as? String)
        #expect(try daemon.request("POST", "/api/tickets/\(id2)/rating", json: ["score": 5, "secret": secret2]).json["source"] as? String == "phone")
    }

    @Test func aPadTokenOpensNoStaffRoute() throws {
        let (daemon, officer, _) = try Self.hallWithServedTickets(0)
        defer { daemon.stop() }
        let pad = try daemon.pairPad(window: 1, token: officer)
        try daemon.request("POST", "/api/tickets", json: ["service": "A"])
        let staffRoutes: [(String, String)] = [
            ("POST", "/api/windows/1/call-next"), ("POST", "/api/windows/1/close"), ("POST", "/api/windows/1/pad"), ("GET", "/api/me"),
            ("POST", "/api/logout"), ("GET", "/api/dashboard"), ("GET", "/api/alerts"), ("GET", "/api/alert-rules"), ("GET", "/api/pads"),
            ("GET", "/api/stats?from=2026-01-01&to=2026-01-31&by=day"), ("DELETE", "/api/pads/1"),
        ]
        for (method, path) in staffRoutes {
            let reply = try daemon.request(method, path, token: pad)
            #expect(reply.status == 403 && reply.errorCode == "pad_not_staff", "\(method) \(path): \(reply.status) \(reply.text)")
        }
        #expect(try daemon.request("GET", "/api/windows/1").json["ticket"] is NSNull, "call-next did not call anyone")
        #expect(try daemon.request("GET", "/api/windows/1").json["status"] as? String == "open")
        #expect(try daemon.request("GET", "/api/hall", token: pad).status == 200, "public reads still answer")
    }

    @Test func managersListAndRevokePadsAndARevokedPadIsRefused() throws {
        let (daemon, officer, tickets) = try Self.hallWithServedTickets(1)
        defer { daemon.stop() }
        let pad = try daemon.pairPad(window: 1, token: officer)
        let manager = try daemon.login("manager")
        #expect(try daemon.request("GET", "/api/pads", token: officer).status == 403)
        let list = try daemon.request("GET", "/api/pads", token: manager)
        let pads = list.json["pads"] as? [[String: Any]] ?? []
        #expect(pads.count == 1 && pads.first?["window"] as? Int == 1 && pads.first?["label"] as? String == "test pad 1")
        #expect(!list.text.contains(pad) && pads.first?["token"] == nil, "a pad's token is shown once, at pairing")
        let id = try #require(pads.first?["id"] as? Int)
        #expect(try daemon.request("DELETE", "/api/pads/\(id)", token: officer).status == 403)
        #expect(try daemon.request("DELETE", "/api/pads/\(id)", token: manager).status == 204)
        #expect(try daemon.request("DELETE", "/api/pads/\(id)", token: manager).status == 404)
        #expect((try daemon.request("GET", "/api/pads", token: manager).json["pads"] as? [Any])?.isEmpty == true)
        let gone = try daemon.request("GET", "/api/pad", token: pad)
        #expect(gone.status == 401 && gone.errorCode == "invalid_token")
        let ticketID = try #require(tickets.first?["id"] as? String)
        #expect(try daemon.request("POST", "/api/tickets/\(ticketID)/rating", json: ["score": 1], token: pad).status == 401)
        #expect(try daemon.request("GET", "/api/tickets/\(ticketID)").json["rating"] is NSNull)
    }
}
