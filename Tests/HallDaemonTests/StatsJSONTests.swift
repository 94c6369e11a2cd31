import Foundation
import HallConfigFile
import HallCore
import Testing

@testable import HallDaemon

@Suite struct StatsJSONTests {
    @Test func statisticsJSONIsValidAndCarriesEveryColumn() throws {
        var config = try HallConfig.load(path: HallTestingPaths.demoConfig)
        config.users.append(UserAccount(login: "temp1", role: .officer, window: 1, passwordHash: "", displayName: "Li \"Xiao\"\n李\\晓"))
        var tally = Tally()
        tally.add(kind: "ticket.called", details: ["wait": "600"])
        tally.add(kind: "ticket.finished", details: ["service": "450"])
        tally.add(kind: "rating.given", details: ["score": "1"])
        let report = Statistics.report(
            from: "2026-11-23", to: "2026-11-23", group: .officer, groups: ["temp1": tally, "": Tally()], windows: [1: tally],
            daysWorked: ["2026-11-23"], config: config)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(StatsJSON.render(report))) as? [String: Any])
        #expect(object["columns"] as? [String] == StatisticsRow.columnNames)
        #expect(object["from"] as? String == "2026-11-23" && object["group"] as? String == "officer" && object["daysWorked"] as? Int == 1)
        let row = try #require((object["rows"] as? [[String: Any]])?.first)
        #expect(Set(row.keys) == Set(StatisticsRow.columnNames))
        #expect(row["labelZh"] as? String == "Li \"Xiao\"\n李\\晓")
        #expect(row["arrivals"] is NSNull && row["calls"] as? Int == 1 && row["meanWaitSeconds"] as? Double == 600)
        #expect(row["dissatisfiedShare"] as? Double == 1 && row["p90WaitSeconds"] as? Double == 870, "nine tenths into [10, 15) minutes")
        let workload = try #require((object["workload"] as? [[String: Any]])?.first)
        #expect(workload["window"] as? Int == 1 && workload["serviceHours"] as? Double == 0.13 && workload["shareOfServed"] as? Double == 1)
        #expect((workload["name"] as? [String: String])?["zh"] == config.window(1)?.name.zh)
    }
}

/// Files of the repository the daemon's unit tests read.
enum HallTestingPaths {
    static let demoConfig = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/demo-hall.toml").path
}
