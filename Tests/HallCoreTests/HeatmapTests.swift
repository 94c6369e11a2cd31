import Foundation
import Testing

@testable import HallCore

@Suite struct HeatmapTests {
    let calendar = HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
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

    @Test func metricsAreMeansOverWorkedDaysAndLittlesLaw() {
        let p = profile()
        #expect(p.value(.arrivals, weekday: 1, hour: 10) == 10)
        #expect(p.value(.wait, weekday: 1, hour: 10) == 3, "7200 s over 40 calls is 3 minutes")
        #expect(p.value(.waiting, weekday: 1, hour: 10) == 0.5, "7200 s waited over 4 days is 1800 s per hour: half a person")
        #expect(p.value(.arrivals, weekday: 3, hour: 10) == 0, "a worked day with nobody in the hour counts as zero")
        #expect(p.value(.wait, weekday: 2, hour: 14) == nil, "no calls, no wait to tell")
        #expect(p.value(.arrivals, weekday: 6, hour: 10) == nil, "never worked on Saturdays")
    }

    @Test func theMatrixMarksOpeningHoursAndFindsThePeak() throws {
        var hours = weekdays
        hours.days[6] = [OpeningSpan(startMinute: 9 * 60 + 30, endMinute: 12 * 60)]
        let h = Heatmap(metric: .arrivals, service: "A", weeks: 4, firstDay: "2026-10-26", lastDay: "2026-11-22", profile: profile(), hours: hours)
        #expect(h.values.count == 7 && h.values.allSatisfy { $0.count == 24 })
        #expect(h.open[0][8] == false && h.open[0][9] && h.open[0][16] && !h.open[0][17])
        #expect(h.open[5][9] && h.open[5][11] && !h.open[5][12], "09:30–12:00 opens part of 09:00 and all of 11:00")
        #expect(!h.open[6].contains(true))
        let peak = try #require(h.peak)
        #expect(peak.weekday == 1 && peak.hour == 10 && peak.value == 10)
        #expect(h.maxValue == 10)
        #expect(h.dayOfMonth.count == 31 && h.dayOfMonth.allSatisfy { $0 == nil })
    }

    @Test func dayOfMonthIsMeanTicketsPerWorkedDay() {
        let month = [MonthDayTotals(dayOfMonth: 15, arrivals: 900, days: 3), MonthDayTotals(dayOfMonth: 20, arrivals: 500, days: 4)]
        let h = Heatmap(metric: .wait, service: nil, weeks: 12, firstDay: "", lastDay: "", profile: profile(), hours: weekdays, monthDays: month)
        #expect(h.dayOfMonth[14] == 300 && h.dayOfMonth[19] == 125 && h.dayOfMonth[0] == nil)
        let busy = BestTimes.busyDaysOfMonth(month + [MonthDayTotals(dayOfMonth: 3, arrivals: 400, days: 4)])
        #expect(busy == [15], "mean is 1800 / 11 ≈ 164 a day; only the 15th's 300 is 15 % above it")
    }

    @Test func bestTimesAreTheQuietestOpenHoursAheadAndAvoidBusyDays() {
        var slots: [SlotTotals] = []
        for w in 1...5 {
            for h in 9..<17 {
                // Usually 20 minutes; 4 at 15:00; Wednesdays at noon only 2.
                let minutes = w == 3 && h == 12 ? 2 : h == 15 ? 4 : 20
                slots.append(SlotTotals(weekday: w, hour: h, arrivals: 40, waitSum: Double(60 * minutes * 40), waitCount: 40))
            }
        }
        let p = WeekProfile(slots: slots, daysPerWeekday: [1: 4, 2: 4, 3: 4, 4: 4, 5: 4])
        // Monday 2026-11-23 10:20 in the hall: ahead lie Monday 11:00 … Friday 16:00 and next Monday morning.
        let now = beijingDay(23, 10, 20)
        let best = BestTimes.ahead(profile: p, hours: weekdays, calendar: calendar, now: now)
        #expect(best.count == 3)
        #expect(best[0].day == "2026-11-25" && best[0].hour == 12 && best[0].expectedWaitMinutes == 2)
        #expect(best.dropFirst().allSatisfy { $0.hour == 15 && $0.expectedWaitMinutes == 4 }, "\(best)")
        #expect(best[1].day == "2026-11-23", "ties go to the earlier hour")
        let avoiding = BestTimes.ahead(profile: p, hours: weekdays, calendar: calendar, now: now, busyDays: [25])
        #expect(!avoiding.contains { $0.day == "2026-11-25" })
        let weekend = BestTimes.ahead(profile: p, hours: weekdays, calendar: calendar, now: beijingDay(28, 10))
        #expect(weekend.first?.day == "2026-12-02" && weekend.first?.hour == 12, "on Saturday the best times are next week's")
        #expect(BestTimes.ahead(profile: WeekProfile(slots: [], daysPerWeekday: [:]), hours: weekdays, calendar: calendar, now: now).isEmpty)
    }

    @Test func liveComparisonSaysBusierQuieterOrUsual() throws {
        let p = profile()  // Mondays 10:00 usually have 0.5 waiting.
        func level(_ waiting: Int, at now: Date) -> LiveComparison {
            LiveComparison.compare(waitingNow: waiting, arrivalsToday: 7, profile: p, hours: weekdays, calendar: calendar, now: now)
        }
        let monday = beijingDay(23, 10, 30)
        #expect(level(6, at: monday).level == .busier)
        #expect(level(3, at: monday).level == .usual, "six times the usual 0.5, but only 2.5 more people")
        #expect(level(0, at: monday).level == .usual)
        let c = level(2, at: monday)
        #expect(c.usualWaiting == 0.5 && c.ratio == 4 && c.usualArrivalsByNow == 5, "half of 10:00's 10 by 10:30")
        let thursday = beijingDay(26, 11, 5)
        #expect(level(5, at: thursday).level == .quieter)
        #expect(level(8, at: thursday).level == .usual, "only 2 fewer than the usual 10")
        #expect(level(12, at: thursday).level == .usual, "12 is under 125 % of 10")
        #expect(level(13, at: thursday).level == .busier)
        #expect(level(30, at: beijingDay(23, 18)).level == .closed)
        #expect(level(2, at: beijingDay(27, 16)).level == .usual, "Friday 16:00: nobody usually waits; 2 is not remarkable")
        #expect(level(2, at: beijingDay(27, 16)).ratio == nil)
    }
}

/// 2026-11-`day` at hh:mm Beijing time (the 23rd is a Monday).
func beijingDay(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date { beijing(hour, minute, day: day) }
