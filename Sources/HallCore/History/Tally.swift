import Foundation

/// Counters of what happened to tickets in some slice of history (an hour, a day at a window, a year of one service).
/// Tallies add up, so any report is a sum of stored rollups; the counting rules live only in ``add(kind:details:)``.
public struct Tally: Sendable, Hashable {
    public var arrivals = 0
    public var calls = 0
    public var served = 0
    public var noShows = 0
    public var cancelled = 0
    public var waitSum = 0.0
    public var waitCount = 0
    /// Calls whose wait fell in each of ``waitBucketBounds`` (minutes); the last bucket is open-ended.
    public var waitBuckets = [Int](repeating: 0, count: Tally.waitBucketBounds.count + 1)
    public var serviceSum = 0.0
    public var serviceCount = 0
    public var ratings = 0
    public var ratingSum = 0
    public var dissatisfied = 0

    /// Upper bounds in minutes of the wait histogram's buckets: [0, 5), [5, 10), … [45, 60), then 60 and longer.
    public static let waitBucketBounds: [Double] = [5, 10, 15, 20, 30, 45, 60]

    public init() {}

    /// The histogram bucket a wait of `seconds` falls in.
    public static func waitBucket(seconds: Double) -> Int {
        waitBucketBounds.firstIndex { seconds < $0 * 60 } ?? waitBucketBounds.count
    }

    /// Adds what one journaled change of `kind` with its `details` contributes.
    public mutating func add(kind: String, details: [String: String]) {
        switch kind {
        case HallEventKind.ticketIssued.rawValue: arrivals += 1
        case HallEventKind.ticketCalled.rawValue:
            calls += 1
            if let wait = details["wait"].flatMap(Double.init) {
                waitSum += wait
                waitCount += 1
                waitBuckets[Self.waitBucket(seconds: wait)] += 1
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
                if RatingScale.isDissatisfied(score) { dissatisfied += 1 }
            }
        default: break
        }
    }

    /// Whether a journal row of `kind` changes any counter.
    public static func counts(kind: String) -> Bool {
        kind == HallEventKind.ratingGiven.rawValue || kind.hasPrefix("ticket.")
    }

    /// The sum of two tallies.
    public static func + (a: Tally, b: Tally) -> Tally {
        var t = a
        t.arrivals += b.arrivals
        t.calls += b.calls
        t.served += b.served
        t.noShows += b.noShows
        t.cancelled += b.cancelled
        t.waitSum += b.waitSum
        t.waitCount += b.waitCount
        for i in t.waitBuckets.indices { t.waitBuckets[i] += b.waitBuckets[i] }
        t.serviceSum += b.serviceSum
        t.serviceCount += b.serviceCount
        t.ratings += b.ratings
        t.ratingSum += b.ratingSum
        t.dissatisfied += b.dissatisfied
        return t
    }

    public static func += (a: inout Tally, b: Tally) { a = a + b }
}

extension Tally {
    /// Mean wait from taking a number to being called, in seconds.
    public var meanWaitSeconds: Double? { waitCount > 0 ? waitSum / Double(waitCount) : nil }
    /// Mean time at the window from start to finish, in seconds.
    public var meanServiceSeconds: Double? { serviceCount > 0 ? serviceSum / Double(serviceCount) : nil }
    /// Share of calls that found nobody: no-shows ÷ calls.
    public var noShowRate: Double? { calls > 0 ? Double(noShows) / Double(calls) : nil }
    /// Mean rating score, 1 … 5.
    public var satisfactionMean: Double? { ratings > 0 ? Double(ratingSum) / Double(ratings) : nil }
    /// Share of ratings that are dissatisfied (``RatingScale/isDissatisfied(_:atOrBelow:)``).
    public var dissatisfiedShare: Double? { ratings > 0 ? Double(dissatisfied) / Double(ratings) : nil }

    /// The `p`-th quantile (0…1) of waits in seconds, read from the histogram.
    ///
    /// The rank `p · n` is located in its bucket and interpolated linearly between the bucket's edges, as if the
    /// waits in a bucket were spread evenly across it. When the rank falls in the open-ended last bucket (an hour and
    /// more) there is no upper edge to interpolate to, and the bucket's lower edge, 60 minutes, is returned: a floor.
    public func waitQuantileSeconds(_ p: Double) -> Double? {
        let n = waitBuckets.reduce(0, +)
        guard n > 0 else { return nil }
        let rank = min(max(p, 0), 1) * Double(n)
        var below = 0
        for (i, count) in waitBuckets.enumerated() {
            let lower = i == 0 ? 0 : Self.waitBucketBounds[i - 1] * 60
            guard i < Self.waitBucketBounds.count else { return lower }
            let upper = Self.waitBucketBounds[i] * 60
            if count > 0 && Double(below + count) >= rank {
                return lower + (upper - lower) * (rank - Double(below)) / Double(count)
            }
            below += count
        }
        return Self.waitBucketBounds.last! * 60
    }

    /// Share of waits that took at most `seconds`, read from the histogram (exact when `seconds` is a bucket edge,
    /// interpolated within a bucket otherwise, as in ``waitQuantileSeconds(_:)``).
    public func shareWaitedWithin(seconds: Double) -> Double? {
        let n = waitBuckets.reduce(0, +)
        guard n > 0 else { return nil }
        var within = 0.0
        for (i, count) in waitBuckets.enumerated() {
            let lower = i == 0 ? 0 : Self.waitBucketBounds[i - 1] * 60
            guard i < Self.waitBucketBounds.count else { break }
            let upper = Self.waitBucketBounds[i] * 60
            if seconds >= upper {
                within += Double(count)
            } else {
                if seconds > lower { within += Double(count) * (seconds - lower) / (upper - lower) }
                break
            }
        }
        return within / Double(n)
    }
}
