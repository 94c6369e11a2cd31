import Foundation
import GRDB
import HallCore

extension HallStore {
    /// Stores a rating, journals `rating.given` (with its rollups) and, when it raises one, the alert with its
    /// notifications, in one transaction. Throws ``RatingError/alreadyRated`` when the ticket was rated before.
    public func record(
        _ rating: Rating, number: String, alert: AlertAction?, calendar: HallCalendar, messages: (AlertAction, Alert) -> [OutboxMessage]
    ) throws -> [JournaledEvent] {
        try pool.write { db in
            if try RatingRecord.exists(db, key: rating.ticketID.rawValue) { throw RatingError.alreadyRated(number) }
            try RatingRecord(rating).insert(db)
            var details = ["score": String(rating.score), "source": rating.source.rawValue, "number": number]
            if let reason = rating.reason { details["reason"] = reason }
            let row = try Self.insert(
                JournaledEvent(
                    seq: 0, kind: HallEventKind.ratingGiven.rawValue, at: rating.at, ticketID: rating.ticketID, service: rating.service,
                    window: rating.window, officer: rating.officer, details: details), db: db)
            try Self.addRollups([row], calendar: calendar, db: db)
            let alerts = try alert.map { try Self.commit([$0], now: rating.at, messages: messages, db: db) } ?? []
            return [row] + alerts.map(\.journal)
        }
    }

    /// The rating of a ticket, if it has one.
    public func rating(of ticket: TicketID) throws -> Rating? {
        try pool.read { db in try RatingRecord.fetchOne(db, key: ticket.rawValue)?.rating }
    }

    /// A day's ratings tallied per window (key 0 collects ratings without a window), dissatisfied at or below the threshold given.
    public func ratingsByWindow(day: String, dissatisfiedAtOrBelow: Int) throws -> [Int: RatingTally] {
        try pool.read { db in
            let scores = try Row.fetchAll(db, sql: "SELECT ticket_id, window, score FROM ratings WHERE day = ?", arguments: [day]).map { row in
                let reader = StoredRow(row, table: "ratings", key: "ticket_id")
                return (window: try reader.optionalInt("window"), score: try reader.int("score"))
            }
            return RatingTally.byWindow(scores, dissatisfiedAtOrBelow: dissatisfiedAtOrBelow)
        }
    }
}
