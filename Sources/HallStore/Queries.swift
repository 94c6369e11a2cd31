import HallCore

/// The store's read queries, named so tests can check their plans use indexes.
public enum Queries {
    static let eventsAfter = "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?"
    static let eventsInRange = "SELECT * FROM events WHERE at_ms >= ? AND at_ms < ? AND seq > ? ORDER BY seq LIMIT ?"
    /// Tickets whose life is not over; the list reads as the `tickets_live` index's, so SQLite uses that index.
    static let liveTickets = "SELECT * FROM tickets WHERE status IN (\(TicketStatus.sqlList { !$0.isFinal }))"
    static let ticketsOfDay = "SELECT * FROM tickets WHERE day = ? ORDER BY issued_at_ms"
    static let ticketsIssuedBetween = "SELECT * FROM tickets WHERE issued_at_ms >= ? AND issued_at_ms < ? ORDER BY issued_at_ms"
    static let maxSequenceOfDay = "SELECT issued_service, MAX(sequence) AS last FROM tickets WHERE day = ? GROUP BY issued_service"
    static let contactsBefore = "SELECT id FROM tickets WHERE day < ? AND (phone IS NOT NULL OR id_number IS NOT NULL)"
    static let remindersOfDay = "SELECT ticket_id, reminder FROM outbox WHERE ticket_day = ?"
    /// A day's tickets that asked for reminder texts, per number (their phone is kept until the day is over).
    static let reminderNumbersOfDay =
        "SELECT phone, COUNT(*) AS tickets FROM tickets WHERE day = ? AND phone IS NOT NULL AND remind = 1 GROUP BY phone"
    /// Reminders of earlier days still holding a phone number (in an SMS's target, or a webhook body's recipients).
    static let remindersBefore = "SELECT id FROM outbox WHERE ticket_day < ? AND (target <> '' OR payload <> '')"
    static let appointmentsFrom = "SELECT * FROM appointments WHERE day >= ? ORDER BY day, start_minute"
    static let appointmentContactsBefore = "SELECT id FROM appointments WHERE day < ? AND (phone IS NOT NULL OR id_number IS NOT NULL)"

    /// Every named query with sample arguments, for `EXPLAIN QUERY PLAN` checks.
    public static let all: [(name: String, sql: String, arguments: [any Sendable])] =
        [
            ("eventsAfter", eventsAfter, [0, 10]),
            ("eventsInRange", eventsInRange, [0, 1, 0, 10]),
            ("liveTickets", liveTickets, []),
            ("ticketsOfDay", ticketsOfDay, ["2026-11-24"]),
            ("ticketsIssuedBetween", ticketsIssuedBetween, [0, 1]),
            ("maxSequenceOfDay", maxSequenceOfDay, ["2026-11-24"]),
            ("contactsBefore", contactsBefore, ["2026-11-24"]),
            ("remindersOfDay", remindersOfDay, ["2026-11-24"]),
            ("reminderNumbersOfDay", reminderNumbersOfDay, ["2026-11-24"]),
            ("remindersBefore", remindersBefore, ["2026-11-24"]),
            ("appointmentsFrom", appointmentsFrom, ["2026-11-24"]),
            ("appointmentContactsBefore", appointmentContactsBefore, ["2026-11-24"]),
        ] + history
}

extension TicketStatus {
    /// The statuses `included` picks, in declaration order, as an SQL list: `'waiting', 'called'`.
    static func sqlList(_ included: (TicketStatus) -> Bool) -> String {
        allCases.filter(included).map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }
}
