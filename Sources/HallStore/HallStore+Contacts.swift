import Foundation
import GRDB
import HallCore

extension HallStore {
    /// Forgets the phone and ID numbers of tickets and bookings of hall days before `day`: they serve the real-name
    /// check and the check-in of the visit and nothing after it. Returns how many tickets and bookings held one.
    @discardableResult
    public func clearContacts(before day: String) throws -> Int {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE tickets SET phone = NULL, id_number = NULL WHERE id IN (\(Queries.contactsBefore))", arguments: [day])
            let tickets = db.changesCount
            try db.execute(
                sql: "UPDATE appointments SET phone = NULL, id_number = NULL WHERE id IN (\(Queries.appointmentContactsBefore))", arguments: [day])
            return tickets + db.changesCount
        }
    }
}
