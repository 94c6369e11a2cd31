import Foundation

/// Aggregates for one service in one hall-local hour; reports read these, never raw tickets.
///
/// The counters are a ``Tally`` (the one place the counting rules live); `rollup.arrivals` and the like read and
/// write them through it.
@dynamicMemberLookup
public struct HourRollup: Sendable, Hashable {
    /// Start of the hall-local hour.
    public var hourStart: Date
    public var service: String
    /// Hall-local date `yyyy-MM-dd`, ISO weekday (1 = Monday) and hour of `hourStart`.
    public var day: String
    public var weekday: Int
    public var hour: Int
    public var tally = Tally()

    public init(hourStart: Date, service: String, calendar: HallCalendar) {
        self.hourStart = hourStart
        self.service = service
        day = calendar.day(of: hourStart)
        weekday = calendar.weekday(of: hourStart)
        hour = calendar.hour(of: hourStart)
    }

    /// A rollup with the given counters at zero (as read back from storage).
    public init(hourStart: Date, service: String, day: String, weekday: Int, hour: Int) {
        self.hourStart = hourStart
        self.service = service
        self.day = day
        self.weekday = weekday
        self.hour = hour
    }

    /// Adds what one journaled change of `kind` with its `details` contributes (by ``Tally``'s counting rules).
    public mutating func add(kind: String, details: [String: String]) { tally.add(kind: kind, details: details) }

    /// The tally's counters, as if they were the rollup's own.
    public subscript<Value>(dynamicMember counter: WritableKeyPath<Tally, Value>) -> Value {
        get { tally[keyPath: counter] }
        set { tally[keyPath: counter] = newValue }
    }
}
