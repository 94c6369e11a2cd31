import GRDB

/// Versioned schema changes; each runs once, in order, in its own transaction.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-journal-and-state") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        at_ms INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        ticket_id TEXT,
                        service TEXT,
                        window INTEGER,
                        officer TEXT,
                        details TEXT
                    );
                    CREATE INDEX events_at ON events(at_ms);
                    CREATE INDEX events_ticket ON events(ticket_id);

                    CREATE TABLE tickets (
                        id TEXT PRIMARY KEY,
                        day TEXT NOT NULL,
                        number TEXT NOT NULL,
                        service TEXT NOT NULL,
                        issued_service TEXT NOT NULL,
                        sequence INTEGER NOT NULL,
                        priority TEXT NOT NULL,
                        status TEXT NOT NULL,
                        issued_at_ms INTEGER NOT NULL,
                        called_at_ms INTEGER,
                        started_at_ms INTEGER,
                        finished_at_ms INTEGER,
                        window INTEGER,
                        officer TEXT,
                        recalls INTEGER NOT NULL DEFAULT 0,
                        pinned_window INTEGER,
                        transfers INTEGER NOT NULL DEFAULT 0,
                        secret TEXT NOT NULL,
                        phone TEXT,
                        id_number TEXT
                    ) WITHOUT ROWID;
                    -- A number is never handed out twice on a day, crash or not.
                    CREATE UNIQUE INDEX tickets_number ON tickets(day, issued_service, sequence);
                    CREATE INDEX tickets_issued_at ON tickets(issued_at_ms);
                    CREATE INDEX tickets_live ON tickets(status) WHERE status IN ('waiting', 'called', 'serving', 'transferred');

                    CREATE TABLE windows (
                        number INTEGER PRIMARY KEY,
                        status TEXT NOT NULL,
                        officer TEXT,
                        ticket_id TEXT,
                        paused_at_ms INTEGER,
                        pause_reason TEXT,
                        since_ms INTEGER
                    );
                    CREATE TABLE counters (service TEXT PRIMARY KEY, day TEXT NOT NULL, last INTEGER NOT NULL);
                    CREATE TABLE streaks (service TEXT PRIMARY KEY, count INTEGER NOT NULL);
                    """)
        }
        migrator.registerMigration("v2-sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sessions (
                        token_hash TEXT PRIMARY KEY,
                        login TEXT NOT NULL,
                        role TEXT NOT NULL,
                        window INTEGER,
                        created_at_ms INTEGER NOT NULL,
                        expires_at_ms INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX sessions_expiry ON sessions(expires_at_ms);
                    """)
        }
        migrator.registerMigration("v3-hour-rollups") { db in
            // Wait histogram: < 5, 10, 15, 20, 30, 45, 60 minutes, and longer (a migration's schema never changes later).
            let buckets = (0...7).map { "wait_b\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")
            try db.execute(
                sql: """
                    CREATE TABLE hour_rollups (
                        hour_start_ms INTEGER NOT NULL,
                        service TEXT NOT NULL,
                        day TEXT NOT NULL,
                        weekday INTEGER NOT NULL,
                        hour INTEGER NOT NULL,
                        arrivals INTEGER NOT NULL DEFAULT 0,
                        calls INTEGER NOT NULL DEFAULT 0,
                        served INTEGER NOT NULL DEFAULT 0,
                        no_shows INTEGER NOT NULL DEFAULT 0,
                        cancelled INTEGER NOT NULL DEFAULT 0,
                        wait_sum REAL NOT NULL DEFAULT 0,
                        wait_count INTEGER NOT NULL DEFAULT 0,
                        service_sum REAL NOT NULL DEFAULT 0,
                        service_count INTEGER NOT NULL DEFAULT 0,
                        \(buckets),
                        ratings INTEGER NOT NULL DEFAULT 0,
                        rating_sum INTEGER NOT NULL DEFAULT 0,
                        dissatisfied INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (hour_start_ms, service)
                    ) WITHOUT ROWID;
                    CREATE INDEX hour_rollups_day ON hour_rollups(day);
                    """)
        }
        migrator.registerMigration("v4-day-rollups") { db in
            // Per hall day, window, officer and service: what statistics by day, window, officer and service read.
            // Arrivals and cancellations belong to no window: window 0, officer ''.
            let buckets = (0...7).map { "wait_b\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")
            try db.execute(
                sql: """
                    CREATE TABLE day_rollups (
                        day TEXT NOT NULL,
                        "window" INTEGER NOT NULL,
                        officer TEXT NOT NULL,
                        service TEXT NOT NULL,
                        arrivals INTEGER NOT NULL DEFAULT 0,
                        calls INTEGER NOT NULL DEFAULT 0,
                        served INTEGER NOT NULL DEFAULT 0,
                        no_shows INTEGER NOT NULL DEFAULT 0,
                        cancelled INTEGER NOT NULL DEFAULT 0,
                        wait_sum REAL NOT NULL DEFAULT 0,
                        wait_count INTEGER NOT NULL DEFAULT 0,
                        service_sum REAL NOT NULL DEFAULT 0,
                        service_count INTEGER NOT NULL DEFAULT 0,
                        \(buckets),
                        ratings INTEGER NOT NULL DEFAULT 0,
                        rating_sum INTEGER NOT NULL DEFAULT 0,
                        dissatisfied INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (day, "window", officer, service)
                    ) WITHOUT ROWID;
                    -- Once old journal rows are pruned, rollups of days before kept_from_day can no longer be rebuilt
                    -- and a rebuild leaves them alone.
                    CREATE TABLE journal_retention (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        kept_from_day TEXT NOT NULL
                    );
                    """)
            try backfillDayRollupsV4(db)
        }
        migrator.registerMigration("v5-ratings-alerts-outbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ratings (
                        ticket_id TEXT PRIMARY KEY,
                        day TEXT NOT NULL,
                        service TEXT NOT NULL,
                        window INTEGER,
                        officer TEXT,
                        score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
                        reason TEXT,
                        source TEXT NOT NULL,
                        at_ms INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX ratings_day_window ON ratings(day, window);
                    CREATE TABLE alerts (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        key TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        level INTEGER NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'closed')),
                        message TEXT NOT NULL,
                        message_en TEXT NOT NULL,
                        raised_at_ms INTEGER NOT NULL,
                        last_notified_at_ms INTEGER NOT NULL,
                        notifications INTEGER NOT NULL,
                        acknowledged_by TEXT,
                        acknowledged_at_ms INTEGER,
                        closed_at_ms INTEGER,
                        details TEXT
                    );
                    -- Once per condition: at most one alert per key that is not closed.
                    CREATE UNIQUE INDEX alerts_active_key ON alerts(key) WHERE state <> 'closed';
                    CREATE INDEX alerts_state ON alerts(state, raised_at_ms);
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        alert_id INTEGER NOT NULL REFERENCES alerts(id),
                        channel TEXT NOT NULL,
                        target TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_ms INTEGER NOT NULL,
                        last_error TEXT,
                        created_at_ms INTEGER NOT NULL,
                        delivered_at_ms INTEGER
                    );
                    CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);
                    -- Alert thresholds a manager set for one hall day (the config's values apply on other days).
                    CREATE TABLE alert_rules (
                        day TEXT PRIMARY KEY,
                        rules TEXT NOT NULL,
                        set_by TEXT,
                        set_at_ms INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v6-pads") { db in
            // Rating pads paired by an officer of the window (or a manager): a device credential valid only for rating
            // tickets served at that window. Only the SHA-256 of the token is kept; revoking deletes the row.
            try db.execute(
                sql: """
                    CREATE TABLE pads (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        token_hash TEXT NOT NULL UNIQUE,
                        window INTEGER NOT NULL,
                        label TEXT,
                        paired_by TEXT NOT NULL,
                        paired_at_ms INTEGER NOT NULL,
                        last_used_at_ms INTEGER
                    );
                    CREATE INDEX pads_window ON pads(window);
                    """)
        }
        migrator.registerMigration("v7-contacts-index") { db in
            // Phone and ID numbers are cleared once their hall day is over; this finds the few tickets that still hold one.
            try db.execute(sql: "CREATE INDEX tickets_contacts ON tickets(day) WHERE phone IS NOT NULL OR id_number IS NOT NULL")
        }
        migrator.registerMigration("v8-appointments") { db in
            // Booked slots: the live hall loads today's and later ones; a code is unique within its day; phone and ID
            // numbers are cleared once the day is over. slot_rollups count bookings per slot from the journal (booked
            // net of cancellations, checked in, late, no-shows), kept in the same transaction like the other rollups.
            try db.execute(
                sql: """
                    CREATE TABLE appointments (
                        id TEXT PRIMARY KEY,
                        code TEXT NOT NULL,
                        secret TEXT NOT NULL,
                        service TEXT NOT NULL,
                        day TEXT NOT NULL,
                        start_minute INTEGER NOT NULL,
                        end_minute INTEGER NOT NULL,
                        starts_at_ms INTEGER NOT NULL,
                        ends_at_ms INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        phone TEXT,
                        id_number TEXT,
                        booked_at_ms INTEGER NOT NULL,
                        finished_at_ms INTEGER,
                        ticket_id TEXT,
                        ticket_number TEXT
                    ) WITHOUT ROWID;
                    CREATE UNIQUE INDEX appointments_code ON appointments(day, code);
                    CREATE INDEX appointments_day ON appointments(day, start_minute);
                    CREATE INDEX appointments_contacts ON appointments(day) WHERE phone IS NOT NULL OR id_number IS NOT NULL;
                    CREATE TABLE slot_rollups (
                        day TEXT NOT NULL,
                        service TEXT NOT NULL,
                        start_minute INTEGER NOT NULL,
                        booked INTEGER NOT NULL DEFAULT 0,
                        cancelled INTEGER NOT NULL DEFAULT 0,
                        checked_in INTEGER NOT NULL DEFAULT 0,
                        late INTEGER NOT NULL DEFAULT 0,
                        no_shows INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (day, service, start_minute)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v9-reminders") { db in
            // Taxpayers may ask at the kiosk for text messages when their turn is near (`remind`, cleared with the
            // phone number). Those messages go through the outbox like alerts: a row belongs to an alert or to a
            // ticket's reminder, and a unique index keeps one message per reminder (at most two per ticket).
            // SQLite cannot drop a NOT NULL, so the outbox is rebuilt with its rows and ids.
            try db.execute(
                sql: """
                    ALTER TABLE tickets ADD COLUMN remind INTEGER NOT NULL DEFAULT 0 CHECK (remind IN (0, 1));
                    CREATE TABLE outbox_v9 (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        alert_id INTEGER REFERENCES alerts(id),
                        ticket_id TEXT,
                        ticket_day TEXT,
                        reminder TEXT CHECK (reminder IN ('ahead', 'called')),
                        channel TEXT NOT NULL,
                        target TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_ms INTEGER NOT NULL,
                        last_error TEXT,
                        created_at_ms INTEGER NOT NULL,
                        delivered_at_ms INTEGER,
                        CHECK ((alert_id IS NULL) <> (ticket_id IS NULL)),
                        CHECK ((ticket_id IS NULL) = (reminder IS NULL) AND (ticket_id IS NULL) = (ticket_day IS NULL))
                    );
                    INSERT INTO outbox_v9 (id, alert_id, channel, target, payload, state, attempts, next_attempt_ms, last_error, created_at_ms,
                        delivered_at_ms)
                        SELECT id, alert_id, channel, target, payload, state, attempts, next_attempt_ms, last_error, created_at_ms, delivered_at_ms
                        FROM outbox;
                    DROP TABLE outbox;
                    ALTER TABLE outbox_v9 RENAME TO outbox;
                    CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);
                    CREATE UNIQUE INDEX outbox_reminders ON outbox(ticket_id, reminder) WHERE ticket_id IS NOT NULL;
                    CREATE INDEX outbox_reminder_days ON outbox(ticket_day) WHERE ticket_day IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v10-no-journal-ticket-index") { db in
            // No query reads the journal by ticket, and ticket ids are random: every journal row put its own random
            // leaf page of this index into the commit (a fifth of the WAL written per ticket taken).
            try db.execute(sql: "DROP INDEX IF EXISTS events_ticket")
        }
        return migrator
    }
}
