import Foundation

/// An hour worth coming: when, and what the hall's history says it is usually like.
public struct BestTime: Sendable, Hashable {
    /// Hall day `yyyy-MM-dd`, its ISO weekday and the hall-local hour.
    public var day: String
    public var weekday: Int
    public var hour: Int
    /// Usual wait in minutes for tickets called in that hour of that weekday.
    public var expectedWaitMinutes: Double
    /// Usual tickets issued in that hour.
    public var usualArrivals: Double
    /// The day falls on a day of the month that is usually busy (the run-up to the filing deadline).
    public var busyDay: Bool
}

/// "Best times to come": the quietest opening hours ahead, by the usual wait.
public enum BestTimes {
    /// Days of the month whose mean tickets per worked day are at least `factor` times the mean over all days.
    public static func busyDaysOfMonth(_ monthDays: [MonthDayTotals], factor: Double = 1.15) -> Set<Int> {
        let days = monthDays.reduce(0) { $0 + $1.days }
        guard days > 0 else { return [] }
        let overall = Double(monthDays.reduce(0) { $0 + $1.arrivals }) / Double(days)
        return Set(monthDays.filter { $0.days > 0 && Double($0.arrivals) / Double($0.days) >= factor * overall }.map(\.dayOfMonth))
    }

    /// The `count` best opening hours in the seven days starting at the next full hour after `now`, best first.
    ///
    /// Ranked by the usual wait (to the tenth of a minute), then by fewer usual arrivals, then earlier. Hours on usually
    /// busy days of the month come after every other hour. Hours with no history of calls are left out.
    public static func ahead(
        count: Int = 3, profile: WeekProfile, hours: OpeningHours, calendar: HallCalendar, now: Date, busyDays: Set<Int> = []
    ) -> [BestTime] {
        let open = Heatmap.openSlots(hours)
        var candidates: [BestTime] = []
        var slot = calendar.startOfHour(now) + 3600
        let end = slot + 7 * 86_400
        while slot < end {
            let (weekday, hour) = (calendar.weekday(of: slot), calendar.hour(of: slot))
            let day = calendar.day(of: slot)
            // The usual week says how busy an hour is; the calendar says whether the hall opens that day at all.
            if open[weekday - 1][hour], hours.weekdayRules(on: day) == weekday, let wait = profile.value(.wait, weekday: weekday, hour: hour) {
                candidates.append(
                    BestTime(
                        day: day, weekday: weekday, hour: hour, expectedWaitMinutes: Heatmap.round(wait, 10),
                        usualArrivals: Heatmap.round(profile.value(.arrivals, weekday: weekday, hour: hour) ?? 0, 10),
                        busyDay: busyDays.contains(Int(day.suffix(2)) ?? 0)))
            }
            slot += 3600
        }
        let ranked = candidates.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.busyDay != y.busyDay { return !x.busyDay }
            if x.expectedWaitMinutes != y.expectedWaitMinutes { return x.expectedWaitMinutes < y.expectedWaitMinutes }
            if x.usualArrivals != y.usualArrivals { return x.usualArrivals < y.usualArrivals }
            return a.offset < b.offset
        }
        return ranked.prefix(count).map(\.element)
    }
}
