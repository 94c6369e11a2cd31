import Foundation

/// Aggregates for one service in one hall-local hour; reports read these, never raw tickets.
public struct HourRollup: Sendable, Hashable {
    /// Start of the hall-local hour.
    public var hourStart: Date
    public var service: String
    /// Hall-local date `yyyy-MM-dd`, ISO weekday (1 = Monday) and hour of `hourStart`.
    public var day: String
    public var weekday: Int
    public var hour: Int
    public var arrivals = 0
    public var calls = 0
    public var served = 0
    public var noShows = 0
    public var cancelled = 0
    public var waitSum = 0.0
    public var waitCount = 0
    public var serviceSum = 0.0
    public var serviceCount = 0
    /// Calls whose wait fell in each of ``waitBucketBounds`` (minutes); the last bucket is open-ended.
    public var waitBuckets = [Int](repeating: 0, count: HourRollup.waitBucketBounds.count + 1)
    public var ratings = 0
    public var ratingSum = 0
    public var dissatisfied = 0

    /// Upper bounds in minutes of the wait histogram's buckets.
    public static let waitBucketBounds = Tally.waitBucketBounds

    public init(hourStart: Date, service: String, calendar: HallCalendar) {
        self.hourStart = hourStart
        self.service = service
        day = calendar.day(of: hourStart)
        weekday = calendar.weekday(of: hourStart)
        hour = calendar.hour(of: hourStart)
    }

    /// Rating scores counted as dissatisfied (2 dissatisfied, 1 very dissatisfied).
    public static let dissatisfiedAtOrBelow = Tally.dissatisfiedAtOrBelow

    /// Adds what one journaled change of `kind` with its `details` contributes (by ``Tally``'s counting rules).
    public mutating func add(kind: String, details: [String: String]) {
        var t = tally
        t.add(kind: kind, details: details)
        tally = t
    }

    /// The counters as a ``Tally``.
    public var tally: Tally {
        get {
            var t = Tally()
            (t.arrivals, t.calls, t.served, t.noShows, t.cancelled) = (arrivals, calls, served, noShows, cancelled)
            (t.waitSum, t.waitCount, t.waitBuckets, t.serviceSum, t.serviceCount) = (waitSum, waitCount, waitBuckets, serviceSum, serviceCount)
            (t.ratings, t.ratingSum, t.dissatisfied) = (ratings, ratingSum, dissatisfied)
            return t
        }
        set {
            (arrivals, calls, served, noShows, cancelled) = (newValue.arrivals, newValue.calls, newValue.served, newValue.noShows, newValue.cancelled)
            (waitSum, waitCount, waitBuckets) = (newValue.waitSum, newValue.waitCount, newValue.waitBuckets)
            (serviceSum, serviceCount) = (newValue.serviceSum, newValue.serviceCount)
            (ratings, ratingSum, dissatisfied) = (newValue.ratings, newValue.ratingSum, newValue.dissatisfied)
        }
    }

    /// A rollup with the given counters at zero (as read back from storage).
    public init(hourStart: Date, service: String, day: String, weekday: Int, hour: Int) {
        self.hourStart = hourStart
        self.service = service
        self.day = day
        self.weekday = weekday
        self.hour = hour
    }
}
