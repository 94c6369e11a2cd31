import Foundation
import GRDB
import HallCore

/// A ``Rating`` as a row of `ratings` (one per ticket).
struct RatingRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "ratings"
    var rating: Rating

    init(_ rating: Rating) { self.rating = rating }

    init(row: Row) throws {
        let r = StoredRow(row, table: Self.databaseTableName, key: "ticket_id")
        rating = Rating(
            ticketID: TicketID(try r.text("ticket_id")), day: try r.text("day"), service: try r.text("service"), window: try r.optionalInt("window"),
            officer: try r.optionalText("officer"), score: try r.int("score"), reason: try r.optionalText("reason"),
            source: try r.name("source", as: RatingSource.self), at: try r.instant("at_ms"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["ticket_id"] = rating.ticketID.rawValue
        container["day"] = rating.day
        container["service"] = rating.service
        container["window"] = rating.window
        container["officer"] = rating.officer
        container["score"] = rating.score
        container["reason"] = rating.reason
        container["source"] = rating.source.rawValue
        container["at_ms"] = rating.at.millis
    }
}
