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
        let r = StoredRow(row, table: "appointments", key: "id")
        var a = Appointment(
            id: AppointmentID(try r.text("id")), code: try r.text("code"), secret: try r.text("secret"), service: try r.text("service"),
            day: try r.text("day"), startMinute: try r.int("start_minute"), endMinute: try r.int("end_minute"),
            startsAt: try r.instant("starts_at_ms"),
            endsAt: try r.instant("ends_at_ms"), phone: try r.optionalText("phone"), idNumber: try r.optionalText("id_number"),
            bookedAt: try r.instant("booked_at_ms"), status: try r.name("status", as: AppointmentStatus.self))
        a.finishedAt = try r.optionalInstant("finished_at_ms")
        a.ticket = try r.optionalText("ticket_id").map { TicketID($0) }
        a.ticketNumber = try r.optionalText("ticket_number")
        return a
    }
}
