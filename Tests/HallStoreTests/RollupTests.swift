import Foundation
import Testing

@testable import HallCore
@testable import HallStore

@Suite struct RollupTests {
    let calendar = HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    /// A hand-made morning: three tickets, one served, one no-show, one cancelled, one rating.
    func handMadeDay(_ store: HallStore) throws {
        var rng = SplitMix64(seed: 11)
        var hall = Hall(config: storeTestConfig())
        func act(_ body: (inout Hall) throws -> [HallEvent]) throws { try store.append(try body(&hall), hall: hall) }
        try act { try $0.open(window: 1, officer: "o1", now: morning()) }
        try act { try $0.issue(TicketRequest(service: "A"), now: morning(0), random: &rng).1 }  // 09:00
        try act { try $0.issue(TicketRequest(service: "A"), now: morning(10), random: &rng).1 }  // 09:10
        let (third, issued) = try hall.issue(TicketRequest(service: "A"), now: morning(59.99), random: &rng)  // 09:59:59.4
        try store.append(issued, hall: hall)
        try act { try $0.callNext(window: 1, now: morning(12)).1 }  // wait 12 min → bucket [10, 15)
        try act { try $0.start(window: 1, now: morning(13)) }
        try act { try $0.finish(window: 1, now: morning(21)) }  // 8 min of service
        let done = try #require(try store.tickets(onDay: "2026-11-24").first { $0.status == .done })
        try store.appendJournal(
            [
                JournaledEvent(
                    seq: 0, kind: "rating.given", at: morning(22), ticketID: done.id, service: "A", window: 1, officer: "o1", details: ["score": "2"])
            ],
            calendar: calendar)
        try act { try $0.callNext(window: 1, now: morning(61)).1 }  // 10:01, wait 51 min
        try act { try $0.recall(window: 1, now: morning(62)) }
        try act { try $0.recall(window: 1, now: morning(63)) }
        try act { try $0.noShow(window: 1, now: morning(64)) }
        try act { try $0.cancel(third.id, secret: third.secret, now: morning(65)) }
    }

    @Test func rollupsCountTheHandMadeDayIntoTheRightHalHours() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        try handMadeDay(store)
        let rows = try store.rollups(from: morning(-600), to: morning(600), service: "A")
        #expect(rows.map(\.hour) == [9, 10])
        let nine = rows[0]
        let ten = rows[1]
        #expect(nine.day == "2026-11-24" && nine.weekday == 2)
        #expect(nine.arrivals == 3, "09:59:59 still belongs to the 09:00 hour")
        #expect(nine.calls == 1 && nine.waitCount == 1 && abs(nine.waitSum - 720) < 1)
        #expect(nine.waitBuckets == [0, 0, 1, 0, 0, 0, 0, 0])
        #expect(nine.served == 1 && abs(nine.serviceSum - 480) < 1)
        #expect(nine.ratings == 1 && nine.ratingSum == 2 && nine.dissatisfied == 1)
        #expect(ten.arrivals == 0 && ten.calls == 1 && ten.noShows == 1 && ten.cancelled == 1)
        #expect(ten.waitBuckets.last == 0 && ten.waitBuckets[6] == 1, "51 minutes falls in [45, 60)")
    }

    @Test func dayRollupsCreditWindowsAndOfficersAndKeepArrivalsApart() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        try handMadeDay(store)
        let rows = try store.dayRollups(fromDay: "2026-11-24", toDay: "2026-11-24")
        #expect(rows.map { "\($0.window)/\($0.officer)/\($0.service)" } == ["0//A", "1/o1/A"])
        let hall = rows[0].tally
        #expect(hall.arrivals == 3 && hall.cancelled == 1 && hall.calls == 0 && hall.served == 0)
        let window = rows[1].tally
        #expect(window.arrivals == 0 && window.calls == 2 && window.served == 1 && window.noShows == 1)
        #expect(window.waitCount == 2 && abs(window.waitSum - (720 + 51 * 60)) < 1 && window.waitBuckets == [0, 0, 1, 0, 0, 0, 1, 0])
        #expect(abs(window.serviceSum - 480) < 1 && window.ratings == 1 && window.dissatisfied == 1)
        #expect(hall + window == (try store.rollups(from: morning(-60), to: morning(600))).reduce(Tally()) { $0 + $1.tally }, "the two tables agree")
        #expect(try store.dayRollups(fromDay: "2026-11-23", toDay: "2026-11-23").isEmpty)
    }

    @Test func rebuildingFromTheJournalGivesTheSameNumbers() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        try handMadeDay(store)
        var sim = HallSimulator(hall: try store.loadHall(config: storeTestConfig(), now: morning(24 * 60)), random: SplitMix64(seed: 4))
        var config = storeTestConfig()
        config.hours = OpeningHours(days: [3: [OpeningSpan(startMinute: 540, endMinute: 1020)]])
        sim = HallSimulator(
            hall: Hall(config: config, tickets: [], windows: [], counters: sim.hall.counters, priorityStreaks: [:]), random: SplitMix64(seed: 4))
        try store.append(try sim.simulateDay(morning(24 * 60)), hall: sim.hall)
        let range = (morning(-24 * 60), morning(3 * 24 * 60))
        let incremental = try store.rollups(from: range.0, to: range.1)
        #expect(incremental.count > 10)
        #expect(Int64(try store.rebuildRollups(calendar: calendar)) == (try store.lastEventSeq()))
        let rebuilt = try store.rollups(from: range.0, to: range.1)
        #expect(rebuilt.count == incremental.count)
        for (a, b) in zip(incremental, rebuilt) {
            #expect(a.hourStart == b.hourStart && a.service == b.service && a.arrivals == b.arrivals && a.calls == b.calls)
            #expect(a.served == b.served && a.noShows == b.noShows && a.cancelled == b.cancelled && a.waitBuckets == b.waitBuckets)
            #expect(abs(a.waitSum - b.waitSum) < 0.001 && abs(a.serviceSum - b.serviceSum) < 0.001 && a.ratingSum == b.ratingSum)
        }
        let daily = try store.dayRollups(fromDay: "2026-11-01", toDay: "2026-11-30")
        #expect(daily.count > 4 && Set(daily.map(\.day)) == ["2026-11-24", "2026-11-25"])
        try store.rebuildRollups(calendar: calendar)
        #expect(try store.dayRollups(fromDay: "2026-11-01", toDay: "2026-11-30") == daily, "daily rollups rebuild to the same numbers")
        #expect(try store.rollups(from: range.0, to: range.1) == rebuilt, "and rebuilding again changes nothing")
        // A database from before daily rollups existed gets them from its journal when it is migrated.
        try store.pool.write { db in
            try db.execute(sql: "DELETE FROM day_rollups")
            try Migrations.backfillDayRollupsV4(db)
        }
        #expect(try store.dayRollups(fromDay: "2026-11-01", toDay: "2026-11-30") == daily)
    }

    @Test func hallHoursFollowTheHallsTimeZoneAtMidnight() {
        // 23:59:59 and 00:00:00 Beijing are 15:59:59 and 16:00:00 UTC on the same UTC day: different hall days.
        let beforeMidnight = morning(15 * 60 - 1 / 60)
        let midnight = morning(15 * 60)
        #expect(calendar.day(of: beforeMidnight) == "2026-11-24" && calendar.hour(of: beforeMidnight) == 23)
        #expect(calendar.day(of: midnight) == "2026-11-25" && calendar.hour(of: midnight) == 0)
        #expect(calendar.weekday(of: midnight) == 3)
        #expect(calendar.startOfHour(beforeMidnight) == morning(14 * 60))
    }
}
