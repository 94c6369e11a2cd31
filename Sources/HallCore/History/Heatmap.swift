import Foundation

/// Tickets issued on one day of the month (1 … 31) over a stretch of history, and on how many worked days.
public struct MonthDayTotals: Sendable, Hashable {
    public var dayOfMonth: Int
    public var arrivals: Int
    public var days: Int
    public init(dayOfMonth: Int, arrivals: Int, days: Int) {
        self.dayOfMonth = dayOfMonth
        self.arrivals = arrivals
        self.days = days
    }
}

/// The hall's busy hours: a 7 × 24 matrix (weekday × hall-local hour) of one metric over the last weeks, with the
/// opening hours marked, plus the month's pattern (mean tickets per day of the month, which shows the filing deadline).
public struct Heatmap: Sendable, Hashable {
    public var metric: HeatmapMetric
    /// Service code, or nil for the whole hall.
    public var service: String?
    public var weeks: Int
    /// First and last hall day counted (`yyyy-MM-dd`).
    public var firstDay: String
    public var lastDay: String
    /// `values[weekday - 1][hour]` in the metric's unit, rounded to 0.01; nil where history says nothing.
    public var values: [[Double?]]
    /// `open[weekday - 1][hour]`: the hall is open during some of that hour.
    public var open: [[Bool]]
    /// Worked days counted per weekday.
    public var daysCounted: [Int]
    /// `dayOfMonth[d - 1]`: mean tickets per worked day on day `d` of the month (rounded to 0.1); nil without history.
    public var dayOfMonth: [Double?]

    public init(
        metric: HeatmapMetric, service: String?, weeks: Int, firstDay: String, lastDay: String, profile: WeekProfile, hours: OpeningHours,
        monthDays: [MonthDayTotals] = []
    ) {
        self.metric = metric
        self.service = service
        self.weeks = weeks
        self.firstDay = firstDay
        self.lastDay = lastDay
        values = (1...7).map { w in (0..<24).map { h in profile.value(metric, weekday: w, hour: h).map { Self.round($0, 100) } } }
        open = Self.openSlots(hours)
        daysCounted = profile.days
        var month = [Double?](repeating: nil, count: 31)
        for m in monthDays where (1...31).contains(m.dayOfMonth) && m.days > 0 {
            month[m.dayOfMonth - 1] = Self.round(Double(m.arrivals) / Double(m.days), 10)
        }
        dayOfMonth = month
    }

    /// Which weekday-hours the hall is open during, at least in part.
    public static func openSlots(_ hours: OpeningHours) -> [[Bool]] {
        (1...7).map { w in
            (0..<24).map { h in hours.days[w, default: []].contains { $0.startMinute < (h + 1) * 60 && $0.endMinute > h * 60 } }
        }
    }

    /// The largest value shown (nil when the matrix is empty).
    public var maxValue: Double? { values.joined().compactMap { $0 }.max() }

    /// The busiest slot: weekday, hour and value.
    public var peak: (weekday: Int, hour: Int, value: Double)? {
        var best: (Int, Int, Double)?
        for (i, row) in values.enumerated() {
            for (h, v) in row.enumerated() { if let v, v > (best?.2 ?? -1) { best = (i + 1, h, v) } }
        }
        return best
    }

    /// The value of a slot.
    public func value(weekday: Int, hour: Int) -> Double? {
        guard (1...7).contains(weekday), (0..<24).contains(hour) else { return nil }
        return values[weekday - 1][hour]
    }

    static func round(_ x: Double, _ scale: Double) -> Double { (x * scale).rounded() / scale }

    /// Chinese and English short weekday names, Monday first.
    public static let weekdayNames: [LocalizedName] = zip(
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"], ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    )
    .map { LocalizedName(zh: $0, en: $1) }
}
