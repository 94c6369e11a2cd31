import Foundation
import HallCore
import HallStore
import HallTesting
import PostgresClient
import Testing

@testable import BureauStore

/// The month rollups the bureau's statistics and heatmaps read: always the sum of their days, however the days were
/// written, and statistics and heatmaps over any range of days the same as adding the days one by one.
@Suite("Month rollups of the bureau", .enabled(if: TestPostgres.isAvailable, "PostgreSQL's server programs are not installed (make deps)"))
struct HallMonthsTests {
    /// One ticket a day at noon in Beijing, from `first` for `days` days: issued, called after `day % 7` minutes, finished.
    static func days(from first: String, count days: Int, seq start: Int64 = 1) -> [JournaledEvent] {
        let noon = ISO8601DateFormatter().date(from: first + "T04:00:00Z")!
        return (0..<days).flatMap { day -> [JournaledEvent] in
            let at = noon + Double(day) * 86_400, seq = start + Int64(day) * 3, id = TicketID("T\(day)")
            let service = day % 3 == 0 ? "B" : "A"
            return [
                JournaledEvent(seq: seq, kind: "ticket.issued", at: at, ticketID: id, service: service),
                JournaledEvent(
                    seq: seq + 1, kind: "ticket.called", at: at + 60, ticketID: id, service: service, window: 1,
                    details: ["wait": "\((day % 7) * 60 + 1)"]),
                JournaledEvent(
                    seq: seq + 2, kind: "ticket.finished", at: at + 400, ticketID: id, service: service, window: 1, officer: "li",
                    details: ["service": "300"]),
            ]
        }
    }

    /// The counters per hall and service over `from`…`to`, added from the day rows alone, as text.
    static func fromDays(_ postgres: TestPostgres, _ from: String, _ to: String) throws -> String {
        try postgres.psql(
            """
            SELECT COALESCE(string_agg(line, ' ' ORDER BY line), '') FROM (
                SELECT hall_id || ':' || service || ':' || SUM(arrivals) || '/' || SUM(calls) || '/' || SUM(served) || '/' || SUM(wait_count)
                    || '/' || round(SUM(wait_sum)::numeric, 3) || '/' || SUM(wait_b0) || '/' || SUM(wait_b1) || '/' || SUM(service_count) AS line
                FROM bureau_hall_days WHERE day BETWEEN '\(from)' AND '\(to)' GROUP BY hall_id, service) x
            """)
    }

    /// The same from the reader, which takes whole months from the month rollups.
    static func fromReader(_ reader: BureauReader, _ from: String, _ to: String) throws -> String {
        try reader.statistics(from: from, to: to, halls: nil).map { s in
            let t = s.tally
            let wait = String(format: "%.3f", t.waitSum)
            return
                "\(s.hallID):\(s.service):\(t.arrivals)/\(t.calls)/\(t.served)/\(t.waitCount)/\(wait)/\(t.waitBuckets[0])/\(t.waitBuckets[1])/\(t.serviceCount)"
        }.sorted().joined(separator: " ")
    }

    /// Months whose counters differ from the sum of their days (none, when the triggers keep them), in both tables.
    static func monthsOffTheirDays(_ postgres: TestPostgres) throws -> String {
        var off: [String] = []
        for (months, days, keys) in [
            ("bureau_hall_months", "bureau_hall_days", "service"), ("bureau_hour_months", "bureau_hour_rollups", "service, weekday, hour"),
        ] {
            off.append(
                try postgres.psql(
                    """
                    SELECT COALESCE(string_agg('\(months) ' || hall_id || ' ' || month || ' ' || (\(keys.replacingOccurrences(of: ", ", with: " || ' ' || "))), ', '), '')
                    FROM (
                        SELECT hall_id, date_trunc('month', day)::date AS month, \(keys), SUM(arrivals) a, SUM(served) s, SUM(wait_count) w,
                            round(SUM(wait_sum)::numeric, 6) ws, SUM(wait_b1) b
                        FROM \(days) GROUP BY hall_id, 2, \(keys)
                    ) d FULL JOIN (SELECT hall_id, month, \(keys), arrivals a, served s, wait_count w, round(wait_sum::numeric, 6) ws, wait_b1 b
                        FROM \(months)) m USING (hall_id, month, \(keys))
                    WHERE (d.a, d.s, d.w, d.ws, d.b) IS DISTINCT FROM (m.a, m.s, m.w, m.ws, m.b)
                    """))
        }
        return off.filter { !$0.isEmpty }.joined(separator: "; ")
    }

