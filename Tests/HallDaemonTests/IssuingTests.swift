import Foundation
import HallTesting
import Testing

/// Issuing is governed: opening hours, limits per address and per service and day, priority only from staff,
/// JSON bodies declared as JSON. Against the real daemon on a test clock (the demo hall: Monday–Friday 09:00–17:00,
/// tickets from 30 minutes before opening, 5 tickets per address per minute).
@Suite(.serialized) struct IssuingTests {
    func take(_ daemon: TestDaemon, _ service: String = "A", from address: String? = nil, token: String? = nil) throws -> TestResponse {
        if let address { return try daemon.request("POST", "/api/tickets", json: ["service": service], token: token, from: address) }
        return try daemon.request("POST", "/api/tickets", json: ["service": service], token: token)
    }

    @Test func outsideOpeningHoursTheHallSaysWhenItOpens() throws {
        let daemon = try TestDaemon.start(clock: TestClock.lastWeek(.tuesday, 8, 29))
        defer { daemon.stop() }
        let clock = try daemon.testClock

        let early = try take(daemon)
        #expect(early.status == 409 && early.errorCode == "hall_closed", "\(early.text)")
        let error = try #require(early.json["error"] as? [String: Any])
        #expect((error["message"] as? String)?.contains("Tickets from today at 08:30") == true, "\(early.text)")
        #expect((error["message"] as? String)?.contains("the hall opens at 09:00") == true, "\(early.text)")
        #expect((error["messageZh"] as? String)?.contains("今天 08:30") == true, "\(early.text)")
        let opensAt = try #require(ISO8601DateFormatter.fractional.date(from: error["opensAt"] as? String ?? ""))
        #expect(opensAt == TestClock.lastWeek(.tuesday, 9))
        var issuing = try daemon.request("GET", "/api/issuing").json
        #expect(issuing["open"] as? Bool == false)
        #expect((issuing["next"] as? [String: Any])?["issuingFrom"] as? String == error["issuingFrom"] as? String)

        // Thirty minutes before opening, tickets are issued.
        try clock.set(TestClock.lastWeek(.tuesday, 8, 30, second: 1))
        #expect(try take(daemon).status == 201)
        issuing = try daemon.request("GET", "/api/issuing").json
        #expect(issuing["open"] as? Bool == true && issuing["issuingUntil"] is String)
        // A clock stepped back to before the issuing window closes it again, though a ticket was just admitted in it.
        try clock.set(TestClock.lastWeek(.tuesday, 8, 29, second: 59))
        #expect(try take(daemon).errorCode == "hall_closed")

        // At closing time the next tickets are tomorrow's; on Friday evening, Monday's.
        try clock.set(TestClock.lastWeek(.tuesday, 17))
        let evening = try take(daemon)
        #expect(evening.status == 409 && evening.text.contains("Tickets from tomorrow (Wednesday"), "\(evening.text)")
        #expect(evening.text.contains("at 08:30"))
        try clock.set(TestClock.lastWeek(.friday, 18))
        let weekend = try take(daemon)
        #expect(weekend.status == 409 && weekend.text.contains("Tickets from Monday"), "\(weekend.text)")
        try clock.set(TestClock.lastWeek(.sunday, 11))
        #expect(try take(daemon).errorCode == "hall_closed")
        let issued = try runTool("sqlite3", [daemon.databasePath, "SELECT COUNT(*) FROM tickets"]).output
        #expect(issued.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "no refused request issued a ticket")
    }

    @Test func issuingStopsTheConfiguredMinutesBeforeClosing() throws {
        let config = try TestDaemon.demoConfig([("issue_until_minutes_before_close = 0", "issue_until_minutes_before_close = 30")])
        let daemon = try TestDaemon.start(config: config, clock: TestClock.lastWeek(.wednesday, 16, 29))
        defer { daemon.stop() }
        #expect(try take(daemon).status == 201)
        try daemon.testClock.set(TestClock.lastWeek(.wednesday, 16, 30))
        let late = try take(daemon)
        #expect(late.status == 409 && late.text.contains("Tickets from tomorrow"), "\(late.text)")
    }

    @Test func oneAddressIsLimitedPerMinuteAndOthersAreNot() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        for n in 1...5 { #expect(try take(daemon, from: "127.0.3.7").status == 201, "ticket \(n)") }
        let refused = try take(daemon, from: "127.0.3.7")
        #expect(refused.status == 429 && refused.errorCode == "too_many_tickets", "\(refused.text)")
        let retry = try #require(Int(refused.headers["retry-after"] ?? ""))
        #expect((1...12).contains(retry), "one token every 12 s at 5 per minute")
        #expect((refused.json["error"] as? [String: Any])?["message"] as? String != nil)
        #expect(try take(daemon, from: "127.0.3.8").status == 201, "another address still gets tickets")
        #expect(try take(daemon).status == 201, "the kiosk's address is exempt")
        // Staff logged in are not limited per address.
        let guide = try daemon.login("officer1")
        #expect(try take(daemon, from: "127.0.3.7", token: guide).status == 201)
        try daemon.testClock.advance(by: Double(retry))
        #expect(try take(daemon, from: "127.0.3.7").status == 201, "a token again after Retry-After")
        #expect(try take(daemon, from: "127.0.3.7").status == 429)
    }

