import Foundation

/// When one service takes bookings (the `booking_*` and `slot_minutes` keys of its `[[services]]` block): on which
/// weekdays, in which spans, in slots of how long, and how many bookings each slot holds.
public struct ServiceBooking: Sendable, Hashable, Codable {
    /// ISO weekdays (1 = Monday) that take bookings; a make-up working day counts as the weekday it opens like.
    public var weekdays: Set<Int>
    /// The spans cut into slots, inside the opening hours of every booking weekday.
    public var spans: [OpeningSpan]
    public var slotMinutes: Int
    /// Share of the windows' capacity in a slot that bookings may take, so walk-ins still flow (0 < share ≤ 1).
    public var share: Double

    public init(weekdays: Set<Int>, spans: [OpeningSpan], slotMinutes: Int = 30, share: Double = 0.25) {
        self.weekdays = weekdays
        self.spans = spans
        self.slotMinutes = slotMinutes
        self.share = share
    }

    /// Slots of one day, as (start, end) minutes after midnight: each span cut from its start, a last piece shorter
    /// than a slot left out.
    public var slotMinutesOfDay: [(start: Int, end: Int)] {
        spans.flatMap { span in
            stride(from: span.startMinute, through: span.endMinute - slotMinutes, by: slotMinutes).map { ($0, $0 + slotMinutes) }
        }
    }
}

/// The hall's rules for appointments (`[appointments]` in the configuration file).
public struct AppointmentSettings: Sendable, Hashable, Codable {
    /// Slots may be booked up to this many days ahead (today is day 0).
    public var daysAhead: Int
    /// Booking a slot closes this many minutes before it starts.
    public var bookUntilMinutesBefore: Int
    /// Check-in at the kiosk opens this many minutes before the slot starts…
    public var checkInFromMinutesBefore: Int
    /// …and closes this many minutes after it starts; later, the taxpayer gets an ordinary ticket.
    public var checkInUntilMinutesAfter: Int
    /// Bookings one phone number may hold at once (not yet used), over every service and day.
    public var activeBookingsPerPhone: Int

    public init(
        daysAhead: Int = 14, bookUntilMinutesBefore: Int = 60, checkInFromMinutesBefore: Int = 30, checkInUntilMinutesAfter: Int = 15,
        activeBookingsPerPhone: Int = 3
    ) {
        self.daysAhead = daysAhead
        self.bookUntilMinutesBefore = bookUntilMinutesBefore
        self.checkInFromMinutesBefore = checkInFromMinutesBefore
        self.checkInUntilMinutesAfter = checkInUntilMinutesAfter
        self.activeBookingsPerPhone = activeBookingsPerPhone
    }
}

extension HallConfig {
    /// Tickets a service's windows serve in one slot: the windows that list it first, times the slot's length over the
    /// service's typical minutes (0 when it takes no bookings or no window serves it first).
    public func slotCapacity(of service: Service) -> Double {
        guard let booking = service.booking else { return 0 }
        let first = windows.filter { $0.services.first == service.code }.count
        return Double(first) * Double(booking.slotMinutes) / service.typicalMinutes
    }

    /// Bookings one slot of `service` holds: its share of the slot's capacity, rounded down.
    public func placesPerSlot(of service: Service) -> Int {
        guard let booking = service.booking else { return 0 }
        return Int((booking.share * slotCapacity(of: service) + 1e-9).rounded(.down))
    }
}
