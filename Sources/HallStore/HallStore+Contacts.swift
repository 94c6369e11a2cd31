import Foundation
import GRDB
import HallCore

extension HallStore {
    /// Forgets the phone and ID numbers of tickets and bookings of hall days before `day`, and whether tickets asked
    /// for reminders: they serve the real-name check, the check-in and the visit and nothing after it. Reminder texts
    /// of those days lose their number too (an SMS's recipient, a webhook body naming it); one still pending is given
    /// up, as it would be sent on the wrong day. Returns how many tickets and bookings held a number.
    @discardableResult
    public func clearContacts(before day: String) throws -> Int {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE tickets SET phone = NULL, id_number = NULL, remind = 0 WHERE id IN (\(Queries.contactsBefore))", arguments: [day])
            let tickets = db.changesCount
            try db.execute(
                sql: "UPDATE appointments SET phone = NULL, id_number = NULL WHERE id IN (\(Queries.appointmentContactsBefore))", arguments: [day])
            let bookings = db.changesCount
            try db.execute(
                sql: """
                    UPDATE outbox SET target = CASE channel WHEN 'sms' THEN '' ELSE target END, payload = '',
                        state = CASE state WHEN 'pending' THEN 'dead' ELSE state END,
                        last_error = CASE state WHEN 'pending' THEN 'the hall day is over' ELSE last_error END
                    WHERE id IN (\(Queries.remindersBefore))
                    """, arguments: [day])
            return tickets + bookings
        }
    }
}
