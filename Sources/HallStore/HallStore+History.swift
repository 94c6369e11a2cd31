import Foundation
import GRDB
import HallCore

extension Queries {
    static let sums =
        (["arrivals", "calls", "served", "no_shows", "cancelled", "wait_sum", "wait_count", "service_sum", "service_count"]
        + (0...Tally.waitBucketBounds.count).map { "wait_b\($0)" } + ["ratings", "rating_sum", "dissatisfied"])
        .map { "SUM(\($0)) AS \($0)" }.joined(separator: ", ")

    static let workedDays = "SELECT DISTINCT day FROM hour_rollups WHERE hour_start_ms >= ? AND hour_start_ms < ?"
    static let slotTotals = """
        SELECT service, weekday, hour, SUM(arrivals) AS arrivals, SUM(wait_sum) AS wait_sum, SUM(wait_count) AS wait_count
        FROM hour_rollups WHERE hour_start_ms >= ? AND hour_start_ms < ? GROUP BY service, weekday, hour
        """
    static let monthDayArrivals = """
        SELECT service, CAST(substr(day, 9, 2) AS INTEGER) AS dom, SUM(arrivals) AS arrivals
        FROM hour_rollups WHERE hour_start_ms >= ? AND hour_start_ms < ? GROUP BY service, dom
        """
    static let arrivalsOfDay = "SELECT service, SUM(arrivals) AS arrivals FROM hour_rollups WHERE day = ? GROUP BY service"
    static let statsDays = "SELECT DISTINCT day FROM day_rollups WHERE day >= ? AND day <= ?"
    /// Only what the windows' workload needs: a third of the work of summing every counter.
    static let workload = """
        SELECT "window" AS window, SUM(calls) AS calls, SUM(served) AS served, SUM(service_sum) AS service_sum
        FROM day_rollups WHERE day >= ? AND day <= ? GROUP BY "window"
        """

    /// Statistics summed per key of `group` over the days `from … to`.
    static func stats(by group: StatisticsGroup) -> String {
        let key = group == .window ? "\"window\"" : group.rawValue
        return "SELECT \(key) AS key, \(sums) FROM day_rollups WHERE day >= ? AND day <= ? GROUP BY \(key)"
    }

    /// The history reports' queries with sample arguments, for `EXPLAIN QUERY PLAN` checks.
    static let history: [(name: String, sql: String, arguments: [any Sendable])] =
        [
            ("workedDays", workedDays, [0, 1]),
            ("slotTotals", slotTotals, [0, 1]),
            ("monthDayArrivals", monthDayArrivals, [0, 1]),
            ("arrivalsOfDay", arrivalsOfDay, ["2026-11-24"]),
            ("statsDays", statsDays, ["2026-01-01", "2026-12-31"]),
            ("workload", workload, ["2026-01-01", "2026-12-31"]),
        ] + StatisticsGroup.allCases.filter { $0 != .slot }.map { ("stats.\($0.rawValue)", stats(by: $0), ["2026-01-01", "2026-12-31"]) }
        + StatisticsGroup.allCases.compactMap { g in bookings(by: g).map { ("bookings.\(g.rawValue)", $0, ["2026-01-01", "2026-12-31"]) } }
        + [("slotsOfDays", slotsOfDays, ["2026-01-01", "2026-12-31"])]
}

/// What the store knows about a stretch of history, for heatmaps, best times and the live comparison.
public struct HistoryProfile: Sendable {
    /// The usual week per service code.
    public var services: [String: WeekProfile]
    /// The usual week of the whole hall.
    public var hall: WeekProfile
    /// Tickets per day of the month, per service code and for the whole hall (key "").
    public var monthDays: [String: [MonthDayTotals]]
}

