import Foundation
import GRDB
import HallCore

/// Maps bookings to and from the `appointments` table.
enum AppointmentRows {
    static let columns = """
        id, code, secret, service, day, start_minute, end_minute, starts_at_ms, ends_at_ms, status, phone, id_number, booked_at_ms,
        finished_at_ms, ticket_id, ticket_number
        """

    /// Updates by id only: another booking with the same day and code is a constraint error, never a silent replace.
    static let upsertSQL = """
        INSERT INTO appointments(\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET status = excluded.status, finished_at_ms = excluded.finished_at_ms, ticket_id = excluded.ticket_id,
            ticket_number = excluded.ticket_number
        """

    static func upsert(_ a: Appointment, db: Database) throws {
        try db.cachedStatement(sql: upsertSQL)
            .execute(arguments: [
                a.id.rawValue, a.code, a.secret, a.service, a.day, a.startMinute, a.endMinute, a.startsAt.millis, a.endsAt.millis,
                a.status.rawValue, a.phone, a.idNumber, a.bookedAt.millis, a.finishedAt?.millis, a.ticket?.rawValue, a.ticketNumber,
            ])
    }

    static func appointment(_ row: Row) throws -> Appointment {
        let id: String = row["id"]
        guard let status = AppointmentStatus(rawValue: row["status"]) else { throw StoreError.corrupt("booking \(id) has an unknown status") }
        let (code, secret, service, day): (String, String, String, String) = (row["code"], row["secret"], row["service"], row["day"])
        let (start, end, startsAt, endsAt, bookedAt): (Int, Int, Int64, Int64, Int64) = (
            row["start_minute"], row["end_minute"], row["starts_at_ms"], row["ends_at_ms"], row["booked_at_ms"]
        )
        var a = Appointment(
            id: AppointmentID(id), code: code, secret: secret, service: service, day: day, startMinute: start, endMinute: end,
            startsAt: Date(millis: startsAt), endsAt: Date(millis: endsAt), phone: row["phone"], idNumber: row["id_number"],
            bookedAt: Date(millis: bookedAt), status: status)
        a.finishedAt = (row["finished_at_ms"] as Int64?).map(Date.init(millis:))
        a.ticket = (row["ticket_id"] as String?).map { TicketID($0) }
        a.ticketNumber = row["ticket_number"]
        return a
    }
}
