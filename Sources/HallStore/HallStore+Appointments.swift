import Foundation
import GRDB
import HallCore

extension JournaledEvent {
    /// The hall day of the slot a booking's row is about (nil for rows that are not about a booking's slot).
    public var slotDay: String? { BookingTally.counts(kind: kind) ? details["day"] : nil }
}

extension SlotRollup {
    /// Sums a batch of journal rows into per-(day, service, slot) rollups of bookings; rows about no booking are skipped.
    static func aggregate(_ events: [JournaledEvent]) -> [SlotRollup] {
        var byKey: [String: SlotRollup] = [:]
        for e in events where BookingTally.counts(kind: e.kind) {
            guard let service = e.service, let day = e.slotDay, let minute = e.details["slot"].flatMap(BookingSlot.minute) else { continue }
            let key = "\(day) \(service) \(minute)"
            byKey[key, default: SlotRollup(day: day, service: service, startMinute: minute)].tally.add(kind: e.kind)
        }
        return Array(byKey.values)
    }
}

extension Queries {
    static let slotColumns = ["booked", "cancelled", "checked_in", "late", "no_shows"]
    static let slotSums = slotColumns.map { "SUM(\($0)) AS \($0)" }.joined(separator: ", ")
    static let slotRollupUpsert = """
        INSERT INTO slot_rollups(day, service, start_minute, \(slotColumns.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(day, service, start_minute) DO UPDATE SET \(slotColumns.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", "))
        """
    static let slotsOfDays = "SELECT * FROM slot_rollups WHERE day >= ? AND day <= ? ORDER BY day, service, start_minute"

    /// Booking sums per key of `group` over the days `from … to` (nil for groups bookings have no part in).
    static func bookings(by group: StatisticsGroup) -> String? {
        let key: String
        switch group {
        case .day: key = "day"
        case .service: key = "service"
        case .slot: key = "service || ' ' || printf('%02d:%02d', start_minute / 60, start_minute % 60)"
        case .window, .officer: return nil
        }
        return "SELECT \(key) AS key, \(slotSums) FROM slot_rollups WHERE day >= ? AND day <= ? GROUP BY 1"
    }
}

extension HallStore {
    static func addSlotRollups(_ rollups: [SlotRollup], db: Database) throws {
        let statement = try db.cachedStatement(sql: Queries.slotRollupUpsert)
        for r in rollups {
            let t = r.tally
            try statement.execute(arguments: [r.day, r.service, r.startMinute, t.booked, t.cancelled, t.checkedIn, t.late, t.noShows])
        }
    }

    /// A booking by id, whatever its state or day.
    public func appointment(_ id: AppointmentID) throws -> Appointment? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM appointments WHERE id = ?", arguments: [id.rawValue]).map(AppointmentRows.appointment)
        }
    }

    /// Slot rollups of the hall days `from … to` (both included), in day, service and slot order.
    public func slotRollups(fromDay from: String, toDay to: String) throws -> [SlotRollup] {
        try pool.read { db in
            try Row.fetchAll(db, sql: Queries.slotsOfDays, arguments: [from, to]).map { row in
                let r = StoredRow(row, table: "slot_rollups", key: "day")
                return SlotRollup(
                    day: try r.text("day"), service: try r.text("service"), startMinute: try r.int("start_minute"), tally: try Self.bookingTally(row))
            }
        }
    }

    /// Booking sums for the statistics of the hall days `from … to`, per key of `group` (empty for windows and officers).
    public func bookingStatistics(fromDay from: String, toDay to: String, group: StatisticsGroup) throws -> [String: BookingTally] {
        guard let sql = Queries.bookings(by: group) else { return [:] }
        return try pool.read { db in
            var result: [String: BookingTally] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: [from, to]) {
                result[try StoredRow(row, table: "slot_rollups", key: "key").text("key")] = try Self.bookingTally(row)
            }
            return result
        }
    }

    static func bookingTally(_ row: Row) throws -> BookingTally {
        let r = StoredRow(row, table: "slot_rollups", key: row.hasColumn("key") ? "key" : "day")
        return BookingTally(
            booked: try r.int("booked"), cancelled: try r.int("cancelled"), checkedIn: try r.int("checked_in"), late: try r.int("late"),
            noShows: try r.int("no_shows"))
    }
}