extension HallStore {
    /// Slot sums and worked days for the hours starting in `[from, to)`: per service and for the whole hall.
    ///
    /// A day counts as worked when any of its hours has activity; per-service means divide by the hall's worked days,
    /// so a day on which a service saw nobody in an hour counts as zero for it.
    public func historyProfile(from: Date, to: Date) throws -> HistoryProfile {
        try pool.read { db in
            let days = try String.fetchAll(db, sql: Queries.workedDays, arguments: [from.millis, to.millis])
            var perWeekday: [Int: Int] = [:]
            var perMonthDay: [Int: Int] = [:]
            for day in days {
                if let w = HallDays.weekday(day) { perWeekday[w, default: 0] += 1 }
                if let d = Int(day.suffix(2)) { perMonthDay[d, default: 0] += 1 }
            }
            var slots: [String: [SlotTotals]] = [:]
            for row in try Row.fetchAll(db, sql: Queries.slotTotals, arguments: [from.millis, to.millis]) {
                let r = StoredRow(row, table: "hour_rollups", key: "service")
                slots[try r.text("service"), default: []].append(
                    SlotTotals(
                        weekday: try r.int("weekday"), hour: try r.int("hour"), arrivals: try r.int("arrivals"), waitSum: try r.double("wait_sum"),
                        waitCount: try r.int("wait_count")))
            }
            var monthArrivals: [String: [Int: Int]] = [:]
            for row in try Row.fetchAll(db, sql: Queries.monthDayArrivals, arguments: [from.millis, to.millis]) {
                let r = StoredRow(row, table: "hour_rollups", key: "service")
                let (service, dom, n) = (try r.text("service"), try r.int("dom"), try r.int("arrivals"))
                monthArrivals[service, default: [:]][dom, default: 0] += n
                monthArrivals["", default: [:]][dom, default: 0] += n
            }
            let monthDays = monthArrivals.mapValues { arrivals in
                perMonthDay.keys.sorted().map { MonthDayTotals(dayOfMonth: $0, arrivals: arrivals[$0] ?? 0, days: perMonthDay[$0]!) }
            }
            return HistoryProfile(
                services: slots.mapValues { WeekProfile(slots: $0, daysPerWeekday: perWeekday) },
                hall: WeekProfile(slots: Array(slots.values.joined()), daysPerWeekday: perWeekday), monthDays: monthDays)
        }
    }

    /// Tickets issued so far on a hall day, per service.
    public func arrivals(onDay day: String) throws -> [String: Int] {
        try pool.read { db in
            var result: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: Queries.arrivalsOfDay, arguments: [day]) {
                let r = StoredRow(row, table: "hour_rollups", key: "service")
                result[try r.text("service")] = try r.int("arrivals")
            }
            return result
        }
    }

    /// Rollup sums for the statistics of the hall days `from … to` (both included): per key of `group`, per window
    /// (only calls, served and service time unless grouping by window), and the days with any activity.
    public func statistics(fromDay from: String, toDay to: String, group: StatisticsGroup) throws -> (
        groups: [String: Tally], windows: [Int: Tally], days: [String]
    ) {
        try pool.read { db in
            func sums(_ by: StatisticsGroup) throws -> [String: Tally] {
                var result: [String: Tally] = [:]
                for row in try Row.fetchAll(db, sql: Queries.stats(by: by), arguments: [from, to]) {
                    let stored = StoredRow(row, table: "day_rollups", key: "key")
                    let key: String =
                        switch try stored.value("key").storage {
                        case .int64(let n): String(n)
                        case .string(let s): s
                        case let other: throw stored.bad(by.rawValue, "expected a \(by.rawValue), found \(StoredRow.describe(other))")
                        }
                    result[key] = try Self.tally(row, table: "day_rollups")
                }
                return result
            }
            // Slots hold bookings only: their ticket figures would be the hour's, not the slot's.
            let groups = group == .slot ? [:] : try sums(group)
            var windows: [Int: Tally] = [:]
            if group == .window {
                for (key, tally) in groups { if let n = Int(key) { windows[n] = tally } }
            } else {
                for row in try Row.fetchAll(db, sql: Queries.workload, arguments: [from, to]) {
                    let r = StoredRow(row, table: "day_rollups", key: "window")
                    var t = Tally()
                    (t.calls, t.served, t.serviceSum) = (try r.int("calls"), try r.int("served"), try r.double("service_sum"))
                    windows[try r.int("window")] = t
                }
            }
            let days = group == .day ? groups.keys.sorted() : try String.fetchAll(db, sql: Queries.statsDays, arguments: [from, to])
            return (groups, windows, days)
        }
    }
}
