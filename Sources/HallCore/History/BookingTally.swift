/// Counters of what happened to bookings of some slots (one slot of one day, a day, a service over a year). Like
/// ``Tally`` they add up, so reports are sums of stored slot rollups; the counting rules live only in ``add(kind:)``.
public struct BookingTally: Sendable, Hashable {
    /// Bookings made and not cancelled: the places taken.
    public var booked = 0
    public var cancelled = 0
    /// Checked in on time: an appointment ticket.
    public var checkedIn = 0
    /// Checked in after check-in closed: an ordinary ticket.
    public var late = 0
    /// Not checked in by the slot's end.
    public var noShows = 0

    public init(booked: Int = 0, cancelled: Int = 0, checkedIn: Int = 0, late: Int = 0, noShows: Int = 0) {
        (self.booked, self.cancelled, self.checkedIn, self.late, self.noShows) = (booked, cancelled, checkedIn, late, noShows)
    }

    /// Adds what one journaled change of `kind` contributes (a cancellation gives its place back).
    public mutating func add(kind: String) {
        switch kind {
        case HallEventKind.appointmentBooked.rawValue: booked += 1
        case HallEventKind.appointmentCancelled.rawValue:
            booked -= 1
            cancelled += 1
        case HallEventKind.appointmentCheckedIn.rawValue: checkedIn += 1
        case HallEventKind.appointmentLate.rawValue: late += 1
        case HallEventKind.appointmentNoShow.rawValue: noShows += 1
        default: break
        }
    }

    /// Whether a journal row of `kind` changes any counter.
    public static func counts(kind: String) -> Bool { kind.hasPrefix("appointment.") }

    /// Share of booked places nobody came for: no-shows ÷ booked.
    public var noShowRate: Double? { booked > 0 ? Double(noShows) / Double(booked) : nil }

    public static func + (a: BookingTally, b: BookingTally) -> BookingTally {
        BookingTally(
            booked: a.booked + b.booked, cancelled: a.cancelled + b.cancelled, checkedIn: a.checkedIn + b.checkedIn, late: a.late + b.late,
            noShows: a.noShows + b.noShows)
    }

    public static func += (a: inout BookingTally, b: BookingTally) { a = a + b }
}

/// Bookings of one slot of one service on one hall day: what the statistics of bookings read.
public struct SlotRollup: Sendable, Hashable {
    public var day: String
    public var service: String
    /// The slot's start in minutes after midnight.
    public var startMinute: Int
    public var tally = BookingTally()

    public init(day: String, service: String, startMinute: Int, tally: BookingTally = BookingTally()) {
        self.day = day
        self.service = service
        self.startMinute = startMinute
        self.tally = tally
    }
}
