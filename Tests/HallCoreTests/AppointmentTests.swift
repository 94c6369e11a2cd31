import Foundation
import Testing

@testable import HallCore

/// The small hall with bookings of A on Mondays 09:00–11:00 in 30-minute slots: window 1 serves A first, so a slot is
/// 30 ÷ 8 = 3.75 tickets, and a share of 0.6 leaves 2 places. 2026-11-23 is a Monday; the 30th is the next.
func bookingHall(share: Double = 0.6) -> HallConfig {
    var config = smallHallConfig()
    config.services[0].booking = ServiceBooking(weekdays: [1], spans: [OpeningSpan(startMinute: 540, endMinute: 660)], slotMinutes: 30, share: share)
    config.appointments = AppointmentSettings(
        daysAhead: 7, bookUntilMinutesBefore: 60, checkInFromMinutesBefore: 30, checkInUntilMinutesAfter: 15, activeBookingsPerPhone: 2)
    return config
}

extension TestHall {
    mutating func book(_ slot: String, day: String = "2026-11-30", phone: String = "13800138000", service: String = "A") throws -> Appointment {
        try hall.book(BookingRequest(service: service, day: day, slot: slot, phone: phone), now: now, random: &rng).0
    }

    mutating func checkIn(_ key: CheckInKey) throws -> CheckIn { try hall.checkIn(key, now: now, random: &rng).0 }
}

func refusal(_ body: () throws -> Void) -> BookingError? {
    do {
        try body()
    } catch let HallError.booking(error) {
        return error
    } catch {
        return nil
    }
    return nil
}

@Suite struct AppointmentTests {
    @Test func slotsFollowTheBookingHoursAndHolidays() {
        var config = bookingHall()
        config.hours.holidays = ["2026-11-30"]
        let book = BookingCalendar(config: config, calendar: HallCalendar(timeZone: config.timeZone))
        #expect(book.slots(service: "A", day: "2026-11-23").map(\.slot) == ["09:00", "09:30", "10:00", "10:30"])
        #expect(book.slots(service: "A", day: "2026-11-23").allSatisfy { $0.capacity == 2 })
        #expect(book.slots(service: "A", day: "2026-11-23").first?.startsAt == beijing(9))
        #expect(book.slots(service: "A", day: "2026-11-30").isEmpty, "a public holiday")
        #expect(book.slots(service: "A", day: "2026-11-24").isEmpty, "Tuesday takes no bookings")
        #expect(book.slots(service: "B", day: "2026-11-23").isEmpty, "B takes none")
        config.hours.makeUpDays = ["2026-11-28"]
        #expect(BookingCalendar(config: config, calendar: HallCalendar(timeZone: config.timeZone)).slots(service: "A", day: "2026-11-28").count == 4)
    }

    @Test func aSlotTakesItsPlacesAndOnePhoneOneBookingPerServiceAndDay() throws {
        var t = TestHall(config: bookingHall(), now: beijing(15))
        let first = try t.book("09:30")
        #expect(first.code.count == 8 && first.code.allSatisfy(\.isNumber) && first.secret.count == 20)
        #expect(first.startsAt == beijing(9, 30, day: 30) && first.status == .booked)
        #expect(refusal { _ = try t.book("10:00") } == .alreadyBooked(service: "A", day: "2026-11-30", slot: "09:30"))
        let second = try t.book("09:30", phone: "13900139000")
        #expect(second.code != first.code)
        #expect(refusal { _ = try t.book("09:30", phone: "13700137000") } == .slotFull(service: "A", day: "2026-11-30", slot: "09:30"))
        // Cancelling gives the place back; only with the secret, and only once.
        #expect(throws: HallError.wrongSecret) { try t.hall.cancelAppointment(second.id, secret: "guess", now: t.now) }
        let cancelled = try t.hall.cancelAppointment(second.id, secret: second.secret, now: t.now)
        #expect(cancelled.map(\.kind) == [.appointmentCancelled] && cancelled[0].appointment?.status == .cancelled)
        #expect(refusal { _ = try t.hall.cancelAppointment(second.id, secret: second.secret, now: t.now) } == .notActive(.cancelled))
        #expect(try t.book("09:30", phone: "13700137000").status == .booked)
    }

