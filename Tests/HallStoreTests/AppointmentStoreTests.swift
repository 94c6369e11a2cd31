import Foundation
import GRDB
import Testing

@testable import HallCore
@testable import HallStore

/// Bookings in the store: journaled with their slot (never the phone), kept as rows the live hall reloads, counted
/// per slot in the same transaction, rebuilt from the journal, and their phone numbers cleared when the day is over.
@Suite struct AppointmentStoreTests {
    let calendar = HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    /// The store's test hall with bookings of A on weekdays 09:00–11:00 (2 places a slot) and hours to match.
    func config() -> HallConfig {
        var config = storeTestConfig()
        config.hours = OpeningHours(days: Dictionary(uniqueKeysWithValues: (1...5).map { ($0, [OpeningSpan(startMinute: 540, endMinute: 1020)]) }))
        config.services[0].booking = ServiceBooking(weekdays: [1, 2, 3, 4, 5], spans: [OpeningSpan(startMinute: 540, endMinute: 660)], share: 0.6)
        return config
    }

    /// On Monday evening three bookings for Tuesday 09:30 and 10:00; one is cancelled, one checks in on Tuesday at
    /// 09:20, one never comes.
    func bookedDay(_ store: HallStore) throws -> (hall: Hall, kept: Appointment, absent: Appointment) {
        var rng = SplitMix64(seed: 3)
        var hall = Hall(config: config())
        let evening = morning(-15 * 60)  // Monday 2026-11-23 18:00
        func book(_ slot: String, _ phone: String) throws -> Appointment {
            let (a, events) = try hall.book(BookingRequest(service: "A", day: "2026-11-24", slot: slot, phone: phone), now: evening, random: &rng)
            try store.append(events, hall: hall)
            return a
        }
        let kept = try book("09:30", "13800138000")
        let gone = try book("09:30", "13900139000")
        let absent = try book("10:00", "13700137000")
        try store.append(try hall.cancelAppointment(gone.id, secret: gone.secret, now: evening + 60), hall: hall)
        let (_, checkIn) = try hall.checkIn(.code(kept.code), now: morning(20), random: &rng)
        try store.append(checkIn, hall: hall)
        try store.append(hall.closeAppointments(now: morning(90)), hall: hall)
        return (hall, kept, absent)
    }

    @Test func bookingsAreStoredJournaledWithoutThePhoneAndCountedPerSlot() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        let (_, kept, absent) = try bookedDay(store)
        let stored = try #require(try store.appointment(kept.id))
        #expect(stored.status == .checkedIn && stored.ticketNumber == "A001" && stored.phone == "13800138000" && stored.code == kept.code)
        #expect(try store.appointment(absent.id)?.status == .noShow)
        let journal = try store.events(after: 0)
        #expect(
            journal.map(\.kind).filter { $0.hasPrefix("appointment.") } == [
                "appointment.booked", "appointment.booked", "appointment.booked", "appointment.cancelled", "appointment.checkedIn",
                "appointment.noShow",
            ])
        #expect(journal.allSatisfy { !$0.details.values.contains("13800138000") }, "no phone number in the journal")
        #expect(
            journal.first { $0.kind == "appointment.checkedIn" }?.details == [
                "appointment": kept.id.rawValue, "day": "2026-11-24", "slot": "09:30", "ticket": "A001",
            ])
        #expect(journal.first { $0.kind == "ticket.issued" }?.details["appointment"] == kept.id.rawValue)
        // Counted on the slot's day, though booked the evening before; a cancellation gives its place back.
        let slots = try store.slotRollups(fromDay: "2026-11-23", toDay: "2026-11-24")
        #expect(slots.map { "\($0.day) \($0.startMinute)" } == ["2026-11-24 570", "2026-11-24 600"])
        #expect(slots[0].tally == BookingTally(booked: 1, cancelled: 1, checkedIn: 1))
        #expect(slots[1].tally == BookingTally(booked: 1, noShows: 1))
        #expect(
            try store.bookingStatistics(fromDay: "2026-11-24", toDay: "2026-11-24", group: .slot) == [
                "A 09:30": BookingTally(booked: 1, cancelled: 1, checkedIn: 1), "A 10:00": BookingTally(booked: 1, noShows: 1),
            ])
        #expect(try store.bookingStatistics(fromDay: "2026-11-24", toDay: "2026-11-24", group: .day)["2026-11-24"]?.booked == 2)
        #expect(try store.bookingStatistics(fromDay: "2026-11-24", toDay: "2026-11-24", group: .window).isEmpty)
    }

    @Test func theLiveHallReloadsTodaysAndLaterBookings() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        let (hall, kept, absent) = try bookedDay(store)
        let reloaded = try store.loadHall(config: config(), now: morning(95))
        #expect(reloaded.appointments == hall.appointments && reloaded.appointments[kept.id]?.status == .checkedIn)
        #expect(reloaded.appointments.find(code: absent.code, day: "2026-11-24")?.id == absent.id)
        #expect(reloaded.appointments.taken(service: "A", day: "2026-11-24", startMinute: 570) == 1)
        let tomorrow = try store.loadHall(config: config(), now: morning(24 * 60))
        #expect(tomorrow.appointments.count == 0, "yesterday's bookings stay in the store")
    }

    @Test func phoneNumbersAreClearedOnceTheDayIsOver() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        let (_, kept, _) = try bookedDay(store)
        #expect(try store.clearContacts(before: "2026-11-24") == 0)
        // Four holders: the three bookings, and the ticket the check-in gave (it carries the booking's phone).
        #expect(try store.clearContacts(before: "2026-11-25") == 4)
        #expect(try store.appointment(kept.id)?.phone == nil)
        let left = try store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM appointments WHERE phone IS NOT NULL OR id_number IS NOT NULL")
        }
        #expect(left == 0)
    }

    @Test func slotRollupsAreRebuiltFromTheJournal() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/h.sqlite")
        _ = try bookedDay(store)
        let before = try store.slotRollups(fromDay: "2026-11-01", toDay: "2026-11-30")
        try store.pool.write { db in try db.execute(sql: "UPDATE slot_rollups SET booked = 99") }
        try store.rebuildRollups(calendar: calendar)
        #expect(try store.slotRollups(fromDay: "2026-11-01", toDay: "2026-11-30") == before)
    }
}
