import Foundation
import GRDB
import HallCore

extension HallStore {
    /// A ticket by id, whatever its state.
    public func ticket(_ id: TicketID) throws -> Ticket? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM tickets WHERE id = ?", arguments: [id.rawValue]).map(TicketRows.ticket) }
    }

    /// All tickets issued on a hall day, in issue order.
    public func tickets(onDay day: String) throws -> [Ticket] {
        try pool.read { db in try Row.fetchAll(db, sql: Queries.ticketsOfDay, arguments: [day]).map(TicketRows.ticket) }
    }

    /// Tickets issued in `[from, to)`, in issue order.
    public func tickets(issuedFrom from: Date, to: Date) throws -> [Ticket] {
        try pool.read { db in
            try Row.fetchAll(db, sql: Queries.ticketsIssuedBetween, arguments: [from.millis, to.millis]).map(TicketRows.ticket)
        }
    }

    /// How SQLite would run each named query: `(name, plan lines)`.
    public func queryPlans() throws -> [(name: String, plan: String)] {
        try pool.read { db in
            try Queries.all.map { query in
                let args = StatementArguments(query.arguments.map { $0 as? (any DatabaseValueConvertible) })
                let rows = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query.sql, arguments: args)
                return (query.name, rows.map { $0["detail"] as String }.joined(separator: "\n"))
            }
        }
    }
}
