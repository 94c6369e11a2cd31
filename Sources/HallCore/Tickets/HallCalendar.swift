import Foundation

/// Hall-local dates: the day a ticket belongs to (numbers restart at local midnight), weekday and hour.
public struct HallCalendar: Sendable {
    public let timeZone: TimeZone
    private let calendar: Calendar

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// The hall day of `date` as `yyyy-MM-dd` in the hall's time zone.
    public func day(of date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// ISO weekday of `date`: 1 = Monday … 7 = Sunday.
    public func weekday(of date: Date) -> Int {
        let w = calendar.component(.weekday, from: date)  // 1 = Sunday
        return w == 1 ? 7 : w - 1
    }

    /// Hour 0–23 of `date` in the hall's time zone.
    public func hour(of date: Date) -> Int { calendar.component(.hour, from: date) }

    /// Minutes after local midnight.
    public func minuteOfDay(_ date: Date) -> Int {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return c.hour! * 60 + c.minute!
    }

    /// Local midnight starting the day of `date`.
    public func startOfDay(_ date: Date) -> Date { calendar.startOfDay(for: date) }

    /// Start of the hall-local hour containing `date`.
    public func startOfHour(_ date: Date) -> Date {
        let c = calendar.dateComponents([.year, .month, .day, .hour], from: date)
        return calendar.date(from: c)!
    }

    /// `date` moved by whole days, keeping the local time.
    public func adding(days: Int, to date: Date) -> Date { calendar.date(byAdding: .day, value: days, to: date)! }

    /// The instant of `minute` after local midnight on the day of `date`.
    public func date(onDayOf date: Date, minute: Int) -> Date {
        calendar.date(byAdding: .minute, value: minute, to: startOfDay(date))!
    }
}
