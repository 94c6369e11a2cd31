import Foundation
import HallTesting
import Testing

/// Behind a reverse proxy (`--trusted-proxy`): the forwarded client address counts for the per-address limits, and
/// only when the proxy sent it.
@Suite struct ForwardedClientTests {
    static let proxy = "192.0.2.10"

    static func hall(trusting proxies: [String] = [proxy]) throws -> InProcessHall {
        try InProcessHall { $0.trustedProxies = proxies }
    }

    static func take(_ hall: InProcessHall, from peer: String, forwardedFor: String?) throws -> Int {
        try hall.request(
            "POST", "/api/tickets", json: ["service": "A"], headers: forwardedFor.map { ["X-Forwarded-For": $0] } ?? [:], from: peer
        ).status
    }

    @Test func aTrustedProxysForwardedAddressIsTheClient() throws {
        let hall = try Self.hall()
        // The demo hall allows 5 tickets a minute per address.
        for _ in 0..<5 { #expect(try Self.take(hall, from: Self.proxy, forwardedFor: "198.51.100.7") == 201) }
        #expect(try Self.take(hall, from: Self.proxy, forwardedFor: "198.51.100.7") == 429, "the sixth from one client")
        #expect(try Self.take(hall, from: Self.proxy, forwardedFor: "198.51.100.8") == 201, "another client through the same proxy")
        // What the client wrote left of the proxy's entry proves nothing: the right-most entry counts.
        #expect(try Self.take(hall, from: Self.proxy, forwardedFor: "203.0.113.1, 198.51.100.7") == 429)
        // Entries of proxies are skipped (a chain of them): the client is the first address that is not one.
        #expect(try Self.take(hall, from: Self.proxy, forwardedFor: "203.0.113.1, 198.51.100.7, \(Self.proxy)") == 429)
        // The proxy's own requests (no header) count under its address.
        #expect(try Self.take(hall, from: Self.proxy, forwardedFor: nil) == 201)
    }

    @Test func nobodyElsesForwardedForIsBelieved() throws {
        let hall = try Self.hall()
        for i in 0..<5 { #expect(try Self.take(hall, from: "192.0.2.99", forwardedFor: "198.51.100.\(i)") == 201) }
        #expect(try Self.take(hall, from: "192.0.2.99", forwardedFor: "198.51.100.200") == 429, "a new made-up address each time gains nothing")

        let noProxy = try Self.hall(trusting: [])
        for i in 0..<5 { #expect(try Self.take(noProxy, from: Self.proxy, forwardedFor: "198.51.100.\(i)") == 201) }
        #expect(try Self.take(noProxy, from: Self.proxy, forwardedFor: "198.51.100.200") == 429, "without --trusted-proxy the header is ignored")
    }

    @Test func failedLoginsCountPerForwardedClient() throws {
        let hall = try Self.hall()
        func login(_ client: String, _ password: String) throws -> Int {
            try hall.request(
                "POST", "/api/login", json: ["user": "officer\(client.split(separator: ".").last!)", "password": password],
                headers: ["X-Forwarded-For": client], from: Self.proxy
            ).status
        }
        for _ in 0..<5 { #expect(try login("198.51.100.1", "wrong") == 401) }
        #expect(try login("198.51.100.1", "wrong") == 429, "five failures from one client address")
        #expect(try login("198.51.100.2", "demo") == 200, "another client behind the same proxy may still log in")
    }

    @Test func theSchemeOfTheTicketLinkComesFromTheProxyOnly() throws {
        let hall = try Self.hall()
        let id = try hall.request("POST", "/api/tickets", json: ["service": "B"]).json["id"] as! String
        func link(from peer: String) throws -> String {
            try hall.request(
                "GET", "/api/tickets/\(id)/qr.svg", headers: ["X-Forwarded-Proto": "https", "Host": "hall.example"], from: peer
            ).text
        }
        #expect(try link(from: Self.proxy).contains("https://hall.example/t/\(id)"))
        #expect(try link(from: "192.0.2.99").contains("http://hall.example/t/\(id)"), "anyone else's X-Forwarded-Proto is ignored")
    }

    /// The per-address cap on live streams counts forwarded clients (a real daemon: streams need a socket).
    @Test func streamCapsCountForwardedClients() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--trusted-proxy", "127.0.0.1", "--max-streams-per-address", "2"])
        defer { daemon.stop() }
        func stream(_ client: String) throws -> SSEClient { try SSEClient(port: daemon.port, headers: ["X-Forwarded-For": client]) }
        let first = try (0..<2).map { _ in try stream("198.51.100.7") }
        #expect(StreamStormTests.waitForMetric(daemon, "hallq_sse_subscribers", 2) == 2)
        let third = try stream("198.51.100.7")
        #expect(third.next(timeout: 2) == nil)
        #expect(third.status == 429, "a third stream of one client behind the proxy")
        let other = try stream("198.51.100.8")
        try daemon.request("POST", "/api/tickets", json: ["service": "B"])
        #expect(other.next(timeout: 3)?.event == "ticket.issued", "another client behind the same proxy is not refused")
        #expect(first.count == 2)
    }

    /// libmicrohttpd's connection cap counts peers, and behind a proxy every client is the proxy: it is left to the proxy.
    @Test func theConnectionCapDoesNotShutTheHallOutBehindAProxy() throws {
        let daemon = try TestDaemon.start(
            extraArguments: ["--trusted-proxy", "127.0.0.1", "--max-connections-per-address", "2", "--max-streams-per-address", "0"])
        defer { daemon.stop() }
        let boards = try (1...4).map { try SSEClient(port: daemon.port, headers: ["X-Forwarded-For": "198.51.100.\($0)"]) }
        #expect(StreamStormTests.waitForMetric(daemon, "hallq_sse_subscribers", 4) == 4, "four screens through one proxy")
        try daemon.request("POST", "/api/tickets", json: ["service": "B"])
        for board in boards { #expect(board.next(timeout: 3)?.event == "ticket.issued") }
    }
}
