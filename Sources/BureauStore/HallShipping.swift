import Foundation
import HallCore
import HallStore
import PostgresClient

/// Why a hall cannot ship to the bureau now.
public enum BureauError: Error, CustomStringConvertible, Sendable {
    /// The bureau's database does not hold the tables yet (the bureau service creates them when it starts).
    case schemaMissing(installed: Int, needed: Int)
    /// The bureau holds more of this hall's journal than the hall has: another database, or another hall's id.
    case journalBehindBureau(hallID: String, bureauSeq: Int64, hallSeq: Int64)
    /// Rows came out of order (a bug, never data): nothing was written.
    case outOfOrder(hallID: String)

    public var description: String {
        switch self {
        case .schemaMissing(let installed, let needed):
            "the bureau's database has schema version \(installed), halls need \(needed): start `hallqd bureau` against it once to create it"
        case .journalBehindBureau(let hall, let bureau, let own):
            "the bureau already holds hall \(hall)'s journal up to \(bureau), but this hall's journal ends at \(own): "
                + "is this the hall's own database, and its own hall_id? Nothing is shipped until that is resolved"
        case .outOfOrder(let hall): "journal rows of hall \(hall) were given out of order; nothing was shipped"
        }
    }
}

/// One hall's link to the bureau: a connection of its own, over which it registers its profile and ships its
/// journal in order, exactly once. Each batch goes in one transaction that first locks the hall's progress row and
/// skips what the bureau already holds, then adds the rows (the key hall id + sequence refuses any duplicate), their
/// rollups and the new progress: a batch that fails or is cut off leaves nothing behind, and shipping it again adds
/// only what is missing. Used by one thread (the hall's shipper).
public final class HallShipping {
    public let connection: PostgresConnection
    public let hallID: String
    let calendar: HallCalendar
    /// The newest sequence number the bureau holds for this hall.
    public private(set) var shippedSeq: Int64

    /// Connects, checks the bureau's schema, and registers (or updates) the hall's profile; reads how far its
    /// journal has arrived.
    public init(settings: PostgresSettings, profile: HallProfile) throws {
        connection = try PostgresConnection(settings)
        hallID = profile.hallID
        calendar = profile.calendar
        let installed = try BureauSchema.installedVersion(connection)
        guard installed >= BureauSchema.versionHallsNeed else {
            throw BureauError.schemaMissing(installed: installed, needed: BureauSchema.versionHallsNeed)
        }
        let json = try StoredJSON.encode(profile)
        shippedSeq = try connection.transaction { db in
            try db.execute(
                """
                INSERT INTO bureau_halls (hall_id, profile, time_zone) VALUES ($1, $2::jsonb, $3)
                ON CONFLICT (hall_id) DO UPDATE SET profile = excluded.profile, time_zone = excluded.time_zone, profile_at = now()
                """, [profile.hallID, json, profile.timeZone])
            try db.execute("INSERT INTO bureau_progress (hall_id) VALUES ($1) ON CONFLICT DO NOTHING", [profile.hallID])
            return try db.execute("SELECT last_seq FROM bureau_progress WHERE hall_id = $1", [profile.hallID]).first?.int64("last_seq") ?? 0
        }
    }

    /// Ships `events` (journal rows in sequence order, possibly starting with rows the bureau already holds) and, if
    /// given, the hall's `status`, in one transaction; returns how many rows were new.
    @discardableResult
    public func ship(_ events: [JournaledEvent], status: HallStatus? = nil) throws -> Int {
        guard zip(events, events.dropFirst()).allSatisfy({ $0.seq < $1.seq }) else { throw BureauError.outOfOrder(hallID: hallID) }
        let (added, last) = try connection.transaction { db -> (Int, Int64) in
            let held = try db.execute("SELECT last_seq FROM bureau_progress WHERE hall_id = $1 FOR UPDATE", [hallID]).first?.int64("last_seq") ?? 0
            let fresh = events.filter { $0.seq > held }
            if let newest = fresh.last {
                try insert(fresh, db: db)
                try addRollups(fresh, db: db)
                try db.execute(
                    """
                    UPDATE bureau_progress SET last_seq = $2, last_event_at = timestamptz 'epoch' + $3::bigint * interval '1 millisecond',
                    shipped_at = now(), events = events + $4 WHERE hall_id = $1
                    """, [hallID, newest.seq, Self.millis(newest.at), fresh.count])
            }
            let last = fresh.last?.seq ?? held
            if let status { try report(status, asOf: last, db: db) }
            return (fresh.count, last)
        }
        shippedSeq = last
        return added
    }

    /// The newest sequence number of `hallID`'s journal the bureau holds (0 when it holds none, or has no tables yet),
    /// read without registering anything: what `hallqd prune` must keep the journal beyond.
    public static func shippedSeq(settings: PostgresSettings, hallID: String) throws -> Int64 {
        let connection = try PostgresConnection(settings)
        guard try BureauSchema.installedVersion(connection) > 0 else { return 0 }
        return try connection.execute("SELECT last_seq FROM bureau_progress WHERE hall_id = $1", [hallID]).first?.int64("last_seq") ?? 0
    }

