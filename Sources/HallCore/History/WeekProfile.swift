import Foundation

/// Sums for one weekday-hour slot over a stretch of history, read from hour rollups.
public struct SlotTotals: Sendable, Hashable {
    /// ISO weekday, 1 = Monday … 7 = Sunday.
    public var weekday: Int
    /// Hall-local hour, 0 … 23.
    public var hour: Int
    public var arrivals: Int
    /// Seconds waited by the tickets called in this slot, and how many they were.
    public var waitSum: Double
    public var waitCount: Int

    public init(weekday: Int, hour: Int, arrivals: Int, waitSum: Double, waitCount: Int) {
        self.weekday = weekday
        self.hour = hour
        self.arrivals = arrivals
        self.waitSum = waitSum
        self.waitCount = waitCount
    }
}

/// What a heatmap cell shows.
public enum HeatmapMetric: String, CaseIterable, Sendable {
    /// Mean tickets issued in the hour, over the days the hall worked on that weekday.
    case arrivals
    /// Mean wait in minutes of the tickets called in the hour.
    case wait
    /// Mean number of taxpayers waiting during the hour (Little's law: seconds waited in the hour ÷ 3600).
    case waiting

    /// Bilingual caption, e.g. for the SVG's title and legend.
    public var title: LocalizedName {
        switch self {
        case .arrivals: LocalizedName(zh: "每小时平均取号人数", en: "Mean arrivals per hour")
        case .wait: LocalizedName(zh: "平均等候时间（分钟）", en: "Mean wait (minutes)")
        case .waiting: LocalizedName(zh: "平均等候人数", en: "Mean number waiting")
        }
    }

    /// Unit of the values, for clients.
    public var unit: String {
        switch self {
        case .arrivals: "tickets/hour"
        case .wait: "minutes"
        case .waiting: "people"
        }
    }
}

/// The usual week: slot sums per weekday and hour plus how many days of each weekday the hall worked, from which
/// every heatmap metric, the best times to come and the live comparison are derived.
public struct WeekProfile: Sendable, Hashable {
    /// `slots[weekday - 1][hour]`.
    public private(set) var slots: [[SlotTotals]]
    /// Days the hall worked (had any ticket activity) per weekday, `days[weekday - 1]`.
    public private(set) var days: [Int]

    public init(slots: [SlotTotals], daysPerWeekday: [Int: Int]) {
        var grid = (1...7).map { w in (0..<24).map { SlotTotals(weekday: w, hour: $0, arrivals: 0, waitSum: 0, waitCount: 0) } }
        for s in slots where (1...7).contains(s.weekday) && (0..<24).contains(s.hour) {
            grid[s.weekday - 1][s.hour].arrivals += s.arrivals
            grid[s.weekday - 1][s.hour].waitSum += s.waitSum
            grid[s.weekday - 1][s.hour].waitCount += s.waitCount
        }
        self.slots = grid
        days = (1...7).map { daysPerWeekday[$0] ?? 0 }
    }

    /// The metric's value for a slot, unrounded; nil when there is no history to say.
    ///
    /// Arrivals and people waiting are means over the days the hall worked on that weekday (a worked day with no
    /// activity in the hour counts as zero). Waits are credited to the hour of the call, so a wait that began in the
    /// previous hour counts in the hour it ended; at the usual waits of well under an hour this shifts little.
    public func value(_ metric: HeatmapMetric, weekday: Int, hour: Int) -> Double? {
        guard (1...7).contains(weekday), (0..<24).contains(hour) else { return nil }
        let s = slots[weekday - 1][hour]
        let n = Double(days[weekday - 1])
        switch metric {
        case .arrivals: return n > 0 ? Double(s.arrivals) / n : nil
        case .wait: return s.waitCount > 0 ? s.waitSum / Double(s.waitCount) / 60 : nil
        case .waiting: return n > 0 ? s.waitSum / n / 3600 : nil
        }
    }

    /// Whether there is any history at all.
    public var isEmpty: Bool { days.allSatisfy { $0 == 0 } }
}
