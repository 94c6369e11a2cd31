import Foundation
import HallTesting
import Testing

@Suite("The bureau service", .enabled(if: TestPostgres.isAvailable, "PostgreSQL's server programs are not installed (make deps)"))
struct BureauServiceTests {
    static func hall(_ id: String, in finder: [String: Any]) -> [String: Any]? {
        (finder["halls"] as? [[String: Any]])?.first { $0["hallID"] as? String == id }
    }

    static func waiting(_ hall: [String: Any]?, service: String) -> Int? {
        ((hall?["services"] as? [[String: Any]])?.first { $0["service"] as? String == service })?["waiting"] as? Int
    }

    @Test("the hall finder shows every hall's lines within 2 s and names the best hall for a service")
    func finder() throws {
        let world = try ThreeHalls()
        let bureau = world.bureau
        #expect(
            try eventually(within: 10) {
                let finder = try bureau.request("GET", "/api/halls").json
                return Self.waiting(Self.hall("busy", in: finder), service: "A") == 6
                    && Self.waiting(Self.hall("shut", in: finder), service: "A") == 2
                    && Self.waiting(Self.hall("quiet", in: finder), service: "A") == 1
            }, "\(bureau.log)")
        let finder = try bureau.request("GET", "/api/halls?service=A").json
        let best = finder["best"] as? [String: Any]
        #expect(best?["hallID"] as? String == "quiet", "\(finder)")
        let busy = Self.hall("busy", in: finder)
        #expect(busy?["addressEn"] as? String == "busy street")
        #expect(busy?["openNow"] as? Bool == true)
        #expect((busy?["hoursToday"] as? [String])?.isEmpty == false)
        #expect(busy?["stale"] as? Bool == false)

        // A ticket taken and one served at the busy hall reach the bureau within 2 s.
        let hall = world.halls["busy"]!
        #expect(try hall.request("POST", "/api/tickets", json: ["service": "A"]).status == 201)
        let manager = try hall.login("manager")
        for action in ["call-next", "start", "finish"] { #expect(try hall.request("POST", "/api/windows/1/\(action)", token: manager).status == 200) }
        #expect(try eventually(within: 2) { Self.waiting(Self.hall("busy", in: try bureau.request("GET", "/api/halls").json), service: "A") == 6 })

        // Bad input is a 4xx with the JSON error shape.
        let lower = try bureau.request("GET", "/api/halls?service=a")
        #expect(lower.status == 400 && lower.errorCode == "invalid_field")
        let unknown = try bureau.request("GET", "/api/halls?service=Z")
        #expect(unknown.status == 404 && unknown.errorCode == "unknown_service")
        #expect(try bureau.request("DELETE", "/api/halls").status == 405)
        #expect(try bureau.request("GET", "/api/nothing").errorCode == "not_found")
        #expect(try bureau.request("GET", "/halls").text.contains("<html"))
    }

