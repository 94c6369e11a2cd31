import Foundation
import HallCore

/// The clock file a test daemon reads its time from (`hallqd serve --clock-file`): an ISO 8601 instant, and the
/// daemon's time is that instant plus the real time since the file changed. Setting it takes effect at the
/// daemon's next reading of the time.
public final class TestClock: @unchecked Sendable {
    public let path: String
    private let lock = NSLock()
    private var pinned: Date
    private var changedAt: Date

    /// The hall's time zone in the demo and test halls.
    public static let beijing = TimeZone(identifier: "Asia/Shanghai")!

    /// ISO weekdays, Monday first.
    public enum Weekday: Int, Sendable {
        case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday
    }

    /// Writes the file with `date`.
    public init(path: String, at date: Date) throws {
        self.path = path
        (pinned, changedAt) = (date, Date())
        try set(date)
    }

    /// The daemon's time now, as it computes it.
    public var now: Date { lock.withLock { pinned + Date().timeIntervalSince(changedAt) } }

    /// Sets the daemon's time (replacing the file, so it sees a new inode and modification time).
    public func set(_ date: Date) throws {
        try lock.withLock {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let temporary = path + ".new"
            try Data((formatter.string(from: date) + "\n").utf8).write(to: URL(fileURLWithPath: temporary))
            let attributes = try FileManager.default.attributesOfItem(atPath: temporary)
            _ = rename(temporary, path)
            pinned = date
            changedAt = attributes[.modificationDate] as? Date ?? Date()
        }
    }

    /// Moves the daemon's time by `seconds` (negative: back).
    public func advance(by seconds: TimeInterval) throws { try set(now + seconds) }

    /// `weekday` of last week (Monday to Sunday before the current week, in Beijing) at `hour:minute:second`:
    /// a fixed weekday near today, so a test's day is the same kind of day whenever it runs. A week with a public
    /// holiday or a make-up working day of the demo hall is no ordinary week: the week before it is taken instead.
    public static func lastWeek(_ weekday: Weekday, _ hour: Int, _ minute: Int = 0, second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = beijing
        let today = calendar.startOfDay(for: Date())
        let isoToday = (calendar.component(.weekday, from: today) + 5) % 7 + 1  // 1 = Monday
        var monday = calendar.date(byAdding: .day, value: -(isoToday - 1) - 7, to: today)!
        let hall = HallCalendar(timeZone: beijing)
        let special = demoCalendarDays
        while (0..<7).contains(where: { special.contains(hall.day(of: calendar.date(byAdding: .day, value: $0, to: monday)!)) }) {
            monday = calendar.date(byAdding: .day, value: -7, to: monday)!
        }
        let day = calendar.date(byAdding: .day, value: weekday.rawValue - 1, to: monday)!
        return calendar.date(bySettingHour: hour, minute: minute, second: second, of: day)!
    }

    /// The demo hall's public holidays and make-up working days.
    static let demoCalendarDays: Set<String> = {
        let path = TestDaemon.repositoryRoot.appendingPathComponent("config/demo-hall.toml").path
        guard let hours = try? HallConfig.load(path: path).hours else { return [] }
        return hours.holidays.union(hours.makeUpDays)
    }()
}

extension TestDaemon {
    /// The daemon's test clock; fails the test when the daemon runs on the real time.
    public var testClock: TestClock {
        get throws {
            guard let clock else { throw TestDaemonError.http("this daemon runs on the real clock; start it with clock: a date") }
            return clock
        }
    }
}
