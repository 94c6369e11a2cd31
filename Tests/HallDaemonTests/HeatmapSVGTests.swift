import Foundation
import HallCore
import Testing

@testable import HallDaemon

/// The heatmap as the SVG image the hall's website shows.
@Suite struct HeatmapSVGTests {
    let weekdays = OpeningHours(days: Dictionary(uniqueKeysWithValues: (1...5).map { ($0, [OpeningSpan(startMinute: 540, endMinute: 1020)]) }))

    /// Four weeks worked: Mondays 40 tickets in total at 10:00 waiting 2 hours between them; Tuesday 10:00 quieter;
    /// Thursdays 11:00 usually 10 waiting.
    func profile() -> WeekProfile {
        WeekProfile(
            slots: [
                SlotTotals(weekday: 4, hour: 11, arrivals: 0, waitSum: 4 * 3600 * 10, waitCount: 100),
                SlotTotals(weekday: 1, hour: 10, arrivals: 40, waitSum: 7200, waitCount: 40),
                SlotTotals(weekday: 2, hour: 10, arrivals: 8, waitSum: 960, waitCount: 8),
                SlotTotals(weekday: 2, hour: 14, arrivals: 4, waitSum: 0, waitCount: 0),
            ], daysPerWeekday: [1: 4, 2: 4, 3: 4, 4: 4, 5: 4])
    }

    @Test func theSVGHasBilingualLabelsOpeningHoursAndALegend() {
        let h = Heatmap(metric: .waiting, service: "A", weeks: 4, firstDay: "2026-10-26", lastDay: "2026-11-22", profile: profile(), hours: weekdays)
        let svg = HeatmapSVG.render(
            h, hallName: LocalizedName(zh: "测试<厅>", en: "Test & Hall"), serviceName: LocalizedName(zh: "综合", en: "General"), hours: weekdays)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>\n"))
        for label in ["周一 Mon", "周日 Sun", "测试&lt;厅&gt;", "Test &amp; Hall", "综合 General", "开放时间 Opening hours", "图例", "Legend", ">09<", ">16<"] {
            #expect(svg.contains(label), "missing \(label)")
        }
        #expect(!svg.contains("<厅>"))
        #expect(svg.components(separatedBy: "stroke=\"#1a1a1a\" stroke-width=\"2\"/>").count - 1 == 5 + 1, "one outline per open weekday and the key")
        #expect(svg.contains(">0.5<") && svg.contains(">10<"), "values are printed")
        #expect(HeatmapSVG.colour(0) == "#ffffcc" && HeatmapSVG.colour(1) == "#800026")
    }
}
