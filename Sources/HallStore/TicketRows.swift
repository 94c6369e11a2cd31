import Foundation
import GRDB
import HallCore

/// Maps tickets to and from the `tickets` table.
enum TicketRows {
    static let columns = """
        id, day, number, service, issued_service, sequence, priority, status, issued_at_ms, called_at_ms, started_at_ms, finished_at_ms,
        window, officer, recalls, pinned_window, transfers, secret, phone, id_number, remind
        """

    /// Updates by id only: a different ticket with the same day and number is a constraint error, never a silent replace.
    static let upsertSQL = """
        INSERT INTO tickets(\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET service = excluded.service, status = excluded.status, called_at_ms = excluded.called_at_ms,
            started_at_ms = excluded.started_at_ms, finished_at_ms = excluded.finished_at_ms, window = excluded.window,
            officer = excluded.officer, recalls = excluded.recalls, pinned_window = excluded.pinned_window, transfers = excluded.transfers
        """

    static func upsert(_ t: Ticket, db: Database) throws {
        try db.cachedStatement(sql: upsertSQL)
            .execute(arguments: [
                t.id.rawValue, t.day, t.number, t.service, t.issuedService, t.sequence, t.priority.rawValue, t.status.rawValue,
                t.issuedAt.millis, t.calledAt?.millis, t.startedAt?.millis, t.finishedAt?.millis, t.window, t.officer, t.recalls,
                t.pinnedWindow, t.transfers, t.secret, t.contact?.phone, t.contact?.idNumber, t.contact?.remind == true,
            ])
    }

    static func ticket(_ row: Row) throws -> Ticket {
        let r = StoredRow(row, table: "tickets", key: "id")
        var t = Ticket(
            id: TicketID(try r.text("id")), number: try r.text("number"), service: try r.text("issued_service"),
            priority: try r.name("priority", as: Priority.self), day: try r.text("day"), sequence: try r.int("sequence"),
            issuedAt: try r.instant("issued_at_ms"), secret: try r.text("secret"))
        t.service = try r.text("service")
        t.status = try r.name("status", as: TicketStatus.self)
        t.calledAt = try r.optionalInstant("called_at_ms")
        t.startedAt = try r.optionalInstant("started_at_ms")
        t.finishedAt = try r.optionalInstant("finished_at_ms")
        t.window = try r.optionalInt("window")
        t.officer = try r.optionalText("officer")
        t.recalls = try r.int("recalls")
        t.pinnedWindow = try r.optionalInt("pinned_window")
        t.transfers = try r.int("transfers")
        let phone = try r.optionalText("phone")
        let idNumber = try r.optionalText("id_number")
        let remind = try r.flag("remind")
        if phone != nil || idNumber != nil { t.contact = TaxpayerContact(phone: phone, idNumber: idNumber, remind: remind) }
        return t
    }
}

/// Maps windows to and from the `windows` table.
enum WindowRows {
    static func upsert(_ w: WindowState, db: Database) throws {
        try db.cachedStatement(
            sql:
                "INSERT OR REPLACE INTO windows(number, status, officer, ticket_id, paused_at_ms, pause_reason, since_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [w.number, w.status.rawValue, w.officer, w.ticket?.rawValue, w.pausedAt?.millis, w.pauseReason, w.since?.millis])
    }

    static func window(_ row: Row) throws -> WindowState {
        let r = StoredRow(row, table: "windows", key: "number")
        var w = WindowState(number: try r.int("number"), status: try r.name("status", as: WindowStatus.self))
        w.officer = try r.optionalText("officer")
        w.ticket = try r.optionalText("ticket_id").map { TicketID($0) }
        w.pausedAt = try r.optionalInstant("paused_at_ms")
        w.pauseReason = try r.optionalText("pause_reason")
        w.since = try r.optionalInstant("since_ms")
        return w
    }
}
