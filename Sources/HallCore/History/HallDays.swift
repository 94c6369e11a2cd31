import Foundation

/// Hall days written `yyyy-MM-dd`: checking them, counting them and finding their weekday, without a time zone
/// (a calendar date's weekday and neighbours do not depend on where the hall is).
public enum HallDays {
    private static let gregorian: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(secondsFromGMT: 0)!
        return c
    }()

    /// Midnight UTC of a valid `yyyy-MM-dd` date (years 1900 … 9999), or nil.
    static func date(_ day: String) -> Date? {
        let parts = day.split(separator: "-", omittingEmptySubsequences: false)
        guard day.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            day.allSatisfy({ $0 == "-" || $0.isASCII && $0.isNumber }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1900...9999).contains(y)
        else { return nil }
        let components = DateComponents(year: y, month: m, day: d)
        guard components.isValidDate(in: gregorian), let date = gregorian.date(from: components) else { return nil }
        return date
    }

    /// Whether `day` is a real calendar date written `yyyy-MM-dd`.
    public static func isValid(_ day: String) -> Bool { date(day) != nil }

    /// Whether `day` is a calendar date written `yyyy-MM-dd` of any year 0001 … 9999 (dates far from the hall's own
    /// days included, which ``isValid(_:)`` refuses); such dates order as text in time.
    public static func isWellFormed(_ day: String) -> Bool {
        let parts = day.split(separator: "-", omittingEmptySubsequences: false)
        guard day.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            day.allSatisfy({ $0 == "-" || $0.isASCII && $0.isNumber }), let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), y >= 1
        else { return false }
        return DateComponents(year: y, month: m, day: d).isValidDate(in: gregorian)
    }

    /// ISO weekday (1 = Monday … 7 = Sunday) of a valid day.
    public static func weekday(_ day: String) -> Int? {
        guard let date = date(day) else { return nil }
        let w = gregorian.component(.weekday, from: date)
        return w == 1 ? 7 : w - 1
    }

    /// The day `n` days after (or before, when negative) `day`.
    public static func adding(_ n: Int, to day: String) -> String? {
        guard let date = date(day), let moved = gregorian.date(byAdding: .day, value: n, to: date) else { return nil }
        let c = gregorian.dateComponents([.year, .month, .day], from: moved)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The whole calendar months inside the days `from`…`to`: from `first` (a month's first day) up to, not including,
    /// `after`; none when `first` is not before `after`. Nil for days that are not valid.
    public static func wholeMonths(from: String, to: String) -> (first: String, after: String)? {
        guard let start = date(from), let end = date(to), let next = gregorian.date(byAdding: .day, value: 1, to: end) else { return nil }
        func firstOfMonth(_ date: Date, plus months: Int = 0) -> String? {
            let c = gregorian.dateComponents([.year, .month], from: date)
            guard let month = gregorian.date(from: c), let moved = gregorian.date(byAdding: .month, value: months, to: month) else { return nil }
            let m = gregorian.dateComponents([.year, .month], from: moved)
            return String(format: "%04d-%02d-01", m.year!, m.month!)
        }
        let first = gregorian.component(.day, from: start) == 1 ? from : firstOfMonth(start, plus: 1)
        guard let first, let after = firstOfMonth(next) else { return nil }
        return (first, after)
    }

    /// Days from `from` to `to` counting both ends (0 or less when `to` is before `from`).
    public static func count(from: String, to: String) -> Int? {
        guard let a = date(from), let b = date(to) else { return nil }
        return Int((b.timeIntervalSince(a) / 86_400).rounded()) + 1
    }
}

extension HallCalendar {
    /// Local midnight starting the hall day `day` (`yyyy-MM-dd`), or nil when it is not a valid date.
    public func start(ofDay day: String) -> Date? {
        guard let utc = HallDays.date(day) else { return nil }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = timeZone
        var utcCalendar = Calendar(identifier: .gregorian)
        utcCalendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let c = utcCalendar.dateComponents([.year, .month, .day], from: utc)
        return gregorian.date(from: DateComponents(year: c.year, month: c.month, day: c.day)).map { gregorian.startOfDay(for: $0) }
    }
}
