import Foundation
import HallCore
import PostgresClient

/// One hall as the bureau sees it now: its profile, its last reported status, how much of its journal has arrived,
/// and its day so far (from the rollups of the hall's own day, in its time zone, by the hall's clock).
public struct HallOverview: Sendable {
    public var profile: HallProfile
    /// Nil until the hall reported once.
    public var status: HallStatus?
    /// Seconds since the hall's last report reached the bureau (nil: never).
    public var staleSeconds: Double?
    /// Rows the hall had at its last report that the bureau does not hold yet.
    public var lagEvents: Int64
    /// The hall's day (`yyyy-MM-dd`) at its last report, and its counters so far that day.
    public var day: String
    public var today: Tally
}

/// A hall's counters for one service over a range of days.
public struct HallServiceTally: Sendable {
    public var hallID: String
    public var service: String
    public var tally: Tally
}

/// One cell of a heatmap: hall-local weekday (1 = Monday) and hour, and the counters there.
public struct HeatCell: Sendable {
    public var weekday: Int
    public var hour: Int
    public var tally: Tally
}

/// Everything the bureau service reads, all from PostgreSQL through a pool: the halls now, statistics and heatmaps
/// over any set of halls and days. Every value is a parameter.
public struct BureauReader: Sendable {
    public let pool: PostgresPool
    private let profiles = DecodedRows<HallProfile>()
    private let statuses = DecodedRows<HallStatus>()

    public init(pool: PostgresPool) { self.pool = pool }

    /// Every hall (or the one `hallID`), by hall id.
    public func halls(only hallID: String? = nil) throws -> [HallOverview] {
        let rows = try pool.withConnection { db in
            try db.execute(
                """
                SELECT h.hall_id, h.profile::text AS profile, s.status::text AS status,
                    EXTRACT(EPOCH FROM now() - s.reported_at)::double precision AS stale,
                    GREATEST(COALESCE(s.hall_seq, 0) - COALESCE(p.last_seq, 0), 0) AS lag,
                    d.day::text AS day, \(RollupColumns.sums)
                FROM bureau_halls h
                LEFT JOIN bureau_status s ON s.hall_id = h.hall_id
                LEFT JOIN bureau_progress p ON p.hall_id = h.hall_id
                CROSS JOIN LATERAL (SELECT (COALESCE(s.hall_time, now()) AT TIME ZONE h.time_zone)::date AS day) d
                LEFT JOIN bureau_hall_days r ON r.hall_id = h.hall_id AND r.day = d.day
                WHERE $1::text IS NULL OR h.hall_id = $1
                GROUP BY h.hall_id, h.profile::text, s.status::text, s.reported_at, s.hall_seq, p.last_seq, d.day
                ORDER BY h.hall_id
                """, [hallID])
        }
        var ids = Set<String>()
        let halls = try rows.rows.map { row in
            let id = try row.string("hall_id")
            ids.insert(id)
            return HallOverview(
                profile: try profiles.value(id, try row.string("profile")),
                status: try row.text("status").map { try statuses.value(id, $0) },
                staleSeconds: try row.optionalDouble("stale"), lagEvents: try row.int64("lag"), day: try row.string("day"),
                today: try RollupColumns.tally(row))
        }
        if hallID == nil {
            profiles.keep(only: ids)
            statuses.keep(only: ids)
        }
        return halls
    }

    /// Counters per hall and service over the hall days `from`…`to` (inclusive), for `halls` (nil: all): the whole
    /// months inside from `bureau_hall_months`, the days before and after them from `bureau_hall_days`.
    public func statistics(from: String, to: String, halls: [String]?) throws -> [HallServiceTally] {
        let whole = Self.wholeMonths(from: from, to: to)
        let rows = try pool.withConnection { db in
            try db.execute(
                """
                SELECT hall_id, service, \(RollupColumns.sums) FROM (
                    \(Self.monthsAndEdgeDays("hall_id, service", months: "bureau_hall_months", days: "bureau_hall_days",
                        filter: "($3::text[] IS NULL OR hall_id = ANY($3::text[]))", bounds: 4))
                ) AS r
                GROUP BY hall_id, service ORDER BY hall_id, service
                """, [from, to, halls.map { PostgresArray($0) }, whole.first, whole.after])
        }
        return try rows.rows.map {
            HallServiceTally(hallID: try $0.string("hall_id"), service: try $0.string("service"), tally: try RollupColumns.tally($0))
        }
    }

    /// Counters per hall-local weekday and hour over the days `from`…`to`, for `halls` (nil: all) and `service`
    /// (nil: all): the whole months inside from `bureau_hour_months`, the days at either end from `bureau_hour_rollups`.
    public func heatmap(from: String, to: String, halls: [String]?, service: String?) throws -> [HeatCell] {
        let whole = Self.wholeMonths(from: from, to: to)
        let rows = try pool.withConnection { db in
            try db.execute(
                """
                SELECT weekday, hour, \(RollupColumns.sums) FROM (
                    \(Self.monthsAndEdgeDays("weekday, hour", months: "bureau_hour_months", days: "bureau_hour_rollups",
                        filter: "($3::text[] IS NULL OR hall_id = ANY($3::text[])) AND ($4::text IS NULL OR service = $4)", bounds: 5))
                ) AS r
                GROUP BY weekday, hour ORDER BY weekday, hour
                """, [from, to, halls.map { PostgresArray($0) }, service, whole.first, whole.after])
        }
        return try rows.rows.map { HeatCell(weekday: try $0.int("weekday"), hour: try $0.int("hour"), tally: try RollupColumns.tally($0)) }
    }

    /// The bounds of the whole months inside `from`…`to` (none for days that are not dates: then every day is read
    /// from the day rows). They go into the queries as values, so the planner reads the days at either end by the
    /// index on `day`.
    static func wholeMonths(from: String, to: String) -> (first: String, after: String) {
        HallDays.wholeMonths(from: from, to: to) ?? (from, from)
    }

    /// `keys` and the counters of the whole months inside `$1`…`$2` from `months` (their bounds in parameters
    /// `bounds` and `bounds + 1`, from ``wholeMonths(from:to:)``) and of the days at either end from `days`, both
    /// narrowed by `filter`: what a read over a range of days adds up.
    static func monthsAndEdgeDays(_ keys: String, months: String, days: String, filter: String, bounds: Int) -> String {
        """
        SELECT \(keys), \(RollupColumns.list) FROM \(months)
                    WHERE month >= $\(bounds)::date AND month < $\(bounds + 1)::date AND \(filter)
                    UNION ALL
                    SELECT \(keys), \(RollupColumns.list) FROM \(days)
                    WHERE day BETWEEN $1::date AND $2::date AND (day < $\(bounds)::date OR day >= $\(bounds + 1)::date) AND \(filter)
        """
    }

    /// The hall ids the bureau knows.
    public func hallIDs() throws -> Set<String> {
        Set(try pool.withConnection { try $0.execute("SELECT hall_id FROM bureau_halls") }.rows.map { try $0.string("hall_id") })
    }
}
