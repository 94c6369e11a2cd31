import Foundation
import Testing

@testable import HallCore
@testable import HallStore

@Suite struct HistoryStoreTests {
    let calendar = HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    /// A two-window hall open Monday to Friday, 09:00–17:00.
    func weekHall() -> HallConfig {
        var config = storeTestConfig()
        let day = [OpeningSpan(startMinute: 9 * 60, endMinute: 17 * 60)]
        config.hours = OpeningHours(days: [1: day, 2: day, 3: day, 4: day, 5: day])
        return config
    }

    /// Simulates `days` hall days ending the day before `end` into `store`, as `hallqd simulate` does.
    func simulate(_ store: HallStore, days: Int, endingBefore end: Date, seed: UInt64 = 1) throws {
        var sim = HallSimulator(hall: Hall(config: weekHall()), random: SplitMix64(seed: seed))
        for offset in stride(from: days, through: 1, by: -1) {
            let events = try sim.simulateDay(calendar.adding(days: -offset, to: calendar.startOfDay(end)) + 12 * 3600)
            if !events.isEmpty { try store.append(events, hall: sim.hall) }
        }
    }

    @Test func hallDaysAndHoursChangeAtBeijingMidnightAndOnTheHour() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        var rng = SplitMix64(seed: 2)
        var hall = Hall(config: storeTestConfig())
        // Tuesday 2026-11-24 23:59:59.999 and Wednesday 00:00:00.000 in Beijing: 15:59:59.999 and 16:00 UTC on one UTC day.
        let midnight = morning(15 * 60)
        for at in [morning(60) - 0.001, morning(60), midnight - 0.001, midnight] {
            try store.append(try hall.issue(TicketRequest(service: "A"), now: at, random: &rng).1, hall: hall)
        }
        #expect(calendar.start(ofDay: "2026-11-25") == midnight)
        let tuesday = try store.dayRollups(fromDay: "2026-11-24", toDay: "2026-11-24")
        let wednesday = try store.dayRollups(fromDay: "2026-11-25", toDay: "2026-11-25")
        #expect(tuesday.map(\.tally.arrivals) == [3] && wednesday.map(\.tally.arrivals) == [1])
        let hours = try store.rollups(from: morning(-60), to: midnight + 3600).map { "\($0.day) \($0.weekday) \($0.hour) \($0.arrivals)" }
        #expect(hours == ["2026-11-24 2 9 1", "2026-11-24 2 10 1", "2026-11-24 2 23 1", "2026-11-25 3 0 1"])
        let profile = try store.historyProfile(from: morning(-9 * 60), to: midnight + 86_400).hall
        #expect(profile.days == [0, 1, 1, 0, 0, 0, 0])
        #expect(profile.slots[1][23].arrivals == 1 && profile.slots[2][0].arrivals == 1 && profile.slots[1][9].arrivals == 1)
        #expect(try store.arrivals(onDay: "2026-11-25") == ["A": 1])
    }

    @Test func aSimulatedYearShowsMondayMorningsAndTheFifteenth() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        let end = morning(-9 * 60)  // Tuesday 2026-11-24, midnight
        try simulate(store, days: 364, endingBefore: end)
        let profile = try store.historyProfile(from: calendar.adding(days: -364, to: end), to: end)
        #expect(profile.hall.days[0..<5] == [52, 52, 52, 52, 52])
        let arrivals = Heatmap(
            metric: .arrivals, service: nil, weeks: 52, firstDay: "", lastDay: "", profile: profile.hall, hours: weekHall().hours,
            monthDays: profile.monthDays[""]!)
        let peak = try #require(arrivals.peak)
        #expect(peak.weekday == 1 && peak.hour == 10, "the busiest hour is Monday 10:00, not \(peak)")
        for weekday in 2...5 {
            #expect(arrivals.value(weekday: 1, hour: 10)! > arrivals.value(weekday: weekday, hour: 10)! * 1.2)
        }
        #expect(arrivals.value(weekday: 1, hour: 10)! > arrivals.value(weekday: 1, hour: 12)! * 1.5, "lunch is quieter")
        let weekend = profile.hall.slots[5...].joined().reduce(0) { $0 + $1.arrivals }
        #expect(weekend == 0, "nobody takes a number at the weekend (a Friday's line may be served after midnight)")
        #expect(arrivals.value(weekday: 7, hour: 10) == nil, "never open on Sundays")
        // The month: the run-up to the 15th is the busiest stretch, and the 15th itself the peak.
        let month = arrivals.dayOfMonth
        func mean(_ days: ClosedRange<Int>) -> Double {
            let values: [Double] = days.compactMap { month[$0 - 1] }
            return values.reduce(0, +) / Double(values.count)
        }
        let usual = mean(20...28)
        #expect(month[14]! > usual * 1.35, "the 15th: \(month[14]!) against \(usual)")
        #expect(mean(13...15) > usual * 1.3 && mean(13...15) > mean(1...9) * 1.3)
        let busy = BestTimes.busyDaysOfMonth(profile.monthDays[""]!)
        #expect(busy.contains(15) && busy.count >= 2 && busy.isSubset(of: 10...15), "usually busy: \(busy.sorted()) of \(month)")
        // People wait more on Monday mornings too.
        let waiting = Heatmap(
            metric: .waiting, service: "A", weeks: 52, firstDay: "", lastDay: "", profile: profile.services["A"]!, hours: weekHall().hours)
        #expect(waiting.value(weekday: 1, hour: 11)! > waiting.value(weekday: 3, hour: 11)!)
    }

    @Test func statisticsSumTheDailyRollupsByEachGrouping() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        try simulate(store, days: 7, endingBefore: morning(-9 * 60))
        let all = try store.dayRollups(fromDay: "2026-11-17", toDay: "2026-11-23").reduce(Tally()) { $0 + $1.tally }
        #expect(all.arrivals > 300)
        let byWindow = try store.statistics(fromDay: "2026-11-17", toDay: "2026-11-23", group: .window).windows
        for group in StatisticsGroup.allCases {
            let sums = try store.statistics(fromDay: "2026-11-17", toDay: "2026-11-23", group: group)
            // Booking slots carry bookings only (their ticket figures would be the hour's, not the slot's).
            #expect(sums.groups.values.reduce(Tally(), +) == (group == .slot ? Tally() : all), "\(group)")
            for (window, tally) in byWindow {
                let workload = try #require(sums.windows[window])
                #expect(workload.calls == tally.calls && workload.served == tally.served && workload.serviceSum == tally.serviceSum)
            }
            #expect(sums.days == ["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-23"], "\(group)")
            #expect(Set(sums.windows.keys) == [0, 1, 2])
        }
        let byService = try store.statistics(fromDay: "2026-11-17", toDay: "2026-11-23", group: .service).groups
        #expect(Set(byService.keys) == ["A", "B"])
        let byOfficer = try store.statistics(fromDay: "2026-11-20", toDay: "2026-11-20", group: .officer).groups
        #expect(Set(byOfficer.keys) == ["", "officer1", "officer2"])
    }

    @Test func pruningDropsOldTicketsAndJournalButKeepsRollups() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        try simulate(store, days: 10, endingBefore: morning(-9 * 60))  // 2026-11-14 … 2026-11-23
        let hourly = try store.rollups(from: morning(-30 * 86_400 / 60), to: morning(0))
        let daily = try store.dayRollups(fromDay: "2026-11-01", toDay: "2026-11-30")
        let oldTicket = try #require(try store.tickets(onDay: "2026-11-16").first)
        let dry = try store.prune(before: "2026-11-20", calendar: calendar, dryRun: true)
        #expect(dry.days == ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"] && dry.tickets > 100 && dry.journalRows > dry.tickets)
        #expect(try store.ticket(oldTicket.id) != nil, "a dry run removes nothing")

        let report = try store.prune(before: "2026-11-20", calendar: calendar)
        #expect(report.days == dry.days && report.tickets == dry.tickets && report.journalRows == dry.journalRows)
        #expect(report.journalKeptFrom == "2026-11-20" && report.skippedDays.isEmpty)
        #expect(try store.ticket(oldTicket.id) == nil)
        #expect(try store.tickets(onDay: "2026-11-20").count > 50, "newer days are untouched")
        let first = try #require(try store.events(after: 0, limit: 1).first)
        #expect(calendar.day(of: first.at) >= "2026-11-20")
        #expect(try store.rollups(from: morning(-30 * 86_400 / 60), to: morning(0)) == hourly)
        #expect(try store.dayRollups(fromDay: "2026-11-01", toDay: "2026-11-30") == daily)
        // A rebuild cannot see the pruned days' journal, so it keeps their rollups and recomputes the rest identically.
        try store.rebuildRollups(calendar: calendar)
        #expect(try store.rollups(from: morning(-30 * 86_400 / 60), to: morning(0)) == hourly)
        #expect(try store.dayRollups(fromDay: "2026-11-01", toDay: "2026-11-30") == daily)
    }

    @Test func pruningSkipsDaysWithoutRollupsAndKeepsTheirJournal() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        try simulate(store, days: 7, endingBefore: morning(-9 * 60))  // 2026-11-17 … 2026-11-23
        try store.pool.write { db in try db.execute(sql: "DELETE FROM day_rollups WHERE day = '2026-11-19'") }
        let report = try store.prune(before: "2026-11-23", calendar: calendar)
        #expect(report.days == ["2026-11-17", "2026-11-18", "2026-11-20"] && report.skippedDays == ["2026-11-19"])
        #expect(report.journalKeptFrom == "2026-11-19", "the journal goes only up to the first skipped day")
        #expect(try store.tickets(onDay: "2026-11-19").count > 50 && store.tickets(onDay: "2026-11-20").isEmpty)
        let rerun = try store.prune(before: "2026-11-23", calendar: calendar)
        #expect(rerun.days.isEmpty && rerun.skippedDays == ["2026-11-19"] && rerun.journalRows == 0, "nothing more while 19 is skipped: \(rerun)")
        try store.rebuildRollups(calendar: calendar)
        #expect(try !store.dayRollups(fromDay: "2026-11-19", toDay: "2026-11-19").isEmpty, "the skipped day's rollups can be rebuilt")
        let keepJournal = try store.prune(before: "2026-11-23", calendar: calendar, keepJournal: true)
        #expect(keepJournal.days == ["2026-11-19"] && keepJournal.journalRows == 0 && keepJournal.journalKeptFrom == nil)
    }

    /// Tickets pruned with the journal kept (for a bureau that cannot be asked), then a normal prune: the journal of
    /// those days goes too, though they have no tickets left to find them by.
    @Test func aNormalPruneAfterOneThatKeptTheJournalRemovesThatJournal() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        try simulate(store, days: 7, endingBefore: morning(-9 * 60))  // 2026-11-17 … 2026-11-23
        let daily = try store.dayRollups(fromDay: "2026-11-01", toDay: "2026-11-30")
        let first = try store.prune(before: "2026-11-21", calendar: calendar, keepJournal: true)
        #expect(first.days == ["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"] && first.journalRows == 0)
        #expect(try store.tickets(onDay: "2026-11-18").isEmpty)
        let kept = try #require(try store.events(after: 0, limit: 1).first)
        #expect(calendar.day(of: kept.at) == "2026-11-17", "the journal is all there")

        let dry = try store.prune(before: "2026-11-21", calendar: calendar, dryRun: true)
        let second = try store.prune(before: "2026-11-21", calendar: calendar)
        #expect(second.journalRows > 1_000 && second.journalRows == dry.journalRows, "\(second)")
        #expect(second.tickets == 0 && second.journalKeptFrom == "2026-11-21")
        let oldest = try #require(try store.events(after: 0, limit: 1).first)
        #expect(calendar.day(of: oldest.at) >= "2026-11-21")
        #expect(try store.dayRollups(fromDay: "2026-11-01", toDay: "2026-11-30") == daily, "the rollups stay")
        let again = try store.prune(before: "2026-11-21", calendar: calendar)
        #expect(again.days.isEmpty && again.journalRows == 0, "nothing is left to prune: \(again)")
    }
}
