import Foundation
import Testing

@testable import HallCore

/// When tickets are issued: the spans of `[hours]` with their margins, and what comes next when closed.
@Suite struct IssuingHoursTests {
    /// Monday to Friday 09:00–12:00 and 13:30–17:00 (a hall closing for lunch), issuing from 30 minutes before.
    func hours(before: Int = 30, until: Int = 0) -> IssuingHours {
        let spans = [OpeningSpan(startMinute: 540, endMinute: 720), OpeningSpan(startMinute: 810, endMinute: 1020)]
        let days = Dictionary(uniqueKeysWithValues: (1...5).map { ($0, spans) })
        let opening = OpeningHours(days: days, issueFromMinutesBeforeOpening: before, issueUntilMinutesBeforeClosing: until)
        return IssuingHours(hours: opening, calendar: HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!))
    }

    func next(_ state: IssuingHours.State) -> IssuingHours.Opening? {
        if case .closed(let next) = state { return next }
        return nil
    }

    @Test func issuingStartsTheConfiguredMinutesBeforeEachSpan() {
        let h = hours()
        #expect(next(h.state(at: beijing(8, 29)))?.issuingFrom == beijing(8, 30))
        #expect(next(h.state(at: beijing(8, 29)))?.opensAt == beijing(9))
        #expect(h.state(at: beijing(8, 30)) == .open(until: beijing(12), opensAt: beijing(9), closesAt: beijing(12)))
        #expect(!h.isOpen(at: beijing(8, 30)), "issuing early is not opening early")
        // Lunch: closed from 12:00 until 13:00, when the afternoon's issuing starts.
        #expect(next(h.state(at: beijing(12, 0)))?.issuingFrom == beijing(13, 0))
        #expect(h.state(at: beijing(13, 0)) == .open(until: beijing(17), opensAt: beijing(13, 30), closesAt: beijing(17)))
    }

    @Test func issuingStopsTheConfiguredMinutesBeforeClosing() {
        let h = hours(until: 30)
        #expect(h.state(at: beijing(16, 29)) == .open(until: beijing(16, 30), opensAt: beijing(13, 30), closesAt: beijing(17)))
        #expect(next(h.state(at: beijing(16, 30)))?.issuingFrom == beijing(8, 30, day: 24), "tomorrow morning")
        #expect(h.isOpen(at: beijing(16, 45)), "the hall itself is still open")
    }

    @Test func afterFridayTheNextTicketsAreMondays() {
        // 2026-11-27 is a Friday; the next issuing is Monday 30 November at 08:30.
        let h = hours()
        #expect(next(h.state(at: beijing(17, day: 27)))?.issuingFrom == beijing(8, 30, day: 30))
        #expect(next(h.state(at: beijing(10, day: 29)))?.opensAt == beijing(9, day: 30), "Sunday")
    }

    @Test func aPublicHolidayIsClosedAndAMakeUpDayOpensLikeItsWeekday() {
        // 2026-11-24 is a Tuesday (a holiday here); Saturday 2026-11-28 is worked like a Monday.
        var opening = hours().hours
        opening.holidays = ["2026-11-24"]
        opening.makeUpDays = ["2026-11-28"]
        let h = IssuingHours(hours: opening, calendar: HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!))
        #expect(h.spans(onDayOf: beijing(10, day: 24)).isEmpty && h.isHoliday(beijing(10, day: 24)))
        #expect(!h.isOpen(at: beijing(10, day: 24)))
        #expect(next(h.state(at: beijing(10, day: 24)))?.issuingFrom == beijing(8, 30, day: 25), "Wednesday")
        #expect(h.isOpen(at: beijing(10, day: 28)), "the make-up Saturday")
        #expect(next(h.state(at: beijing(17, day: 27)))?.issuingFrom == beijing(8, 30, day: 28))
        #expect(opening.weekdayRules(on: "2026-11-28") == 1 && opening.weekdayRules(on: "2026-11-24") == nil)
        #expect(opening.spans(on: "2026-11-29").isEmpty, "an ordinary Sunday stays closed")
    }

    @Test func aDaysTicketsComeAgainOnTheNextDayTheHallIssues() {
        let h = hours()
        #expect(h.firstOpening(afterDayOf: beijing(8, day: 24))?.issuingFrom == beijing(8, 30, day: 25), "not this morning's")
        #expect(h.firstOpening(afterDayOf: beijing(10, day: 27))?.issuingFrom == beijing(8, 30, day: 30), "Friday's cap: Monday")
        #expect(h.firstOpening(afterDayOf: beijing(23, 59, day: 23))?.issuingFrom == beijing(8, 30, day: 24))
    }

    @Test func theDailyCapCountsTheDaysNumbersOfOneService() throws {
        var config = smallHallConfig()
        config.limits = IssueLimits(ticketsPerServicePerDay: 2)
        var t = TestHall(config: config)
        try t.issue("A")
        #expect(!t.hall.dailyLimitReached(service: "A", now: t.now))
        try t.issue("A")
        #expect(t.hall.dailyLimitReached(service: "A", now: t.now))
        #expect(!t.hall.dailyLimitReached(service: "B", now: t.now), "per service")
        #expect(!t.hall.dailyLimitReached(service: "A", now: beijing(9, day: 24)), "a new day, new numbers")
        var uncapped = TestHall()
        for _ in 0..<3 { try uncapped.issue("A") }
        #expect(!uncapped.hall.dailyLimitReached(service: "A", now: uncapped.now), "0: no cap")
    }

    @Test func aHallWithNoHoursIsClosedWithNothingNext() {
        let h = IssuingHours(hours: OpeningHours(days: [:]), calendar: HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!))
        #expect(h.state(at: beijing(10)) == .closed(next: nil))
    }

    @Test func theMarginNeverReachesBackIntoTheDayBefore() {
        let early = OpeningHours(days: [1: [OpeningSpan(startMinute: 10, endMinute: 120)]], issueFromMinutesBeforeOpening: 60)
        let h = IssuingHours(hours: early, calendar: HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!))
        #expect(h.openings(onDayOf: beijing(1)).first?.issuingFrom == beijing(0, 0))
    }

    @Test func aClockSteppedBackOverMidnightNumbersOnTheLaterDay() throws {
        var t = TestHall(now: beijing(0, 1, day: 24))
        #expect(try t.issue("A").number == "A001")
        t.now = beijing(23, 59, day: 23)
        let again = try t.issue("A")
        #expect(again.number == "A002" && again.day == "2026-11-24")
        #expect(try t.issue("B").day == "2026-11-24", "the whole hall stays on the later day")
        #expect(t.hall.issuedToday(service: "A", now: t.now) == 2)
    }

    @Test func aManagerCancelsOneTicketOrAWholeLineWithTheReasonInTheEvent() throws {
        var t = TestHall()
        try t.openAll()
        let a1 = try t.issue("A")
        let a2 = try t.issue("A")
        try t.issue("A")
        try t.issue("B")
        _ = try t.hall.callNext(window: 1, now: t.now)  // A001 goes to window 1
        #expect(throws: HallError.illegalTransition(number: "A001", from: .called, action: "cancel")) {
            try t.hall.cancel(a1.id, reason: "junk", manager: "boss", now: t.now)
        }
        let one = try t.hall.cancel(a2.id, reason: "junk", manager: "boss", now: t.now)
        #expect(one.map(\.details) == [["by": "manager", "manager": "boss", "reason": "junk"]])
        let line = try t.hall.cancelWaiting(service: "A", reason: "fault", manager: "boss", now: t.now)
        #expect(line.compactMap { $0.ticket?.number } == ["A003"])
        #expect(t.hall.waitingTickets.map(\.number) == ["B001"])
        #expect(throws: HallError.unknownService("Z")) { try t.hall.cancelWaiting(service: "Z", reason: "x", manager: "boss", now: t.now) }
    }
}
