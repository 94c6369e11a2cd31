import Foundation
import HallTesting
import Testing

@Suite(.serialized) struct HistoryRouteTests {
    /// The daemons' day: a Tuesday morning on the test clock, the day after the simulated history.
    static let clock = TestClock.lastWeek(.tuesday, 10)

    /// A database with ten simulated hall days ending the day before ``clock``, made once and copied for each test.
    static let simulatedHistory: Result<String, any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("history.sqlite").path
        let config = TestDaemon.repositoryRoot.appendingPathComponent("config/demo-hall.toml").path
        let until = ["--until", hallDay(of: clock)]
        let result = try runTool(TestDaemon.binary, ["simulate", "--days", "10", "--seed", "3", "--config", config, "--db", db] + until)
        guard result.status == 0 else { throw TestDaemonError.http("hallqd simulate exited with \(result.status)") }
        return db
    }

    /// A daemon serving a copy of the simulated history.
    func daemonWithHistory() throws -> TestDaemon {
        let daemon = try TestDaemon.start(clock: Self.clock)
        daemon.stop()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: daemon.databasePath + suffix) }
        try FileManager.default.copyItem(atPath: try Self.simulatedHistory.get(), toPath: daemon.databasePath)
        try daemon.launch()
        return daemon
    }

    /// The daemons' day in the hall's time zone, `yyyy-MM-dd`, moved by `days`.
    func hallDay(_ days: Int = 0) -> String { Self.hallDay(of: Self.clock, moved: days) }

    static func hallDay(of date: Date, moved days: Int = 0) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TestClock.beijing
        let c = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: date)!)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r\n" || c == "\n" {
                record.append(field)
                records.append(record)
                (record, field) = ([], "")
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { records.append(record + [field]) }
        return records
    }

    @Test func statisticsAsCSVCarryTheSameFiguresAsTheJSON() throws {
        let daemon = try daemonWithHistory()
        defer { daemon.stop() }
        let token = try daemon.login("manager")
        let range = "from=\(hallDay(-14))&to=\(hallDay())"
        for group in ["day", "window", "officer", "service"] {
            let json = try daemon.request("GET", "/api/stats?\(range)&group=\(group)", token: token)
            #expect(json.status == 200, "\(json.text)")
            let columns = try #require(json.json["columns"] as? [String])
            let rows = try #require(json.json["rows"] as? [[String: Any]]) + [try #require(json.json["total"] as? [String: Any])]
            #expect(rows.count > 2, "\(group)")
            let csv = try daemon.request("GET", "/api/stats?\(range)&group=\(group)", token: token, headers: ["Accept": "text/csv"])
            #expect(csv.status == 200 && csv.headers["content-type"]?.hasPrefix("text/csv") == true)
            #expect(csv.headers["content-disposition"]?.contains("attachment") == true)
            #expect(csv.body.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 with a byte-order mark")
            #expect(csv.text.contains("\r\n") && csv.text.hasSuffix("\r\n"))
            let same = try daemon.request("GET", "/api/stats?\(range)&group=\(group)&format=csv", token: token)
            #expect(same.body == csv.body, "?format=csv and Accept: text/csv agree")
            let records = Self.parseCSV(String(csv.text.drop { $0 == "\u{FEFF}" }))
            #expect(records.first == columns)
            #expect(records.count == rows.count + 1)
            for (record, row) in zip(records.dropFirst(), rows) {
                #expect(record.count == columns.count)
                for (name, cell) in zip(columns, record) {
                    switch row[name] {
                    case let text as String: #expect(cell == text, "\(group) \(name)")
                    case let number as NSNumber: #expect(Double(cell) == number.doubleValue, "\(group) \(name): \(cell) vs \(number)")
                    default: #expect(cell.isEmpty, "\(group) \(name): null is an empty cell, not \(cell)")
                    }
                }
            }
        }
        let byDay = try daemon.request("GET", "/api/stats?\(range)&group=day", token: token).json
        let total = try #require(byDay["total"] as? [String: Any])
        #expect((total["arrivals"] as? Int ?? 0) > 2000, "ten simulated days")
        #expect(byDay["daysWorked"] as? Int == (byDay["rows"] as? [Any])?.count)
        #expect((byDay["workload"] as? [[String: Any]])?.count == 12, "every window's workload")
    }

    @Test func todaysWorkCountsAtOnceAndOnlyManagersReadStatistics() throws {
        let daemon = try daemonWithHistory()
        defer { daemon.stop() }
        let today = "from=\(hallDay())&to=\(hallDay())"
        #expect(try daemon.request("GET", "/api/stats?\(today)").status == 401)
        let officer = try daemon.login("officer1")
        #expect(try daemon.request("GET", "/api/stats?\(today)", token: officer).status == 403)
        #expect(try daemon.request("POST", "/api/tickets", json: ["service": "A"]).status == 201)
        for action in ["open", "call-next", "start", "finish"] {
            #expect(try daemon.request("POST", "/api/windows/1/\(action)", token: officer).status == 200, "\(action)")
        }
        let manager = try daemon.login("manager")
        let stats = try daemon.request("GET", "/api/stats?\(today)&group=officer", token: manager)
        #expect(stats.status == 200)
        let rows = try #require(stats.json["rows"] as? [[String: Any]])
        #expect(rows.count == 1 && rows[0]["key"] as? String == "officer1" && rows[0]["served"] as? Int == 1 && rows[0]["calls"] as? Int == 1)
        #expect((stats.json["total"] as? [String: Any])?["arrivals"] as? Int == 1)

        let bad: [(String, String)] = [
            ("from=2025-13-01&to=2025-12-31", "invalid_date"), ("from=2025-01-01&to=yesterday", "invalid_date"),
            ("from=2025-02-01&to=2025-01-31", "invalid_range"), ("from=2000-01-01&to=2025-01-01", "invalid_range"),
            ("group=year", "invalid_field"), ("format=xml", "invalid_field"),
        ]
        for (query, code) in bad {
            let reply = try daemon.request("GET", "/api/stats?\(query)", token: manager)
            #expect(reply.status == 400 && reply.errorCode == code, "\(query): \(reply.text)")
        }
    }

    @Test func heatmapSVGAndPeakArePublic() throws {
        let daemon = try daemonWithHistory()
        defer { daemon.stop() }
        let map = try daemon.request("GET", "/api/heatmap?metric=arrivals&weeks=2")
        #expect(map.status == 200)
        let values = try #require(map.json["values"] as? [[Any]])
        #expect(values.count == 7 && values.allSatisfy { $0.count == 24 })
        #expect((map.json["daysCounted"] as? [Int])?.reduce(0, +) ?? 0 >= 6)
        let peak = try #require(map.json["peak"] as? [String: Any])
        #expect((1...5).contains(peak["weekday"] as? Int ?? 0) && (9...16).contains(peak["hour"] as? Int ?? 0))
        #expect((map.json["open"] as? [[Bool]])?[0][9] == true && (map.json["open"] as? [[Bool]])?[6][9] == false)
        #expect(try daemon.request("GET", "/api/heatmap?metric=wait&service=E").json["service"] as? String == "E")

        let svg = try daemon.request("GET", "/heatmap.svg?metric=waiting&service=A")
        #expect(svg.status == 200 && svg.headers["content-type"]?.hasPrefix("image/svg+xml") == true)
        #expect(svg.headers["cache-control"] == "public, max-age=300")
        #expect(svg.text.hasPrefix("<svg") && svg.text.contains("周一 Mon") && svg.text.contains("综合业务"))

        let page = try daemon.request("GET", "/api/peak")
        #expect(page.status == 200)
        let services = try #require(page.json["services"] as? [[String: Any]])
        #expect(services.map { $0["code"] as? String } == ["A", "B", "C", "D", "E"])
        #expect(!(services[0]["best"] as? [Any] ?? []).isEmpty, "history gives best times")
        #expect(["busier", "usual", "quieter", "closed", "unknown"].contains((page.json["live"] as? [String: Any])?["level"] as? String ?? ""))

        for (path, code) in [
            ("/api/heatmap?metric=crowds", "invalid_field"), ("/api/heatmap?weeks=0", "invalid_field"), ("/api/heatmap?weeks=261", "invalid_field"),
            ("/api/heatmap?service=Z", "unknown_service"), ("/heatmap.svg?weeks=x", "invalid_field"), ("/api/peak?weeks=-1", "invalid_field"),
        ] {
            let reply = try daemon.request("GET", path)
            #expect(reply.status == 400 && reply.errorCode == code, "\(path): \(reply.text)")
        }
    }

    @Test func thePeakPageDrawsItsHeatmapAndBestTimesInHeadlessChromium() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else { return }  // installed by `make deps`
        let daemon = try daemonWithHistory()
        defer { daemon.stop() }
        let profile = daemon.directory.appendingPathComponent("chromium").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--window-size=414,2000",
            "--virtual-time-budget=10000", "--dump-dom", daemon.baseURL + "/peak",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(dom.contains("data-ready=\"true\""), "the page finished loading:\n\(dom.prefix(2000))")
        #expect(dom.components(separatedBy: "class=\"c open").count - 1 >= 5 * 8, "every opening hour of the week has a cell")
        #expect(dom.contains("周一") && dom.contains("10:00"))
        #expect(dom.components(separatedBy: "<li>").count - 1 >= 5 * 3, "three best times for each of five services")
        #expect(dom.contains("北京市示范区税务局办税服务厅"), "the hall's name from /api/hall")
    }
}
