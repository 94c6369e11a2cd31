import Foundation
import HallCore

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

    /// Adds what one journal row contributes. `dissatisfiedAtOrBelow` is the rating score counted as dissatisfied.
    mutating func add(_ e: JournaledEvent, dissatisfiedAtOrBelow: Int = 2) {
        switch e.kind {
        case HallEventKind.ticketIssued.rawValue: arrivals += 1
        case HallEventKind.ticketCalled.rawValue:
            calls += 1
            if let wait = e.details["wait"].flatMap(Double.init) {
                waitSum += wait
                waitCount += 1
                let bucket = Self.waitBucketBounds.firstIndex { wait < $0 * 60 } ?? Self.waitBucketBounds.count
                waitBuckets[bucket] += 1
            }
        case HallEventKind.ticketFinished.rawValue:
            served += 1
            if let s = e.details["service"].flatMap(Double.init) {
                serviceSum += s
                serviceCount += 1
            }
        case HallEventKind.ticketNoShow.rawValue: noShows += 1
        case HallEventKind.ticketCancelled.rawValue: cancelled += 1
        case HallEventKind.ratingGiven.rawValue:
            if let score = e.details["score"].flatMap(Int.init) {
                ratings += 1
                ratingSum += score
                if score <= dissatisfiedAtOrBelow { dissatisfied += 1 }
            }
        default: break
        }
    }

    /// Whether this journal row counts in rollups at all.
    static func counts(_ e: JournaledEvent) -> Bool {
        e.service != nil && e.kind.hasPrefix("ticket.") || e.kind == HallEventKind.ratingGiven.rawValue
    }

    /// Sums a batch of journal rows into per-(hour, service) rollups.
    static func aggregate(_ events: [JournaledEvent], calendar: HallCalendar) -> [HourRollup] {
        var byKey: [String: HourRollup] = [:]
        for e in events where counts(e) {
            guard let service = e.service else { continue }
            let hour = calendar.startOfHour(e.at)
            let key = "\(hour.timeIntervalSince1970)|\(service)"
            if byKey[key] == nil { byKey[key] = HourRollup(hourStart: hour, service: service, calendar: calendar) }
            byKey[key]!.add(e)
        }
        return Array(byKey.values)
    }
}