    /// The heatmap over `from`…`to` added from the hour rollups alone, and from the reader, as text.
    static func heatmaps(_ postgres: TestPostgres, _ reader: BureauReader, _ from: String, _ to: String) throws -> (String, String) {
        let days = try postgres.psql(
            """
            SELECT COALESCE(string_agg(line, ' ' ORDER BY line), '') FROM (
                SELECT weekday || '/' || hour || ':' || SUM(arrivals) || '/' || SUM(wait_count) || '/' || round(SUM(wait_sum)::numeric, 3) AS line
                FROM bureau_hour_rollups WHERE day BETWEEN '\(from)' AND '\(to)' AND service = 'A' GROUP BY weekday, hour) x
            """)
        let cells = try reader.heatmap(from: from, to: to, halls: nil, service: "A").map { c in
            "\(c.weekday)/\(c.hour):\(c.tally.arrivals)/\(c.tally.waitCount)/\(String(format: "%.3f", c.tally.waitSum))"
        }
        return (cells.sorted().joined(separator: " "), days)
    }

    @Test("months follow their days through overlapping batches and two halls, and any range adds up as its days do")
    func monthsAddUp() throws {
        let (postgres, settings) = try bureauDatabase()
        defer { postgres.remove() }
        // 70 days from 20 January across February and March, shipped in batches that cut days apart (updates of day rows).
        let rows = Self.days(from: "2026-01-20", count: 70)
        let a = try HallShipping(settings: settings, profile: try demoProfile(hallID: "a"))
        for start in stride(from: 0, to: rows.count, by: 50) { try a.ship(Array(rows[start..<min(rows.count, start + 50)])) }
        try HallShipping(settings: settings, profile: try demoProfile(hallID: "b")).ship(Self.days(from: "2026-02-27", count: 5))
        #expect(try Self.monthsOffTheirDays(postgres) == "")
        #expect(try postgres.psql("SELECT count(*) FROM bureau_hall_months WHERE hall_id = 'a'") == "6", "A and B in January, February, March")
        #expect(try postgres.psql("SELECT count(*) > 6 FROM bureau_hour_months WHERE hall_id = 'a'") == "t", "by weekday and hour too")

        let reader = BureauReader(pool: PostgresPool(settings: settings, size: 1))
        let ranges = [
            ("2026-01-01", "2026-12-31"), ("2026-01-20", "2026-03-30"), ("2026-02-01", "2026-02-28"), ("2026-01-25", "2026-03-05"),
            ("2026-02-10", "2026-02-20"), ("2026-02-28", "2026-03-01"), ("2026-03-01", "2026-03-31"), ("2026-01-31", "2026-02-01"),
            ("2026-02-01", "2026-03-31"), ("2026-04-01", "2026-04-30"),
        ]
        for (from, to) in ranges {
            let days = try Self.fromDays(postgres, from, to)
            #expect(try Self.fromReader(reader, from, to) == days, "\(from)…\(to)")
            let (heatmap, fromHours) = try Self.heatmaps(postgres, reader, from, to)
            #expect(heatmap == fromHours, "the heatmap of \(from)…\(to)")
        }
        #expect(try Self.heatmaps(postgres, reader, "2026-01-01", "2026-12-31").0.contains(":"), "the heatmaps compare something")
        #expect(try Self.fromDays(postgres, "2026-01-01", "2026-12-31").contains("a:A:"), "the comparison compares something")
    }

    @Test("a bureau that had days before the month rollups gets them added up when it migrates")
    func backfill() throws {
        let postgres = try TestPostgres.start()
        defer { postgres.remove() }
        let settings = try PostgresSettings(postgres.url)
        let connection = try PostgresConnection(settings)
        // The first schema only, as a bureau of the previous version had it.
        try connection.executeScript(
            "CREATE TABLE bureau_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        try connection.executeScript(BureauSchema.migrations[0].sql)
        try connection.execute("INSERT INTO bureau_schema(version, name) VALUES (1, $1)", [BureauSchema.migrations[0].name])
        try HallShipping(settings: settings, profile: try demoProfile(hallID: "a")).ship(Self.days(from: "2026-05-15", count: 40))
        #expect(try BureauSchema.migrate(connection) == 2)
        #expect(try Self.monthsOffTheirDays(postgres) == "")
        #expect(try postgres.psql("SELECT SUM(arrivals) FROM bureau_hall_months") == "40")
        #expect(try postgres.psql("SELECT SUM(arrivals) FROM bureau_hour_months") == "40")
        // Shipping goes on into the months the migration made.
        try HallShipping(settings: settings, profile: try demoProfile(hallID: "a")).ship(Self.days(from: "2026-06-24", count: 10, seq: 121))
        #expect(try Self.monthsOffTheirDays(postgres) == "")
        #expect(try postgres.psql("SELECT SUM(arrivals) FROM bureau_hall_months") == "50")
        #expect(try postgres.psql("SELECT SUM(arrivals) FROM bureau_hour_months") == "50")
    }
}
