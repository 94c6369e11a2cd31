import Foundation

/// How many taxpayers come, and when: the shape the simulator draws arrivals from.
///
/// Busy mornings around 10:00 and early afternoons around 14:30, a quiet lunch hour, Mondays heavier and Fridays
/// lighter, and a surge in the days before the monthly filing deadline on the 15th. The day's average volume is set
/// so the hall's windows are about 65 % busy on an ordinary day: lines build up at the peaks and on Mondays and
/// drain in the quiet hours, and the days before the deadline run the hall at full stretch.
public struct ArrivalModel: Sendable {
    /// Share of each service among arrivals, by service code.
    public var serviceMix: [String: Double]
    /// Tickets on an ordinary Tuesday–Thursday away from the deadline.
    public var baseDailyTickets: Double
    public var greenShare = 0.05
    /// Share of all taxpayers who come with a booking (of services that take bookings), made the evening before.
    public var bookingShare = 0.04
    /// Of the booked: who cancel that evening, who come after check-in has closed, who never come.
    public var bookingCancelShare = 0.05
    public var bookingLateShare = 0.05
    public var bookingNoShowShare = 0.08

    public init(config: HallConfig) {
        let defaults: [String: Double] = ["A": 0.44, "B": 0.25, "C": 0.10, "D": 0.15, "E": 0.06]
        var mix: [String: Double] = [:]
        for service in config.services { mix[service.code] = defaults[service.code] ?? 0.1 }
        let total = mix.values.reduce(0, +)
        let shares = mix.mapValues { $0 / total }
        serviceMix = shares
        let meanMinutes = config.services.reduce(0.0) { $0 + (shares[$1.code] ?? 0) * $1.typicalMinutes }
        let openMinutes = Double(config.hours.days.values.map { $0.reduce(0) { $0 + $1.endMinute - $1.startMinute } }.max() ?? 0)
        baseDailyTickets = 0.65 * Double(config.windows.count) * openMinutes / max(meanMinutes, 1)
    }

    /// Relative arrival rate at `minute` after midnight (1.0 = the day's average).
    public static func hourShape(minute: Int) -> Double {
        let h = Double(minute) / 60
        let morning = 1.15 * exp(-pow(h - 10.2, 2) / 1.2)
        let afternoon = 0.95 * exp(-pow(h - 14.5, 2) / 1.4)
        let lunch = h >= 12 && h < 13 ? 0.35 : 0.55
        return lunch + morning + afternoon
    }

    /// How much busier than an ordinary day: Mondays, Fridays, and the run-up to the 15th; at most 1.5 (a Monday
    /// before the deadline runs the hall at full stretch, it does not triple it).
    public static func dayFactor(weekday: Int, dayOfMonth: Int) -> Double {
        let weekdayFactor: [Int: Double] = [1: 1.35, 2: 1.0, 3: 0.95, 4: 0.95, 5: 0.85]
        let deadline: Double =
            switch dayOfMonth {
            case 15: 1.6
            case 13...14: 1.4
            case 10...12: 1.2
            default: 1.0
            }
        return min(1.5, (weekdayFactor[weekday] ?? 0) * deadline)
    }
}
