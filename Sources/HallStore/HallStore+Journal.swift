import Foundation
import GRDB
import HallCore

extension HallStore {
    /// Journals `events` and writes the tickets and windows they carry, plus the hall's counters and streaks,
    /// in one transaction. Returns the events with their sequence numbers once committed.
    @discardableResult
    public func append(_ events: [HallEvent], hall: Hall) throws -> [JournaledEvent] {
        try pool.write { db in try Self.write(events, hall: hall, db: db) }
    }

    /// Appends journal rows that carry no hall state (alerts, ratings), with their rollups, in one transaction.
    @discardableResult
    public func appendJournal(_ rows: [JournaledEvent], calendar: HallCalendar) throws -> [JournaledEvent] {
        try pool.write { db in
            let stored = try rows.map { try Self.insert($0, db: db) }
            try Self.addRollups(stored, calendar: calendar, db: db)
            return stored
        }
    }

    static func write(_ events: [HallEvent], hall: Hall, db: Database) throws -> [JournaledEvent] {
        var journaled: [JournaledEvent] = []
        journaled.reserveCapacity(events.count)
        for event in events {
            journaled.append(try insert(JournaledEvent(event), db: db))
            if let ticket = event.ticket {
                try TicketRows.upsert(ticket, db: db)
                switch event.kind {
                case .ticketIssued:
                    if let counter = hall.counters[ticket.issuedService] {
                        try db.cachedStatement(sql: "INSERT OR REPLACE INTO counters(service, day, last) VALUES (?, ?, ?)")
                            .execute(arguments: [ticket.issuedService, counter.day, counter.last])
                    }
                case .ticketCalled:
                    try db.cachedStatement(sql: "INSERT OR REPLACE INTO streaks(service, count) VALUES (?, ?)")
                        .execute(arguments: [ticket.service, hall.priorityStreaks[ticket.service, default: 0]])
                default: break
                }
            }
            if let window = event.window { try WindowRows.upsert(window, db: db) }
            if let appointment = event.appointment { try AppointmentRows.upsert(appointment, db: db) }
        }
        try addRollups(journaled, calendar: hall.calendar, db: db)
        return journaled
    }

    static func insert(_ row: JournaledEvent, db: Database) throws -> JournaledEvent {
        let details = DetailsJSON.encode(row.details)
        try db.cachedStatement(sql: "INSERT INTO events(at_ms, kind, ticket_id, service, window, officer, details) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [row.at.millis, row.kind, row.ticketID?.rawValue, row.service, row.window, row.officer, details])
        var stored = row
        stored.seq = db.lastInsertedRowID
        return stored
    }

    /// Journal rows after `seq`, oldest first (for SSE clients that reconnect with `Last-Event-ID`).
    public func events(after seq: Int64, limit: Int = 10_000) throws -> [JournaledEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: Queries.eventsAfter, arguments: [seq, limit]).map(Self.journaled)
        }
    }

    /// Journal rows in a time range, oldest first, in pages (for rebuilding statistics).
    public func events(from: Date, to: Date, afterSeq: Int64 = 0, limit: Int = 50_000) throws -> [JournaledEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: Queries.eventsInRange, arguments: [from.millis, to.millis, afterSeq, limit]).map(Self.journaled)
        }
    }

    /// The newest journal sequence number (0 when empty).
    public func lastEventSeq() throws -> Int64 {
        try pool.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM events") ?? 0 }
    }

    static func journaled(_ row: Row) throws -> JournaledEvent {
        let r = StoredRow(row, table: "events", key: "seq")
        return JournaledEvent(
            seq: try r.int64("seq"), kind: try r.text("kind"), at: try r.instant("at_ms"),
            ticketID: try r.optionalText("ticket_id").map { TicketID($0) },
            service: try r.optionalText("service"), window: try r.optionalInt("window"), officer: try r.optionalText("officer"),
            details: try r.details("details"))
    }
}
