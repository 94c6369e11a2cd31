import Foundation
import GRDB
import HallCore

/// Maps tickets to and from the `tickets` table.
enum TicketRows {
    static let columns = """
        id, day, number, service, issued_service, sequence, priority, status, issued_at_ms, called_at_ms, started_at_ms, finished_at_ms,
        window, officer, recalls, pinned_window, transfers, secret, phone, id_number
        """

    /// Updates by id only: a different ticket with the same day and number is a constraint error, never a silent replace.
    static let upsertSQL = """
        INSERT INTO tickets(\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET service = excluded.service, status = excluded.status, called_at_ms = excluded.called_at_ms,
            started_at_ms = excluded.started_at_ms, finished_at_ms = excluded.finished_at_ms, window = excluded.window,
            officer = excluded.officer, recalls = excluded.recalls, pinned_window = excluded.pinned_window, transfers = excluded.transfers
        """

    static func upsert(_ t: Ticket, db: Database) throws {
        try db.cachedStatement(sql: upsertSQL)
            .execute(arguments: [
                t.id.rawValue, t.day, t.number, t.service, t.issuedService, t.sequence, t.priority.rawValue, t.status.rawValue,
                t.issuedAt.millis, t.calledAt?.millis, t.startedAt?.millis, t.finishedAt?.millis, t.window, t.officer, t.recalls,
                t.pinnedWindow, t.transfers, t.secret, t.contact?.phone, t.contact?.idNumber,
            ])
    }

    static func ticket(_ row: Row) throws -> Ticket {
        let id: String = row["id"]
        guard let priority = Priority(rawValue: row["priority"]), let status = TicketStatus(rawValue: row["status"]) else {
            throw StoreError.corrupt("ticket \(id) has an unknown priority or status")
        }
        let number: String = row["number"]
        let issuedService: String = row["issued_service"]
        let day: String = row["day"]
        let sequence: Int = row["sequence"]
        let issuedAt: Int64 = row["issued_at_ms"]
        let secret: String = row["secret"]
        var t = Ticket(
            id: TicketID(id), number: number, service: issuedService, priority: priority, day: day, sequence: sequence,
            issuedAt: Date(millis: issuedAt), secret: secret)
        t.service = row["service"]
        t.status = status
        t.calledAt = (row["called_at_ms"] as Int64?).map(Date.init(millis:))
        t.startedAt = (row["started_at_ms"] as Int64?).map(Date.init(millis:))
        t.finishedAt = (row["finished_at_ms"] as Int64?).map(Date.init(millis:))
        t.window = row["window"]
        t.officer = row["officer"]
        t.recalls = row["recalls"]
        t.pinnedWindow = row["pinned_window"]
        t.transfers = row["transfers"]
        let phone: String? = row["phone"]
        let idNumber: String? = row["id_number"]
        if phone != nil || idNumber != nil { t.contact = TaxpayerContact(phone: phone, idNumber: idNumber) }
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
        let number: Int = row["number"]
        guard let status = WindowStatus(rawValue: row["status"]) else { throw StoreError.corrupt("window \(number) has an unknown status") }
        var w = WindowState(number: number, status: status)
        w.officer = row["officer"]
        w.ticket = (row["ticket_id"] as String?).map { TicketID($0) }
        w.pausedAt = (row["paused_at_ms"] as Int64?).map(Date.init(millis:))
        w.pauseReason = row["pause_reason"]
        w.since = (row["since_ms"] as Int64?).map(Date.init(millis:))
        return w
    }
}
