import Foundation
import HallConfigFile
import HallCore
import HallTesting
import Testing

@Suite("The hall finder's hours", .enabled(if: TestPostgres.isAvailable, "PostgreSQL's server programs are not installed (make deps)"))
struct FinderCalendarTests {
    /// The hall day (in the demo hall's time zone) of `date`.
    static func day(of date: Date) throws -> String {
        let demo = try HallConfig.load(path: TestDaemon.repositoryRoot.appendingPathComponent("config/demo-hall.toml").path)
        return HallCalendar(timeZone: demo.timeZone).day(of: date)
    }

    @Test("a hall on its public holiday is closed all day and never the best; a make-up working day opens like its weekday")
    func holidaysAndMakeUpDays() throws {
        let postgres = try TestPostgres.start()
        defer { postgres.remove() }
        let bureau = try TestBureau.start(postgresURL: postgres.url)
        defer { bureau.stop() }
        // Tuesday 10:00 at each hall: an ordinary one, one whose Tuesday is a public holiday; and a Sunday 10:00 that is
        // a make-up working day (open like Monday, 09:00-17:00), beside an ordinary Sunday.
        let tuesday = TestClock.lastWeek(.tuesday, 10)
        let sunday = TestClock.lastWeek(.sunday, 10)
        let (tuesdayDay, sundayDay) = (try Self.day(of: tuesday), try Self.day(of: sunday))
        let worlds: [(id: String, clock: Date, edit: (String) -> String)] = [
            ("workday", tuesday, { $0 }),
            ("holiday", tuesday, { $0.replacingOccurrences(of: "holidays = [\n", with: "holidays = [\n    \"\(tuesdayDay)\",\n") }),
            ("makeup", sunday, { $0.replacingOccurrences(of: "make_up_days = [", with: "make_up_days = [\"\(sundayDay)\", ") }),
            ("sunday", sunday, { $0 }),
        ]
        var configs: [BureauHallConfig] = []
        var halls: [TestDaemon] = []
        defer { for hall in halls { hall.stop() } }
        for world in worlds {
            let config = try BureauHallConfig(postgresURL: postgres.url, hallID: world.id, edit: world.edit)
            configs.append(config)
            let hall = try TestDaemon.start(config: config.path, clock: world.clock)
            halls.append(hall)
            let manager = try hall.login("manager")
            #expect(try hall.request("POST", "/api/windows/1/open", token: manager).status == 200)
        }
        // Before any ticket: the workday hall takes one, so it has a wait estimate for service A.
        #expect(try halls[0].request("POST", "/api/tickets", json: ["service": "A"]).status == 201)

        func finder() throws -> [String: [String: Any]] {
            let halls = try bureau.request("GET", "/api/halls?service=A").json["halls"] as? [[String: Any]] ?? []
            return Dictionary(uniqueKeysWithValues: halls.map { ($0["hallID"] as? String ?? "", $0) })
        }
        #expect(try eventually(within: 10) { try finder().count == 4 && finder().values.allSatisfy { $0["stale"] as? Bool == false } })
        let now = try finder()
        #expect(now["workday"]?["hoursToday"] as? [String] == ["09:00-17:00"] && now["workday"]?["openNow"] as? Bool == true)
        #expect(now["holiday"]?["hoursToday"] as? [String] == [] && now["holiday"]?["openNow"] as? Bool == false, "\(now["holiday"] ?? [:])")
        #expect(now["makeup"]?["hoursToday"] as? [String] == ["09:00-17:00"] && now["makeup"]?["openNow"] as? Bool == true, "\(now["makeup"] ?? [:])")
        #expect(now["sunday"]?["hoursToday"] as? [String] == [] && now["sunday"]?["openNow"] as? Bool == false)
        let best = try bureau.request("GET", "/api/halls?service=A").json["best"] as? [String: Any]
        #expect(best?["hallID"] as? String != "holiday" && best?["hallID"] as? String != "sunday", "\(String(describing: best))")
    }
}
