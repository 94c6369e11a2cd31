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
    public static let waitBucketBounds: [Double] = [5, 10, 15, 20, 30, 45, 60]

    public init(hourStart: Date, service: String, calendar: HallCalendar) {
        self.hourStart = hourStart
        self.service = service
        day = calendar.day(of: hourStart)
        weekday = calendar.weekday(of: hourStart)
        hour = calendar.hour(of: hourStart)
    }

    /// Rating scores counted as dissatisfied (2 dissatisfied, 1 very dissatisfied).
    public static let dissatisfiedAtOrBelow = 2

    /// Adds what one journaled change of `kind` with its `details` contributes.
    public mutating func add(kind: String, details: [String: String]) {
        switch kind {
        case HallEventKind.ticketIssued.rawValue: arrivals += 1
        case HallEventKind.ticketCalled.rawValue:
            calls += 1
            if let wait = details["wait"].flatMap(Double.init) {
                waitSum += wait
                waitCount += 1
                let bucket = Self.waitBucketBounds.firstIndex { wait < $0 * 60 } ?? Self.waitBucketBounds.count
                waitBuckets[bucket] += 1
            }
        case HallEventKind.ticketFinished.rawValue:
            served += 1
            if let s = details["service"].flatMap(Double.init) {
                serviceSum += s
                serviceCount += 1
            }
        case HallEventKind.ticketNoShow.rawValue: noShows += 1
        case HallEventKind.ticketCancelled.rawValue: cancelled += 1
        case HallEventKind.ratingGiven.rawValue:
            if let score = details["score"].flatMap(Int.init) {
                ratings += 1
                ratingSum += score
                if score <= Self.dissatisfiedAtOrBelow { dissatisfied += 1 }
            }
        default: break
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
