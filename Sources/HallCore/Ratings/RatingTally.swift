/// Ratings counted for one window, officer or service on a day; dissatisfied by the threshold in force that day.
public struct RatingTally: Sendable, Hashable {
    public var count = 0
    public var sum = 0
    public var dissatisfied = 0
    /// Mean score, nil without ratings.
    public var mean: Double? { count > 0 ? Double(sum) / Double(count) : nil }
    public init() {}

    /// Counts one score, as dissatisfied when ``RatingScale/isDissatisfied(_:atOrBelow:)`` says so for `threshold`.
    public mutating func add(score: Int, dissatisfiedAtOrBelow threshold: Int) {
        count += 1
        sum += score
        if RatingScale.isDissatisfied(score, atOrBelow: threshold) { dissatisfied += 1 }
    }

    /// Scores tallied per window; ratings without a window are kept under window 0.
    public static func byWindow(_ ratings: [(window: Int?, score: Int)], dissatisfiedAtOrBelow threshold: Int) -> [Int: RatingTally] {
        var tallies: [Int: RatingTally] = [:]
        for rating in ratings { tallies[rating.window ?? 0, default: RatingTally()].add(score: rating.score, dissatisfiedAtOrBelow: threshold) }
        return tallies
    }

    /// The sum of two tallies.
    public static func + (a: RatingTally, b: RatingTally) -> RatingTally {
        var t = a
        t.count += b.count
        t.sum += b.sum
        t.dissatisfied += b.dissatisfied
        return t
    }
}
