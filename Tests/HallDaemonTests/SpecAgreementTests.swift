import Foundation
import HallTesting
import Testing

/// What the contract check found where the server and openapi.yaml disagreed, pinned down one by one.
@Suite struct SpecAgreementTests {
    /// `e` and a combining acute accent: one character on screen, two code points as JSON Schema's `maxLength` counts.
    static func accented(_ count: Int) -> String { String(repeating: "e\u{301}", count: count) }

    @Test func aRoutesPathAskedWithAnotherMethodIs405AlsoOutsideTheAPI() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        for (method, path) in [("TRACE", "/heatmap.svg"), ("POST", "/heatmap.svg"), ("DELETE", "/healthz")] {
            let reply = try daemon.request(method, path)
            #expect(reply.status == 405 && reply.errorCode == "method_not_allowed", "\(method) \(path): \(reply.status) \(reply.text)")
            #expect(reply.headers["allow"] == "GET", "\(method) \(path)")
        }
        #expect(try daemon.request("GET", "/no-such-page.html").status == 404)
        #expect(try daemon.request("TRACE", "/api/no-such-route").status == 404)
    }

    @Test func textLimitsCountCodePointsAsTheSpecDoes() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let manager = try daemon.login("manager")
        func take() throws -> [String: Any] { try daemon.request("POST", "/api/tickets", json: ["service": "A"]).json }

        // A cancel reason: at most 200 code points (100 accented letters), not 200 characters on screen.
        let first = try take()["id"] as? String ?? ""
        let long = try daemon.request("POST", "/api/tickets/\(first)/cancel", json: ["reason": Self.accented(101)], token: manager)
        #expect(long.status == 400 && long.errorCode == "invalid_field", "\(long.text)")
        #expect(try daemon.request("POST", "/api/tickets/\(first)/cancel", json: ["reason": Self.accented(100)], token: manager).status == 200)

        // A pad label: at most 60 code points.
        let label = try daemon.request("POST", "/api/windows/1/pad", json: ["label": Self.accented(31)], token: manager)
        #expect(label.status == 400 && label.errorCode == "invalid_field", "\(label.text)")
        #expect(try daemon.request("POST", "/api/windows/1/pad", json: ["label": Self.accented(30)], token: manager).status == 201)

        // A rating's reason: at most 200 code points.
        let ticket = try take()
        let officer = try daemon.login("officer1")
        #expect(try daemon.request("POST", "/api/windows/1/open", token: officer).status == 200)
        try daemon.serveNext(window: 1, token: officer)
        let rating: [String: Any] = ["score": 4, "secret": ticket["secret"] as? String ?? "", "reason": Self.accented(101)]
        let rated = try daemon.request("POST", "/api/tickets/\(ticket["id"] as? String ?? "")/rating", json: rating)
        #expect(rated.status == 400 && rated.errorCode == "invalid_field", "\(rated.text)")
        let fits = rating.merging(["reason": Self.accented(100)]) { $1 }
        #expect(try daemon.request("POST", "/api/tickets/\(ticket["id"] as? String ?? "")/rating", json: fits).status == 201)
    }

    @Test func padLabelsRefuseHiddenTextButNotEmojiTags() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let manager = try daemon.login("manager")
        for hidden in ["tablet\u{202E}3", "tab\u{200B}let", "\u{FEFF}tablet", "tablet\n3", "tablet\u{85}"] {
            let reply = try daemon.request("POST", "/api/windows/1/pad", json: ["label": hidden], token: manager)
            let scalars = hidden.unicodeScalars.map { String($0.value, radix: 16) }
            #expect(reply.status == 400 && reply.errorCode == "invalid_field", "\(scalars): \(reply.text)")
        }
        // The flag of Scotland is a sequence of tag characters (format characters of plane 14), and U+E4279 is unassigned:
        // neither hides text in the list, and the spec's pattern lets both through.
        for shown in ["🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} desk", "pad \u{E4279}", "  ", "窗口 3 号平板"] {
            let reply = try daemon.request("POST", "/api/windows/1/pad", json: ["label": shown], token: manager)
            #expect(reply.status == 201, "\(shown.unicodeScalars.map { String($0.value, radix: 16) }): \(reply.text)")
        }
    }
}
