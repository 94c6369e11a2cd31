import Foundation

/// When the hall is open and when it issues tickets, on the hall's calendar; pure, with the time passed in.
///
/// A day's spans come from ``OpeningHours`` by weekday, public holidays and make-up working days. Issuing runs from `issueFromMinutesBeforeOpening` before a
/// span opens (never before the day's midnight) until `issueUntilMinutesBeforeClosing` before it closes.
public struct IssuingHours: Sendable {
    public let hours: OpeningHours
    public let calendar: HallCalendar

    public init(hours: OpeningHours, calendar: HallCalendar) {
        self.hours = hours
        self.calendar = calendar
    }

    public init(config: HallConfig) {
        self.init(hours: config.hours, calendar: HallCalendar(timeZone: config.timeZone))
    }

    /// Whether the issuing window is open at an instant, and what comes next.
    public enum State: Sendable, Hashable {
        /// Tickets are issued now, until `until`; the hall's span runs `opensAt`…`closesAt`.
        case open(until: Date, opensAt: Date, closesAt: Date)
        /// No tickets now; the next issuing window (within two weeks) starts at `next.issuingFrom`.
        case closed(next: Opening?)
    }

    /// One span of one hall day with its issuing window.
    public struct Opening: Sendable, Hashable {
        public var issuingFrom: Date
        public var issuingUntil: Date
        public var opensAt: Date
        public var closesAt: Date
    }

    /// The spans the hall is open on the hall day of `date`: none on a public holiday, a make-up working day's like
    /// the weekday it stands for (see ``OpeningHours/spans(on:)``).
    public func spans(onDayOf date: Date) -> [OpeningSpan] {
        hours.spans(on: calendar.day(of: date))
    }

    /// Whether the hall day of `date` is a public holiday of the configuration.
    public func isHoliday(_ date: Date) -> Bool { hours.holidays.contains(calendar.day(of: date)) }

    /// Whether the hall itself is open (inside a span, not counting the issuing margins).
    public func isOpen(at now: Date) -> Bool {
        let minute = calendar.minuteOfDay(now)
        return spans(onDayOf: now).contains { minute >= $0.startMinute && minute < $0.endMinute }
    }

    /// The hall day's spans with their issuing windows, in order.
    public func openings(onDayOf date: Date) -> [Opening] {
        spans(onDayOf: date).compactMap { span in
            let from = calendar.date(onDayOf: date, minute: max(0, span.startMinute - hours.issueFromMinutesBeforeOpening))
            let until = calendar.date(onDayOf: date, minute: span.endMinute - hours.issueUntilMinutesBeforeClosing)
            guard from < until else { return nil }
            return Opening(
                issuingFrom: from, issuingUntil: until, opensAt: calendar.date(onDayOf: date, minute: span.startMinute),
                closesAt: calendar.date(onDayOf: date, minute: span.endMinute))
        }
    }

    /// Whether tickets are issued at `now`, and when issuing next starts if not.
    public func state(at now: Date) -> State {
        if let current = openings(onDayOf: now).first(where: { $0.issuingFrom <= now && now < $0.issuingUntil }) {
            return .open(until: current.issuingUntil, opensAt: current.opensAt, closesAt: current.closesAt)
        }
        return .closed(next: nextOpening(after: now))
    }

    /// The first issuing window of a hall day after the day of `now` (tickets again once a day's have all been taken).
    public func firstOpening(afterDayOf now: Date) -> Opening? {
        nextOpening(after: calendar.adding(days: 1, to: calendar.startOfDay(now)) - 1)
    }

    /// The first issuing window that starts after `instant`, looking up to 14 days ahead.
    public func nextOpening(after instant: Date) -> Opening? {
        for offset in 0...14 {
            let day = calendar.adding(days: offset, to: calendar.startOfDay(instant))
            if let next = openings(onDayOf: day).first(where: { $0.issuingFrom > instant }) { return next }
        }
        return nil
    }
}
