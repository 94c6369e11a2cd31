import Foundation
import HallCore
import Testing

@testable import HallDaemon

/// The statistics table as the CSV file managers download.
@Suite struct StatisticsCSVTests {
    func config() -> HallConfig {
        var c = HallConfig(
            name: LocalizedName(zh: "测试办税服务厅", en: "Test Tax Hall"), timeZoneIdentifier: "Asia/Shanghai",
            hours: OpeningHours(days: [1: [OpeningSpan(startMinute: 540, endMinute: 1020)]]),
            services: [Service(code: "A", name: LocalizedName(zh: "综合业务", en: "General"), typicalMinutes: 8)],
            windows: [WindowConfig(number: 1, name: LocalizedName(zh: "1号窗口", en: "Window 1"), services: ["A"])])
        c.users = [UserAccount(login: "officer1", role: .officer, window: 1, passwordHash: "", displayName: "王芳, \"Wang\"")]
        return c
    }

    func tally(calls: Int = 0, waits: [Double] = []) -> Tally {
        var t = Tally()
        for w in waits { t.add(kind: "ticket.called", details: ["wait": String(Int(w * 60))]) }
        t.calls = max(t.calls, calls)
        return t
    }

    @Test func csvQuotesWhatItMustAndEndsLinesWithCRLF() throws {
        let r = Statistics.report(
            from: "2026-11-23", to: "2026-11-23", group: .officer, groups: ["officer1": tally(calls: 1, waits: [3])], windows: [:],
            daysWorked: ["2026-11-23"], config: config())
        let csv = StatisticsCSV.render(r)
        #expect(csv.hasPrefix("\u{FEFF}key,labelZh,labelEn,arrivals,calls,"))
        #expect(csv.hasSuffix("\r\n"))
        let lines = csv.dropFirst().components(separatedBy: "\r\n").dropLast()
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("officer1,\"王芳, \"\"Wang\"\"\",\"王芳, \"\"Wang\"\"\",,1,0,0,0,180,270,,1,0,,,0,"), "\(lines[1])")
        #expect(lines[2].hasPrefix("total,合计,Total,0,1,"))
        #expect(StatisticsCSV.number(1200) == "1200" && StatisticsCSV.number(0.1235) == "0.1235")
        #expect(StatisticsCSV.field("a\nb") == "\"a\nb\"" && StatisticsCSV.field("plain") == "plain")
    }
}
