import Foundation
import GRDB
import HallCore

extension HallStore {
    static let rollupCounters =
        ["arrivals", "calls", "served", "no_shows", "cancelled", "wait_sum", "wait_count", "service_sum", "service_count"]
        + (0...Tally.waitBucketBounds.count).map { "wait_b\($0)" } + ["ratings", "rating_sum", "dissatisfied"]

    static func upsertSQL(table: String, keys: [String], conflict: [String]) -> String {
        let columns = keys + rollupCounters
        let updates = rollupCounters.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
            + " ON CONFLICT(\(conflict.joined(separator: ", "))) DO UPDATE SET \(updates)"
    }

    static let rollupUpsertSQL = upsertSQL(
        table: "hour_rollups", keys: ["hour_start_ms", "service", "day", "weekday", "hour"], conflict: ["hour_start_ms", "service"])
    static let dayRollupUpsertSQL = upsertSQL(
        table: "day_rollups", keys: ["day", "\"window\"", "officer", "service"], conflict: ["day", "\"window\"", "officer", "service"])

    static func counterValues(_ t: Tally) -> [(any DatabaseValueConvertible)?] {
        var values: [(any DatabaseValueConvertible)?] = [t.arrivals, t.calls, t.served, t.noShows, t.cancelled, t.waitSum, t.waitCount]
        values += [t.serviceSum, t.serviceCount]
        values += t.waitBuckets.map { $0 as (any DatabaseValueConvertible)? }
        values += [t.ratings, t.ratingSum, t.dissatisfied]
        return values
    }

    /// Adds journal rows into the hourly and daily rollups, inside the caller's transaction.
    static func addRollups(_ rows: [JournaledEvent], calendar: HallCalendar, db: Database) throws {
        let hourly = try db.cachedStatement(sql: rollupUpsertSQL)
        for r in HourRollup.aggregate(rows, calendar: calendar) {
            try hourly.execute(arguments: StatementArguments([r.hourStart.millis, r.service, r.day, r.weekday, r.hour] + counterValues(r.tally)))
        }
        let day = calendar.dayLookup()
        try addDayRollups(DayRollup.aggregate(rows) { day($0.at) }, db: db)
        try addSlotRollups(SlotRollup.aggregate(rows), db: db)
    }

    static func addDayRollups(_ rollups: [DayRollup], db: Database) throws {
        let daily = try db.cachedStatement(sql: dayRollupUpsertSQL)
        for r in rollups {
            try daily.execute(arguments: StatementArguments([r.day, r.window, r.officer, r.service] + counterValues(r.tally)))
        }
    }

    /// Recomputes every rollup from the journal (e.g. after a change to how they are counted). Days whose journal
    /// rows were pruned keep the rollups they have. Returns the number of journal rows read.
    @discardableResult
    public func rebuildRollups(calendar: HallCalendar) throws -> Int {
        try pool.write { db in
            let keptFrom = try String.fetchOne(db, sql: "SELECT kept_from_day FROM journal_retention WHERE id = 1")
            try db.execute(sql: "DELETE FROM hour_rollups WHERE day >= ?", arguments: [keptFrom ?? ""])
            try db.execute(sql: "DELETE FROM day_rollups WHERE day >= ?", arguments: [keptFrom ?? ""])
            try db.execute(sql: "DELETE FROM slot_rollups WHERE day >= ?", arguments: [keptFrom ?? ""])
            var after: Int64 = 0
            var total = 0
            let dayOf = calendar.dayLookup()
            while true {
                let page = try Row.fetchAll(db, sql: Queries.eventsAfter, arguments: [after, 50_000]).map(Self.journaled)
                guard let last = page.last else { break }
                // A booking counts on its slot's day (it may have been made days before), the rest on the day it happened.
                let kept = keptFrom.map { day in page.filter { ($0.slotDay ?? dayOf($0.at)) >= day } } ?? page
                try Self.addRollups(kept, calendar: calendar, db: db)
                after = last.seq
                total += page.count
            }
            return total
        }
    }

    /// Rollups whose hour starts in `[from, to)`, optionally for one service, oldest first.
    public func rollups(from: Date, to: Date, service: String? = nil) throws -> [HourRollup] {
        try pool.read { db in
            let sql =
                service == nil
                ? "SELECT * FROM hour_rollups WHERE hour_start_ms >= ? AND hour_start_ms < ? ORDER BY hour_start_ms, service"
                : "SELECT * FROM hour_rollups WHERE hour_start_ms >= ? AND hour_start_ms < ? AND service = ? ORDER BY hour_start_ms"
            let args: StatementArguments = service == nil ? [from.millis, to.millis] : [from.millis, to.millis, service]
            return try Row.fetchAll(db, sql: sql, arguments: args).map { try Self.rollup($0) }
        }
    }