    @Test func badRequestsNameWhatIsWrong() throws {
        var t = TestHall(config: bookingHall(), now: beijing(15))
        #expect(refusal { _ = try t.book("09:30", service: "B") } == .notBookable(service: "B"))
        #expect(refusal { _ = try t.book("09:30", phone: "") } == .phoneRequired)
        #expect(throws: HallError.invalidPhone("12345")) { _ = try t.book("09:30", phone: "12345") }
        #expect(refusal { _ = try t.book("09:30", day: "2026-11-31") } == .invalidDate("2026-11-31"))
        #expect(refusal { _ = try t.book("9:30") } == .invalidSlot("9:30"))
        #expect(
            refusal { _ = try t.book("09:45") }
                == .unknownSlot(service: "A", day: "2026-11-30", slot: "09:45", slots: ["09:00", "09:30", "10:00", "10:30"]))
        #expect(
            refusal { _ = try t.book("09:30", day: "2026-11-22") } == .outsideBookingDays(day: "2026-11-22", first: "2026-11-23", last: "2026-11-30"))
        #expect(
            refusal { _ = try t.book("09:30", day: "2026-12-07") } == .outsideBookingDays(day: "2026-12-07", first: "2026-11-23", last: "2026-11-30"))
        #expect(refusal { _ = try t.book("09:30", day: "2026-11-24") } == .dayClosed(service: "A", day: "2026-11-24", holiday: false))
        // Booking closes an hour before the slot.
        t.now = beijing(8, 59, day: 30)
        #expect(refusal { _ = try t.book("09:30") } == .bookingClosed(slot: "09:30", closedAt: "08:30", minutesBefore: 60))
        #expect(try t.book("10:00").slot == "10:00")
        #expect(t.hall.appointments.count == 1, "no refused request booked anything")
    }

    @Test func aPhoneHoldsOnlySoManyBookings() throws {
        var config = bookingHall()
        config.appointments.daysAhead = 14
        config.services[2].booking = ServiceBooking(weekdays: [1], spans: [OpeningSpan(startMinute: 540, endMinute: 660)], slotMinutes: 60, share: 1)
        var t = TestHall(config: config, now: beijing(15, day: 22))
        let first = try t.book("09:30", day: "2026-11-23")
        _ = try t.book("10:00", day: "2026-11-23", service: "C")
        #expect(refusal { _ = try t.book("09:00", day: "2026-11-30") } == .tooManyBookings(limit: 2))
        #expect(
            refusal { _ = try t.book("09:00", day: "2026-11-23", service: "C") } == .alreadyBooked(service: "C", day: "2026-11-23", slot: "10:00"))
        _ = try t.hall.cancelAppointment(first.id, secret: first.secret, now: t.now)
        #expect(try t.book("09:00", day: "2026-11-30").day == "2026-11-30")
    }

    @Test func checkInOnTimeGivesAnAppointmentTicketCalledBeforeWalkInsWithinTheBound() throws {
        var t = TestHall(config: bookingHall(), now: beijing(15, day: 22))
        let booking = try t.book("10:00", day: "2026-11-23")
        t.now = beijing(9, 29)
        try t.openAll()
        for _ in 0..<4 { try t.issue("A") }
        #expect(refusal { _ = try t.checkIn(.code(booking.code)) } == .tooEarly(slot: "10:00", opens: beijing(9, 30)))
        #expect(refusal { _ = try t.checkIn(.code("12345678")) } == .noBooking)
        t.now = beijing(9, 30)
        let checkIn = try t.checkIn(.code(booking.code))
        #expect(checkIn.onTime && checkIn.ticket.priority == .appointment && checkIn.ticket.number == "A005")
        #expect(checkIn.appointment.status == .checkedIn && checkIn.appointment.ticketNumber == "A005")
        #expect(refusal { _ = try t.checkIn(.phone("13800138000")) } == .alreadyCheckedIn(number: "A005"))
        // The appointment ticket is window 1's next, though four walk-ins came first.
        #expect(try t.serveNext(at: 1) == "A005")
        #expect(try t.serveNext(at: 1) == "A001")
    }

    @Test func priorityStaysWithinThePolicysBound() throws {
        // Three booked taxpayers check in after a walk-in: with priority_burst 2, the walk-in is third.
        var config = bookingHall(share: 1)
        config.services[0].booking?.slotMinutes = 60
        config.services[0].booking?.spans = [OpeningSpan(startMinute: 540, endMinute: 780)]
        var t = TestHall(config: config, now: beijing(15, day: 22))
        let codes = try ["13800000001", "13800000002", "13800000003"].map { try t.book("10:00", day: "2026-11-23", phone: $0).code }
        t.now = beijing(9, 40)
        try t.openAll()
        try t.issue("A")
        for code in codes { _ = try t.checkIn(.code(code)) }
        let order = try (0..<4).compactMap { _ in try t.serveNext(at: 1) }
        #expect(order == ["A002", "A003", "A001", "A004"])
    }

    @Test func lateArrivalsGetAnOrdinaryTicketAndNoShowsAreMarkedAtTheSlotsEnd() throws {
        var t = TestHall(config: bookingHall(), now: beijing(15, day: 22))
        let late = try t.book("09:00", day: "2026-11-23")
        let absent = try t.book("09:00", day: "2026-11-23", phone: "13900139000")
        t.now = beijing(9, 16)
        let checkIn = try t.checkIn(.phone("13800138000"))
        #expect(!checkIn.onTime && checkIn.ticket.priority == .normal && checkIn.appointment.status == .late)
        t.now = beijing(9, 29)
        #expect(!t.hall.hasNoShowsDue(now: t.now) && t.hall.closeAppointments(now: t.now).isEmpty)
        t.now = beijing(9, 30)
        #expect(t.hall.hasNoShowsDue(now: t.now))
        let noShows = t.hall.closeAppointments(now: t.now)
        #expect(noShows.map(\.kind) == [.appointmentNoShow] && noShows[0].appointment?.id == absent.id)
        #expect(t.hall.appointments[late.id]?.status == .late && t.hall.appointments[absent.id]?.status == .noShow)
        // The absent taxpayer turns up after all: an ordinary ticket, and the booking stays a no-show.
        let after = try t.hall.checkIn(.code(absent.code), now: t.now, random: &t.rng)
        #expect(!after.0.onTime && after.0.ticket.priority == .normal && after.1.map(\.kind) == [.ticketIssued])
        #expect(after.1[0].details == ["appointment": absent.id.rawValue, "late": "true"])
        #expect(t.hall.appointments[absent.id]?.status == .noShow)
        // The next day the live hall lets go of them.
        t.now = beijing(8, day: 24)
        _ = t.hall.closeAppointments(now: t.now)
        #expect(t.hall.appointments.count == 0)
    }

    @Test func checkInByPhoneFindsTheBookingThatMattersNow() throws {
        var config = bookingHall()
        config.services[0].booking?.spans = [OpeningSpan(startMinute: 540, endMinute: 960)]
        config.services[2].booking = ServiceBooking(weekdays: [1], spans: [OpeningSpan(startMinute: 540, endMinute: 960)], slotMinutes: 60, share: 1)
        var t = TestHall(config: config, now: beijing(15, day: 22))
        let a = try t.book("09:00", day: "2026-11-23")
        let c = try t.book("10:00", day: "2026-11-23", service: "C")
        let later = try t.book("14:00", day: "2026-11-23", phone: "13900139000")
        // At 09:40 A's check-in has closed and C's is open: C first, then A, late.
        t.now = beijing(9, 40)
        let first = try t.checkIn(.phone("13800138000"))
        #expect(first.appointment.id == c.id && first.onTime)
        t.now = beijing(9, 45)
        let second = try t.checkIn(.phone("13800138000"))
        #expect(second.appointment.id == a.id && !second.onTime)
        t.now = beijing(12)
        #expect(refusal { _ = try t.checkIn(.phone("13900139000")) } == .tooEarly(slot: "14:00", opens: beijing(13, 30)))
        t.now = beijing(13, 35)
        #expect(try t.checkIn(.phone("13900139000")).appointment.id == later.id)
        #expect(refusal { _ = try t.checkIn(.phone("13700137000")) } == .noBooking)
    }

    @Test func anotherCopyOfTheHallFollowsBookingsFromTheirEvents() throws {
        var t = TestHall(config: bookingHall(), now: beijing(15, day: 22))
        var copy = t.hall
        let (booking, booked) = try t.hall.book(
            BookingRequest(service: "A", day: "2026-11-23", slot: "09:00", phone: "13800138000"), now: t.now, random: &t.rng)
        copy.apply(booked, bookkeepingOf: t.hall.bookkeeping())
        #expect(copy.appointments == t.hall.appointments && copy.appointments.taken(service: "A", day: "2026-11-23", startMinute: 540) == 1)
        t.now = beijing(9, 40)
        let noShow = t.hall.closeAppointments(now: t.now)
        copy.apply(noShow, bookkeepingOf: t.hall.bookkeeping())
        #expect(copy.appointments[booking.id]?.status == .noShow)
        t.now = beijing(9, day: 24)
        let none = t.hall.closeAppointments(now: t.now)
        copy.apply(none, bookkeepingOf: t.hall.bookkeeping())
        #expect(copy.appointments.count == 0 && t.hall.appointments.count == 0)
    }
}