    @Test("a hall that stops reporting is shown as stale and is not recommended")
    func staleHall() throws {
        let world = try ThreeHalls(bureauArguments: ["--stale-after-seconds", "2"])
        #expect(
            try eventually(within: 10) {
                (try world.bureau.request("GET", "/api/halls?service=A").json["best"] as? [String: Any])?["hallID"] as? String == "quiet"
            })
        world.halls["quiet"]!.stop()
        #expect(
            try eventually(within: 10) {
                let finder = try world.bureau.request("GET", "/api/halls?service=A").json
                return Self.hall("quiet", in: finder)?["stale"] as? Bool == true && (finder["best"] as? [String: Any])?["hallID"] as? String == "busy"
            })
    }

    @Test("the bureau dashboard, drill-down, statistics, CSV and heatmap need a bureau manager and count every hall")
    func managerViews() throws {
        let world = try ThreeHalls()
        let bureau = world.bureau
        try bureau.addManager("chief", password: "correct horse")
        #expect(try bureau.request("GET", "/api/bureau/dashboard").status == 401)
        let wrong = try bureau.request("POST", "/api/bureau/login", json: ["user": "chief", "password": "wrong password"])
        #expect(wrong.status == 401 && wrong.errorCode == "invalid_credentials")
        #expect(try bureau.request("POST", "/api/bureau/login", json: ["user": 5]).status == 400)
        let token = try bureau.login("chief", password: "correct horse")
        #expect(
            try eventually(within: 10) {
                let halls = try bureau.request("GET", "/api/bureau/dashboard", token: token).json["halls"] as? [[String: Any]] ?? []
                return halls.map { $0["waiting"] as? Int ?? -1 } == [6, 1, 2] && halls.map { $0["issuedToday"] as? Int ?? -1 } == [6, 1, 2]
            })
        let dashboard = try bureau.request("GET", "/api/bureau/dashboard", token: token).json
        #expect((dashboard["totals"] as? [String: Any])?["waiting"] as? Int == 9)
        let first = (dashboard["halls"] as? [[String: Any]])?.first
        #expect(first?["openWindows"] as? Int == 1 && first?["stale"] as? Bool == false)

        let lines = try bureau.request("GET", "/api/bureau/halls/busy", token: token).json
        let a = (lines["lines"] as? [[String: Any]])?.first { $0["service"] as? String == "A" }
        #expect(a?["waiting"] as? Int == 6 && a?["issuedToday"] as? Int == 6)
        #expect(try bureau.request("GET", "/api/bureau/halls/nowhere", token: token).status == 404)

        let day = String((dashboard["halls"] as? [[String: Any]])?.first?["day"] as? String ?? "")
        let stats = try bureau.request("GET", "/api/bureau/stats?from=\(day)&to=\(day)&halls=busy,quiet", token: token).json
        #expect((stats["totals"] as? [String: Any])?["issued"] as? Int == 7, "\(stats)")
        #expect((stats["halls"] as? [[String: Any]])?.count == 2)
        let csv = try bureau.request("GET", "/api/bureau/stats.csv?from=\(day)&to=\(day)", token: token).text
        #expect(csv.hasPrefix("hall_id,service,issued"))
        #expect(csv.contains("\r\nshut,A,2,"), "\(csv)")
        let heat = try bureau.request("GET", "/api/bureau/heatmap?from=\(day)&to=\(day)&service=A", token: token).json
        #expect((heat["cells"] as? [[String: Any]])?.map { $0["issued"] as? Int ?? 0 }.reduce(0, +) == 9, "\(heat)")

        for bad in ["from=2026-13-01", "from=2026-02-02&to=2026-02-01", "halls=Bad!", "halls=nowhere", "service=aa", "from=2020-01-01&to=2026-01-01"]
        {
            let reply = try bureau.request("GET", "/api/bureau/stats?\(bad)", token: token)
            #expect((400...404).contains(reply.status) && reply.errorCode != nil, "\(bad): \(reply.status) \(reply.text)")
        }
        #expect(try bureau.request("POST", "/api/bureau/logout", token: token).status == 200)
        #expect(try bureau.request("GET", "/api/bureau/dashboard", token: token).status == 401)
    }
}

@Suite("The bureau's pages in Chromium", .enabled(if: TestPostgres.isAvailable, "PostgreSQL's server programs are not installed (make deps)"))
struct BureauPageTests {
    @Test("the hall finder on a phone and the bureau dashboard work in headless Chromium")
    func pages() throws {
        let world = try ThreeHalls()
        try world.bureau.addManager("chief", password: "correct horse")
        #expect(try eventually(within: 10) { (try world.bureau.request("GET", "/api/halls").json["halls"] as? [[String: Any]])?.count == 3 })
        #expect(try eventually(within: 10) { (try world.bureau.request("GET", "/api/halls?service=A").json["best"] as? [String: Any]) != nil })
        let script = TestDaemon.repositoryRoot.appendingPathComponent("scripts/browser/check_bureau.py").path
        var arguments = [script, "--base", world.bureau.baseURL, "--user", "chief", "--password", "correct horse"]
        if let folder = ProcessInfo.processInfo.environment["HALLQ_SCREENSHOTS"] { arguments += ["--screenshots", folder] }
        let result = try runTool("python3", arguments, mergingErrors: true)
        #expect(result.status == 0, "check_bureau.py exited with \(result.status):\n\(result.output)\n--- bureau log ---\n\(world.bureau.log)")
    }
}
