import Foundation

/// Today's live state next to the usual pattern for this weekday and hour: "busier than usual right now".
public struct LiveComparison: Sendable, Hashable {
    public enum Level: String, Sendable {
        case quieter, usual, busier
        /// The hall is closed now.
        case closed
        /// No history for this hour yet.
        case unknown
    }

    public var weekday: Int
    public var hour: Int
    public var open: Bool
    public var waitingNow: Int
    /// Usual number waiting in this weekday-hour (the heatmap's `waiting` metric).
    public var usualWaiting: Double?
    public var arrivalsToday: Int
    /// Usual tickets issued by this time of day on this weekday.
    public var usualArrivalsByNow: Double?
    /// `waitingNow ÷ usualWaiting` (nil when nobody usually waits).
    public var ratio: Double?
    public var level: Level

    /// Busier than usual: at least 25 % more waiting than usual and at least ``margin`` more people; quieter: at most
    /// 80 % of the usual and at least ``margin`` fewer. The margin keeps a quiet hour's 1 against 0 from reading as
    /// "busier than usual".
    public static let busierAtOrAbove = 1.25
    public static let quieterAtOrBelow = 0.8
    public static let margin = 3.0

    /// The level of `waiting` people against `usual`.
    public static func level(waiting: Int, usual: Double) -> Level {
        let now = Double(waiting)
        if now >= usual * busierAtOrAbove && now - usual >= margin { return .busier }
        if now <= usual * quieterAtOrBelow && usual - now >= margin { return .quieter }
        return .usual
    }

    /// Compares the hall (or one line) now with its usual week.
    public static func compare(
        waitingNow: Int, arrivalsToday: Int, profile: WeekProfile, hours: OpeningHours, calendar: HallCalendar, now: Date
    ) -> LiveComparison {
        let weekday = calendar.weekday(of: now)
        let minute = calendar.minuteOfDay(now)
        let hour = minute / 60
        let open = hours.isOpen(on: calendar.day(of: now), minute: minute)
        let usual = profile.value(.waiting, weekday: weekday, hour: hour)
        var byNow: Double?
        if profile.days[weekday - 1] > 0 {
            let whole = (0..<hour).reduce(0.0) { $0 + (profile.value(.arrivals, weekday: weekday, hour: $1) ?? 0) }
            let part = (profile.value(.arrivals, weekday: weekday, hour: hour) ?? 0) * Double(minute % 60) / 60
            byNow = Heatmap.round(whole + part, 10)
        }
        let ratio = usual.flatMap { $0 > 0 ? Heatmap.round(Double(waitingNow) / $0, 100) : nil }
        let level: Level = !open ? .closed : usual.map { Self.level(waiting: waitingNow, usual: $0) } ?? .unknown
        return LiveComparison(
            weekday: weekday, hour: hour, open: open, waitingNow: waitingNow, usualWaiting: usual.map { Heatmap.round($0, 10) },
            arrivalsToday: arrivalsToday, usualArrivalsByNow: byNow, ratio: ratio, level: level)
    }
}
