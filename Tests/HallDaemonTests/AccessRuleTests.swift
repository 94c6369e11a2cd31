import Foundation
import HallTesting
import Testing

@testable import HallDaemon

/// Who may call what, for every route the daemon has, in this process (no socket): anonymous callers, a rating pad,
/// an officer of another window and a manager against each route's declared access.
@Suite struct AccessRuleTests {
    @Test func everyRouteRefusesExactlyWhoItShould() throws {
        let hall = try InProcessHall()
        let officer = try hall.login("officer1")
        let manager = try hall.login("manager")
        let pad = try #require(try hall.request("POST", "/api/windows/1/pad", json: [:], token: officer).json["token"] as? String)
        let ticket = try #require(try hall.request("POST", "/api/tickets", json: ["service": "A"]).json["id"] as? String)
        func target(_ pattern: String) -> String {
            pattern.replacingOccurrences(of: "{id}", with: ticket).replacingOccurrences(of: "{window}", with: "2")
                .replacingOccurrences(of: "{service}", with: "A")
        }
        let refusals: Set<Int> = [401, 403]
        var checked = 0
        for route in HallAPI.makeRouter().routes where route.pattern != "/api/logout" && route.pattern != "/api/events" {
            let path = target(route.pattern)
            func status(_ token: String?) throws -> (Int, String?) {
                let reply = try hall.request(
                    route.method.rawValue, path, body: Data("{}".utf8), token: token, headers: ["Content-Type": "application/json"])
                return (reply.status, reply.errorCode)
            }
            let (anonymous, _) = try status(nil)
            let (asPad, padCode) = try status(pad)
            let (asOfficer, _) = try status(officer)
            let (asManager, _) = try status(manager)
            let label = "\(route.method) \(route.pattern)"
            switch route.access {
            case .everyone:
                #expect(!refusals.contains(anonymous), "\(label) is public: \(anonymous)")
            case .anyUser:
                #expect(anonymous == 401 && asPad == 403 && !refusals.contains(asOfficer) && !refusals.contains(asManager), "\(label)")
            case .manager:
                #expect(anonymous == 401 && asPad == 403 && asOfficer == 403 && !refusals.contains(asManager), "\(label)")
            case .windowStaff:
                #expect(anonymous == 401 && asPad == 403 && asOfficer == 403 && !refusals.contains(asManager), "\(label) at another window")
            case .pad:
                #expect(anonymous == 401 && asOfficer == 403 && !refusals.contains(asPad), "\(label)")
            }
            if route.access != .everyone && route.access != .pad { #expect(padCode == "pad_not_staff", "\(label): a pad is never staff") }
            checked += 1
        }
        #expect(checked > 30)
    }

    /// The routes anyone on the hall's network may call, written out so that a route made public by mistake fails here.
    @Test func thePublicRoutesAreExactlyThese() {
        let public_ = Set(HallAPI.makeRouter().routes.filter { $0.access == .everyone }.map { "\($0.method) \($0.pattern)" })
        #expect(
            public_ == [
                "GET /api/hall", "GET /api/queues", "GET /api/events", "GET /api/issuing", "POST /api/tickets", "GET /api/tickets/{id}",
                "GET /api/tickets/{id}/qr.svg", "DELETE /api/tickets/{id}", "POST /api/tickets/{id}/rating", "GET /api/windows/{window}",
                "POST /api/login", "GET /healthz", "GET /metrics", "GET /api/heatmap", "GET /heatmap.svg", "GET /api/peak",
                // The boards' and the kiosk's audio: only what calls (and staff-given green tickets) produced, by name.
                "GET /api/announcements/{seq}", "GET /api/prompts/{name}",
                "GET /api/appointment-days", "GET /api/appointment-slots", "POST /api/appointments", "GET /api/appointments/{id}",
                "DELETE /api/appointments/{id}", "GET /api/appointments/{id}/qr.svg", "POST /api/check-ins",
            ])
    }

    @Test func windowActionsNeedTheRightLogin() throws {
        let hall = try InProcessHall()
        #expect(try hall.request("POST", "/api/windows/1/open").status == 401)
        #expect(try hall.request("POST", "/api/windows/1/open", token: "not-a-token").errorCode == "invalid_token")
        let officer2 = try hall.login("officer2")
        #expect(try hall.request("POST", "/api/windows/1/open", token: officer2).status == 403)
        #expect(try hall.request("POST", "/api/windows/2/open", token: officer2).status == 200)
        let manager = try hall.login("manager")
        #expect(try hall.request("POST", "/api/windows/1/open", token: manager).status == 200)
        #expect(try hall.request("POST", "/api/logout", token: officer2).status == 204)
        #expect(try hall.request("POST", "/api/windows/2/pause", token: officer2).status == 401, "a logged-out token is dead")
    }

    @Test func failedLoginsAreRateLimited() throws {
        let hall = try InProcessHall()
        for _ in 0..<5 {
            #expect(try hall.request("POST", "/api/login", json: ["user": "manager", "password": "guess"]).status == 401)
        }
        let limited = try hall.request("POST", "/api/login", json: ["user": "manager", "password": "demo"])
        #expect(limited.status == 429)
        #expect(limited.headers["retry-after"] != nil)
    }

    @Test func badInputGetsAClearErrorAndChangesNothing() throws {
        let hall = try InProcessHall()
        let token = try hall.login("officer1")
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
            let reply = try hall.request(method, path, body: body, token: token, headers: ["Content-Type": "application/json"])
            #expect(reply.status == status, "\(method) \(path) \(body.map { String(decoding: $0, as: UTF8.self) } ?? ""): \(reply.text)")
            #expect(reply.errorCode == code, "\(method) \(path): \(reply.text)")
            #expect((reply.json["error"] as? [String: Any])?["message"] is String)
        }
        #expect(try hall.request("POST", "/api/windows/1/open", token: token).status == 200)
        #expect(try hall.request("POST", "/api/windows/1/finish", token: token).errorCode == "no_ticket_at_window")
        let long = try hall.request("POST", "/api/windows/1/pause", json: ["reason": String(repeating: "x", count: 61)], token: token)
        #expect(long.status == 400 && long.errorCode == "invalid_field" && long.text.contains("\"field\":\"reason\""), "\(long.text)")
        #expect(try hall.request("GET", "/api/windows/1").json["status"] as? String == "open", "a refused pause leaves the window open")
        let manager = try hall.login("manager")
        #expect(try hall.request("POST", "/api/windows/99/open", token: manager).status == 404)
        #expect(try hall.request("GET", "/api/queues").json["totalWaiting"] as? Int == 0, "no refused request issued a ticket")
    }
}
