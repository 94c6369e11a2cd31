import Foundation
import HallCore
import PostgresClient

/// The bureau's tables in PostgreSQL, as numbered migrations. The bureau service applies the ones missing when it
/// starts (`hallqd bureau`), one transaction each, under an advisory lock so two instances never migrate at once;
/// halls only check that the schema they write is there. A migration never changes once shipped: later changes
/// come as new ones.
public enum BureauSchema {
    /// The newest version this build knows.
    public static var version: Int { migrations.last?.version ?? 0 }
    /// The version halls need before they ship (the tables they write).
    public static let versionHallsNeed = 1

    /// The wait histogram's columns: < 5, 10, 15, 20, 30, 45, 60 minutes, and longer (as in the halls' own rollups).
    static let buckets = (0...7).map { "wait_b\($0) integer NOT NULL DEFAULT 0" }.joined(separator: ",\n    ")

    /// The counters of every rollup table, as in the halls' SQLite rollups (a ``Tally``).
    static let counters = """
        arrivals integer NOT NULL DEFAULT 0,
            calls integer NOT NULL DEFAULT 0,
            served integer NOT NULL DEFAULT 0,
            no_shows integer NOT NULL DEFAULT 0,
            cancelled integer NOT NULL DEFAULT 0,
            wait_sum double precision NOT NULL DEFAULT 0,
            wait_count integer NOT NULL DEFAULT 0,
            service_sum double precision NOT NULL DEFAULT 0,
            service_count integer NOT NULL DEFAULT 0,
            \(buckets),
            ratings integer NOT NULL DEFAULT 0,
            rating_sum integer NOT NULL DEFAULT 0,
            dissatisfied integer NOT NULL DEFAULT 0
        """

    /// Every migration in order.
    static let migrations: [(version: Int, name: String, sql: String)] = [
        (
            1, "halls-journal-rollups-users",
            """
            -- One row per hall: what the hall finder and the dashboard show about it, sent by the hall when it connects.
            CREATE TABLE bureau_halls (
                hall_id text PRIMARY KEY,
                profile jsonb NOT NULL,
                time_zone text NOT NULL,
                first_seen timestamptz NOT NULL DEFAULT now(),
                profile_at timestamptz NOT NULL DEFAULT now()
            );
            -- How far each hall's journal has arrived: written in the same transaction as the rows it counts.
            CREATE TABLE bureau_progress (
                hall_id text PRIMARY KEY REFERENCES bureau_halls(hall_id),
                last_seq bigint NOT NULL DEFAULT 0,
                last_event_at timestamptz,
                shipped_at timestamptz,
                events bigint NOT NULL DEFAULT 0
            );
            -- Every hall's journal, exactly once: the key is the hall and its own sequence number.
            CREATE TABLE bureau_events (
                hall_id text NOT NULL,
                seq bigint NOT NULL,
                at timestamptz NOT NULL,
                kind text NOT NULL,
                ticket_id text,
                service text,
                "window" integer,
                officer text,
                details jsonb NOT NULL DEFAULT '{}',
                PRIMARY KEY (hall_id, seq)
            );
            -- The hall as it was when it last reported: lines, estimates, windows, alerts (the live part of the dashboard
            -- and the hall finder). hall_time is the hall's clock, reported_at the bureau's.
            CREATE TABLE bureau_status (
                hall_id text PRIMARY KEY REFERENCES bureau_halls(hall_id),
                as_of_seq bigint NOT NULL,
                hall_seq bigint NOT NULL,
                hall_time timestamptz NOT NULL,
                reported_at timestamptz NOT NULL DEFAULT now(),
                status jsonb NOT NULL
            );
            -- Rollups from the shipped journal, counted by the halls' own rules: per hall-local hour and service
            -- (heatmaps), per hall day, window, officer and service (statistics by window and officer), and per hall day
            -- and service (statistics across halls, the dashboard's day).
            CREATE TABLE bureau_hour_rollups (
                hall_id text NOT NULL,
                hour_start timestamptz NOT NULL,
                service text NOT NULL,
                day date NOT NULL,
                weekday smallint NOT NULL,
                hour smallint NOT NULL,
                \(counters),
                PRIMARY KEY (hall_id, hour_start, service)
            );
            CREATE TABLE bureau_day_rollups (
                hall_id text NOT NULL,
                day date NOT NULL,
                "window" integer NOT NULL,
                officer text NOT NULL,
                service text NOT NULL,
                \(counters),
                PRIMARY KEY (hall_id, day, "window", officer, service)
            );
            CREATE TABLE bureau_hall_days (
                hall_id text NOT NULL,
                day date NOT NULL,
                service text NOT NULL,
                \(counters),
                PRIMARY KEY (hall_id, day, service)
            );
            CREATE INDEX bureau_hall_days_day ON bureau_hall_days(day);
            -- The bureau's own managers (not any hall's staff): PBKDF2 hashes, and sessions kept as SHA-256 of the token.
            CREATE TABLE bureau_users (
                login text PRIMARY KEY,
                display_name text,
                password_hash text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE bureau_sessions (
                token_hash text PRIMARY KEY,
                login text NOT NULL REFERENCES bureau_users(login) ON DELETE CASCADE,
                created_at timestamptz NOT NULL DEFAULT now(),
                expires_at timestamptz NOT NULL
            );
            CREATE INDEX bureau_sessions_expiry ON bureau_sessions(expires_at);
            """
        ),
        (2, "hall-months", monthRollups("bureau_hall_months", of: "bureau_hall_days", keys: [("service", "text")])),
        (
            3, "hour-months",
            monthRollups("bureau_hour_months", of: "bureau_hour_rollups", keys: [("service", "text"), ("weekday", "smallint"), ("hour", "smallint")])
                + "\nCREATE INDEX bureau_hour_rollups_day ON bureau_hour_rollups(day);"
        ),
    ]

    /// Applies the migrations the database lacks, in order; returns how many it applied.
    @discardableResult
    public static func migrate(_ connection: PostgresConnection) throws -> Int {
        try connection.executeScript(
            """
            CREATE TABLE IF NOT EXISTS bureau_schema (
                version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        var applied = 0
        for migration in migrations {
            let done = try connection.transaction { db -> Bool in
                // Two bureau services starting together: the second waits here, then finds the migration applied.
                try db.execute("SELECT pg_advisory_xact_lock(hashtext('hallq-bureau-schema'))")
                guard try db.execute("SELECT 1 FROM bureau_schema WHERE version = $1", [migration.version]).rows.isEmpty else { return false }
                try db.executeScript(migration.sql)
                try db.execute("INSERT INTO bureau_schema(version, name) VALUES ($1, $2)", [migration.version, migration.name])
                return true
            }
            if done { applied += 1 }
        }
        return applied
    }

    /// The schema version the database holds (0: none yet).
    public static func installedVersion(_ connection: PostgresConnection) throws -> Int {
        do {
            return try connection.execute("SELECT COALESCE(MAX(version), 0) AS v FROM bureau_schema").first?.int("v") ?? 0
        } catch let error as PostgresError where error.sqlState == PostgresError.undefinedTable {
            return 0
        }
    }
}