    /// Reports the hall's status alone (a heartbeat while its journal has nothing new).
    public func report(_ status: HallStatus) throws {
        try ship([], status: status)
    }

    private func insert(_ rows: [JournaledEvent], db: PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO bureau_events (hall_id, seq, at, kind, ticket_id, service, "window", officer, details)
            SELECT $1, u.seq, timestamptz 'epoch' + u.ms * interval '1 millisecond', u.kind, u.ticket, u.service, u.win, u.officer, u.details::jsonb
            FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::text[], $9::text[])
                AS u(seq, ms, kind, ticket, service, win, officer, details)
            """,
            [
                hallID, PostgresArray(rows.map(\.seq)), PostgresArray(rows.map { Self.millis($0.at) }),
                PostgresArray(rows.map { StoredJSON.text($0.kind)! }), PostgresArray(rows.map { StoredJSON.text($0.ticketID?.rawValue) }),
                PostgresArray(rows.map { StoredJSON.text($0.service) }), PostgresArray(rows.map(\.window)),
                PostgresArray(rows.map { StoredJSON.text($0.officer) }), PostgresArray(rows.map { StoredJSON.object($0.details) }),
            ])
    }

    static let hourUpsert = RollupColumns.upsert(
        table: "bureau_hour_rollups",
        keys: [
            ("hour_start", "bigint[]", "timestamptz 'epoch' + u.value * interval '1 millisecond'"), ("service", "text[]", "u.value"),
            ("day", "text[]", "u.value::date"), ("weekday", "smallint[]", "u.value"), ("hour", "smallint[]", "u.value"),
        ], unique: 2)
    static let dayUpsert = RollupColumns.upsert(
        table: "bureau_day_rollups",
        keys: [
            ("day", "text[]", "u.value::date"), ("\"window\"", "integer[]", "u.value"), ("officer", "text[]", "u.value"),
            ("service", "text[]", "u.value"),
        ])
    static let hallDayUpsert = RollupColumns.upsert(
        table: "bureau_hall_days", keys: [("day", "text[]", "u.value::date"), ("service", "text[]", "u.value")])

    /// Adds the rows into the three rollup tables, by the halls' own counting rules (``HourRollup``, ``DayRollup``).
    private func addRollups(_ rows: [JournaledEvent], db: PostgresConnection) throws {
        let hours = HourRollup.aggregate(rows, calendar: calendar)
        if !hours.isEmpty {
            try db.execute(
                Self.hourUpsert,
                [
                    hallID, PostgresArray(hours.map { Self.millis($0.hourStart) }), PostgresArray(hours.map { StoredJSON.text($0.service)! }),
                    PostgresArray(hours.map(\.day)), PostgresArray(hours.map(\.weekday)), PostgresArray(hours.map(\.hour)),
                ] + RollupColumns.arrays(hours.map(\.tally)))
        }
        let dayOf = calendar.dayLookup()
        let days = DayRollup.aggregate(rows) { dayOf($0.at) }
        guard !days.isEmpty else { return }
        try db.execute(
            Self.dayUpsert,
            [
                hallID, PostgresArray(days.map(\.day)), PostgresArray(days.map(\.window)), PostgresArray(days.map { StoredJSON.text($0.officer)! }),
                PostgresArray(days.map { StoredJSON.text($0.service)! }),
            ] + RollupColumns.arrays(days.map(\.tally)))
        var hallDays: [String: (day: String, service: String, tally: Tally)] = [:]
        for d in days { hallDays[d.day + "\u{1F}" + d.service, default: (d.day, d.service, Tally())].tally += d.tally }
        let merged = Array(hallDays.values)
        try db.execute(
            Self.hallDayUpsert,
            [hallID, PostgresArray(merged.map(\.day)), PostgresArray(merged.map { StoredJSON.text($0.service)! })]
                + RollupColumns.arrays(merged.map(\.tally)))
    }

    private func report(_ status: HallStatus, asOf seq: Int64, db: PostgresConnection) throws {
        // A status never replaces a newer one (an older process still running, or a slow retry).
        try db.execute(
            """
            INSERT INTO bureau_status (hall_id, as_of_seq, hall_seq, hall_time, status)
            VALUES ($1, $2, $3, timestamptz 'epoch' + $4::bigint * interval '1 millisecond', $5::jsonb)
            ON CONFLICT (hall_id) DO UPDATE SET as_of_seq = excluded.as_of_seq, hall_seq = excluded.hall_seq, hall_time = excluded.hall_time,
                reported_at = now(), status = excluded.status
            WHERE bureau_status.as_of_seq <= excluded.as_of_seq
            """, [hallID, seq, status.hallSeq, Self.millis(status.hallTime), try StoredJSON.encode(status)])
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
