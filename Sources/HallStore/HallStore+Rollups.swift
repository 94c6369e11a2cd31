import Foundation
import GRDB
import HallCore

extension HallStore {
    static let rollupCounters = ["arrivals", "calls", "served", "no_shows", "cancelled", "wait_sum", "wait_count", "service_sum", "service_count"]
        + (0...HourRollup.waitBucketBounds.count).map { "wait_b\($0)" } + ["ratings", "rating_sum", "dissatisfied"]

    static let rollupUpsertSQL: String = {
        let columns = ["hour_start_ms", "service", "day", "weekday", "hour"] + rollupCounters
        let updates = rollupCounters.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO hour_rollups(\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
            + " ON CONFLICT(hour_start_ms, service) DO UPDATE SET \(updates)"
    }()

    /// Adds journal rows into the hourly rollups, inside the caller's transaction.
    static func addRollups(_ rows: [JournaledEvent], calendar: HallCalendar, db: Database) throws {
        let statement = try db.cachedStatement(sql: rollupUpsertSQL)
        for r in HourRollup.aggregate(rows, calendar: calendar) {
            var values: [(any DatabaseValueConvertible)?] = [r.hourStart.millis, r.service, r.day, r.weekday, r.hour]
            values += [r.arrivals, r.calls, r.served, r.noShows, r.cancelled, r.waitSum, r.waitCount, r.serviceSum, r.serviceCount]
            values += r.waitBuckets.map { $0 as (any DatabaseValueConvertible)? }
            values += [r.ratings, r.ratingSum, r.dissatisfied]
            try statement.execute(arguments: StatementArguments(values))
        }
    }

    /// Recomputes every rollup from the journal (e.g. after a change to how they are counted).
    @discardableResult
    public func rebuildRollups(calendar: HallCalendar) throws -> Int {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM hour_rollups")
            var after: Int64 = 0
            var total = 0
            while true {
                let page = try Row.fetchAll(db, sql: Queries.eventsAfter, arguments: [after, 50_000]).map(Self.journaled)
                guard let last = page.last else { break }
                try Self.addRollups(page, calendar: calendar, db: db)
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
            return try Row.fetchAll(db, sql: sql, arguments: args).map(Self.rollup)
        }
    }

    static func rollup(_ row: Row) -> HourRollup {
        var r = HourRollup(hourStart: Date(millis: row["hour_start_ms"]), service: row["service"], day: row["day"], weekday: row["weekday"], hour: row["hour"])
        r.arrivals = row["arrivals"]
        r.calls = row["calls"]
        r.served = row["served"]
        r.noShows = row["no_shows"]
        r.cancelled = row["cancelled"]
        r.waitSum = row["wait_sum"]
        r.waitCount = row["wait_count"]
        r.serviceSum = row["service_sum"]
        r.serviceCount = row["service_count"]
        r.waitBuckets = (0...HourRollup.waitBucketBounds.count).map { row["wait_b\($0)"] }
        r.ratings = row["ratings"]
        r.ratingSum = row["rating_sum"]
        r.dissatisfied = row["dissatisfied"]
        return r
    }
}

extension HourRollup {
    /// Whether this journal row counts in rollups at all.
    static func counts(_ e: JournaledEvent) -> Bool {
        e.service != nil && e.kind.hasPrefix("ticket.") || e.kind == HallEventKind.ratingGiven.rawValue
    }

    /// Sums a batch of journal rows into per-(hour, service) rollups.
    static func aggregate(_ events: [JournaledEvent], calendar: HallCalendar) -> [HourRollup] {
        var byKey: [String: HourRollup] = [:]
        for e in events where counts(e) {
            guard let service = e.service else { continue }
            let hour = calendar.startOfHour(e.at)
            let key = "\(hour.timeIntervalSince1970)|\(service)"
            if byKey[key] == nil { byKey[key] = HourRollup(hourStart: hour, service: service, calendar: calendar) }
            byKey[key]!.add(kind: e.kind, details: e.details)
        }
        return Array(byKey.values)
    }
}
