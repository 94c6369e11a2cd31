import Foundation

/// One bookable slot of one service on one hall day, and how many bookings it holds.
public struct BookingSlot: Sendable, Hashable {
    public var service: String
    public var day: String
    public var startMinute: Int
    public var endMinute: Int
    public var startsAt: Date
    public var endsAt: Date
    /// Bookings the slot holds (``HallConfig/placesPerSlot(of:)``).
    public var capacity: Int

    /// `09:30`.
    public var slot: String { Self.clock(startMinute) }

    /// Minutes after midnight as `HH:MM`.
    public static func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }

    /// `HH:MM` as minutes after midnight (nil when it is not a time of day).
    public static func minute(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, text.allSatisfy({ $0 == ":" || ($0.isASCII && $0.isNumber) }),
            let h = Int(parts[0]), let m = Int(parts[1]), h < 24, m < 60
        else { return nil }
        return h * 60 + m
    }
}

/// Which slots a service offers on a hall day: its booking spans on its booking weekdays, none on a public holiday,
/// a make-up working day's like the weekday it opens like. Pure, with the hall's calendar.
public struct BookingCalendar: Sendable {
    public let config: HallConfig
    public let calendar: HallCalendar

    public init(config: HallConfig, calendar: HallCalendar) {
        self.config = config
        self.calendar = calendar
    }

    /// The slots of `service` on `day` (`yyyy-MM-dd`), earliest first; empty when it takes no bookings that day.
    public func slots(service code: String, day: String) -> [BookingSlot] {
        guard let service = config.service(code), let booking = service.booking, let weekday = config.hours.weekdayRules(on: day),
            booking.weekdays.contains(weekday), let midnight = calendar.start(ofDay: day)
        else { return [] }
        let capacity = config.placesPerSlot(of: service)
        return booking.slotMinutesOfDay.map { start, end in
            BookingSlot(
                service: code, day: day, startMinute: start, endMinute: end, startsAt: calendar.date(onDayOf: midnight, minute: start),
                endsAt: calendar.date(onDayOf: midnight, minute: end), capacity: capacity)
        }
    }

    /// The last hall day bookings are taken for at `now` (today plus `daysAhead`).
    public func lastBookableDay(now: Date) -> String {
        HallDays.adding(config.appointments.daysAhead, to: calendar.day(of: now)) ?? calendar.day(of: now)
    }

    /// When booking `slot` closes: `bookUntilMinutesBefore` before it starts.
    public func bookingCloses(_ slot: BookingSlot) -> Date { slot.startsAt - Double(config.appointments.bookUntilMinutesBefore) * 60 }
}
