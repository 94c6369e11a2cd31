import Foundation
import Testing

@testable import HallCore

@Suite struct StatisticsTests {
    func config() -> HallConfig {
        var c = smallHallConfig()
        c.users = [UserAccount(login: "officer1", role: .officer, window: 1, passwordHash: "", displayName: "王芳, \"Wang\"")]
        return c
    }

    func tally(arrivals: Int = 0, calls: Int = 0, served: Int = 0, noShows: Int = 0, waits: [Double] = [], service: Double = 0, scores: [Int] = [])
        -> Tally
    {
        var t = Tally()
        for _ in 0..<arrivals { t.add(kind: "ticket.issued", details: [:]) }
        for w in waits { t.add(kind: "ticket.called", details: ["wait": String(Int(w * 60))]) }
        t.calls = max(t.calls, calls)
        for _ in 0..<served { t.add(kind: "ticket.finished", details: ["service": String(Int(service))]) }
        t.noShows = noShows
        for s in scores { t.add(kind: "rating.given", details: ["score": String(s)]) }
        return t
    }

    @Test func windowsLeaveOutTheUnattributedLineButTheTotalCountsIt() throws {
        let groups = [
            "0": tally(arrivals: 10),
            "1": tally(calls: 6, served: 5, noShows: 1, waits: [1, 2, 3, 12, 25, 70], service: 360, scores: [5, 5, 1]),
            "3": tally(calls: 3, served: 3, waits: [4, 4, 4], service: 720),
        ]
        let windows = [0: groups["0"]!, 1: groups["1"]!, 3: groups["3"]!]
        let r = Statistics.report(
            from: "2026-11-23", to: "2026-11-24", group: .window, groups: groups, windows: windows, daysWorked: ["2026-11-23", "2026-11-24"],
            config: config())
        #expect(r.rows.map(\.key) == ["1", "3"])
        #expect(r.rows[0].label.en == "Window 1")
        let one = Dictionary(uniqueKeysWithValues: r.rows[0].columns.map { ($0.name, $0.value) })
        #expect(one["arrivals"] == StatValue.none, "tickets are issued to no window")
        #expect(one["noShowRate"] == .number(0.1667))
        #expect(one["withinTargetShare"] == .number(0.6667), "4 of 6 waited under 20 minutes")
        #expect(one["satisfactionMean"] == .number(3.67) && one["dissatisfiedShare"] == .number(0.3333))
        #expect(one["shareOfServed"] == .number(0.625) && one["serviceHours"] == .number(0.5))
        #expect(one["p90WaitSeconds"] == .number(3600), "rank 5.4 of 6 is in the hour-or-more bucket")
        let total = Dictionary(uniqueKeysWithValues: r.total.columns.map { ($0.name, $0.value) })
        #expect(total["arrivals"] == .int(10) && total["calls"] == .int(9) && total["served"] == .int(8))
        #expect(r.workload.map(\.window) == [1, 3])
        #expect(r.workload[1].utilisation == 0.075, "3 × 12 minutes serving in the 8 opening hours of the Monday (closed Tuesdays)")
        #expect(r.daysWorked == 2)
    }

    @Test func officersSortNaturallyAndDaysCarryTheirWeekday() {
        let r = Statistics.report(
            from: "2026-11-23", to: "2026-11-24", group: .officer, groups: ["officer10": tally(calls: 1), "officer2": tally(calls: 2), "": tally()],
            windows: [:], daysWorked: [], config: config())
        #expect(r.rows.map(\.key) == ["officer2", "officer10"])
        let d = Statistics.report(
            from: "2026-11-23", to: "2026-11-24", group: .day, groups: ["2026-11-24": tally(arrivals: 1), "2026-11-23": tally(arrivals: 2)],
            windows: [:], daysWorked: [], config: config())
        #expect(d.rows.map(\.key) == ["2026-11-23", "2026-11-24"] && d.rows[0].label.zh == "周一" && d.rows[1].label.en == "Tue")
    }

    @Test func hallDaysAreCheckedStrictly() {
        #expect(HallDays.isValid("2024-02-29") && !HallDays.isValid("2025-02-29"))
        for bad in ["2025-13-01", "2025-1-01", "20250101", "2025-01-01T00", "", "abcd-ef-gh", "2025-01-32", "０２０２-01-01"] {
            #expect(!HallDays.isValid(bad), "\(bad)")
        }
        #expect(HallDays.weekday("2026-11-23") == 1 && HallDays.weekday("2026-11-29") == 7)
        #expect(HallDays.adding(1, to: "2024-02-28") == "2024-02-29" && HallDays.adding(-1, to: "2025-01-01") == "2024-12-31")
        #expect(HallDays.count(from: "2025-01-01", to: "2025-12-31") == 365 && HallDays.count(from: "2025-01-02", to: "2025-01-01") == 0)
    }
}