    /// Daily rollups of the hall days `from … to` (both included), in key order.
    public func dayRollups(fromDay from: String, toDay to: String) throws -> [DayRollup] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM day_rollups WHERE day >= ? AND day <= ? ORDER BY day, \"window\", officer, service", arguments: [from, to]
            )
            .map { row in
                let r = StoredRow(row, table: "day_rollups", key: "day")
                return DayRollup(
                    day: try r.text("day"), window: try r.int("window"), officer: try r.text("officer"), service: try r.text("service"),
                    tally: try Self.tally(row, table: "day_rollups"))
            }
        }
    }

    static func rollup(_ row: Row) throws -> HourRollup {
        let s = StoredRow(row, table: "hour_rollups", key: "hour_start_ms")
        var r = HourRollup(
            hourStart: try s.instant("hour_start_ms"), service: try s.text("service"), day: try s.text("day"),
            weekday: try s.int("weekday"), hour: try s.int("hour"))
        r.tally = try tally(row, table: "hour_rollups")
        return r
    }

    /// The counters of a rollup row of `table` (or of a row of sums named like them); a value that is not a number is
    /// an error naming the table and column.
    static func tally(_ row: Row, table: String) throws -> Tally {
        let r = StoredRow(row, table: table, key: row.hasColumn("key") ? "key" : "day")
        var t = Tally()
        t.arrivals = try r.int("arrivals")
        t.calls = try r.int("calls")
        t.served = try r.int("served")
        t.noShows = try r.int("no_shows")
        t.cancelled = try r.int("cancelled")
        t.waitSum = try r.double("wait_sum")
        t.waitCount = try r.int("wait_count")
        t.serviceSum = try r.double("service_sum")
        t.serviceCount = try r.int("service_count")
        t.waitBuckets = try (0...Tally.waitBucketBounds.count).map { try r.int("wait_b\($0)") }
        t.ratings = try r.int("ratings")
        t.ratingSum = try r.int("rating_sum")
        t.dissatisfied = try r.int("dissatisfied")
        return t
    }
}

extension HourRollup {
    /// Whether this journal row counts in rollups at all.
    static func counts(_ e: JournaledEvent) -> Bool {
        e.service != nil && Tally.counts(kind: e.kind)
    }

    /// Sums a batch of journal rows into per-(hour, service) rollups.
    public static func aggregate(_ events: [JournaledEvent], calendar: HallCalendar) -> [HourRollup] {
        struct Key: Hashable {
            var hour: Date
            var service: String
        }
        var byKey: [Key: HourRollup] = [:]
        var current: (start: Date, end: Date)?
        for e in events where counts(e) {
            guard let service = e.service else { continue }
            // Journal rows come in time order: look the hour up only when it changes.
            if current == nil || e.at < current!.start || e.at >= current!.end {
                let start = calendar.startOfHour(e.at)
                current = (start, start + 3600)
            }
            let key = Key(hour: current!.start, service: service)
            if byKey[key] == nil { byKey[key] = HourRollup(hourStart: key.hour, service: service, calendar: calendar) }
            byKey[key]!.add(kind: e.kind, details: e.details)
        }
        return Array(byKey.values)
    }
}

extension DayRollup {
    /// Sums a batch of journal rows into per-(day, window, officer, service) rollups; `day` names each row's hall day
    /// (rows it gives no day are skipped).
    public static func aggregate(_ events: [JournaledEvent], day: (JournaledEvent) -> String?) -> [DayRollup] {
        struct Key: Hashable {
            var day: String
            var window: Int
            var officer: String
            var service: String
        }
        var byKey: [Key: DayRollup] = [:]
        for e in events where HourRollup.counts(e) {
            guard let service = e.service, let d = day(e) else { continue }
            let attributed = DayRollup.belongsToWindow(kind: e.kind)
            let key = Key(day: d, window: attributed ? e.window ?? 0 : 0, officer: attributed ? e.officer ?? "" : "", service: service)
            if byKey[key] == nil { byKey[key] = DayRollup(day: d, window: key.window, officer: key.officer, service: service) }
            byKey[key]!.tally.add(kind: e.kind, details: e.details)
        }
        return Array(byKey.values)
    }
}

extension HallCalendar {
    /// `day(of:)` for many instants in time order, looking the calendar up only when the day changes.
    public func dayLookup() -> (Date) -> String {
        var current: (start: Date, end: Date, day: String)?
        return { at in
            if let c = current, at >= c.start, at < c.end { return c.day }
            let start = self.startOfDay(at)
            let c = (start, self.adding(days: 1, to: start), self.day(of: at))
            current = c
            return c.2
        }
    }
}