    @Test func aServiceStopsAtItsDailyCapUntilTheNextDay() throws {
        let config = try TestDaemon.demoConfig([("tickets_per_service_per_day = 0", "tickets_per_service_per_day = 3")])
        let daemon = try TestDaemon.start(config: config, clock: TestClock.lastWeek(.thursday, 15))
        defer { daemon.stop() }
        for _ in 0..<3 { #expect(try take(daemon, "E").status == 201) }
        let full = try take(daemon, "E")
        #expect(full.status == 429 && full.errorCode == "daily_limit_reached", "\(full.text)")
        #expect(full.text.contains("Tickets again from tomorrow (Friday"), "\(full.text)")
        let retry = try #require(Int(full.headers["retry-after"] ?? ""))
        #expect(abs(retry - 17 * 3600 - 30 * 60) <= 5, "until Friday 08:30: \(retry)")
        #expect(try take(daemon, "B").status == 201, "other services go on")
        try daemon.testClock.set(TestClock.lastWeek(.friday, 9))
        let next = try take(daemon, "E")
        #expect(next.status == 201 && next.json["number"] as? String == "E001")
    }

    @Test func priorityComesOnlyFromStaff() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        for priority in ["green", "appointment"] {
            let own = try daemon.request("POST", "/api/tickets", json: ["service": "A", "priority": priority])
            #expect(own.status == 403 && own.errorCode == "priority_needs_staff", "\(own.text)")
        }
        #expect(try daemon.request("POST", "/api/tickets", json: ["service": "A", "priority": "green"], token: "forged").status == 401)
        let officer = try daemon.login("officer3")
        let green = try daemon.request("POST", "/api/tickets", json: ["service": "A", "priority": "green"], token: officer)
        #expect(green.status == 201 && green.json["priority"] as? String == "green")
        let manager = try daemon.login("manager")
        let booked = try daemon.request("POST", "/api/tickets", json: ["service": "B", "priority": "appointment"], token: manager)
        #expect(booked.status == 201 && booked.json["priority"] as? String == "appointment")
        #expect(try take(daemon).status == 201, "normal tickets need no login")
        let journal = try runTool("sqlite3", [daemon.databasePath, "SELECT details FROM events WHERE kind = 'ticket.issued' ORDER BY seq"]).output
        #expect(journal.contains(#""staff":"officer3""#) && journal.contains(#""staff":"manager""#), "who gave priority is journaled: \(journal)")
    }

    @Test func jsonBodiesMustBeDeclaredAsJSON() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let manager = try daemon.login("manager")
        let body = Data(#"{"service":"A","user":"manager","password":"demo","score":5,"reason":"x","secret":"x"}"#.utf8)
        let routes = [
            ("POST", "/api/tickets"), ("POST", "/api/login"), ("POST", "/api/tickets/zzz/rating"), ("POST", "/api/windows/1/transfer"),
            ("POST", "/api/windows/1/pause"), ("PUT", "/api/alert-rules"), ("POST", "/api/tickets/zzz/cancel"),
            ("POST", "/api/services/A/cancel-waiting"),
        ]
        for (method, path) in routes {
            for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"] {
                let reply = try daemon.request(method, path, body: body, token: manager, headers: ["Content-Type": type])
                #expect(reply.status == 415 && reply.errorCode == "unsupported_media_type", "\(method) \(path) as \(type): \(reply.text)")
            }
        }
        let bare = try daemon.request("POST", "/api/tickets", from: "127.0.0.1")
        #expect(bare.status == 400 && bare.errorCode == "malformed_json", "no body at all is still a 400: \(bare.text)")
        let undeclared = try daemon.request("POST", "/api/tickets", body: Data(#"{"service":"A"}"#.utf8), from: "127.0.0.1")
        #expect(undeclared.status == 415, "a body without Content-Type: \(undeclared.text)")
        for type in ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"] {
            let reply = try daemon.request("POST", "/api/tickets", body: Data(#"{"service":"A"}"#.utf8), headers: ["Content-Type": type])
            #expect(reply.status == 201, "\(type): \(reply.text)")
        }
        #expect(try daemon.request("GET", "/api/queues").json["totalWaiting"] as? Int == 3)
    }
}

extension ISO8601DateFormatter {
    /// Parses the API's dates (UTC with milliseconds).
    static var fractional: ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }
}
