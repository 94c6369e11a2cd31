import Foundation
import GRDB
import HallCore

extension HallStore {
    /// Rebuilds the live hall from the current-state tables: tickets still in play, windows, counters, streaks, the
    /// bookings of today and later days, and how many of today's tickets asked for texts to each number. A day's
    /// counter is never below the highest number stored for that day, so numbering continues without reuse even if a
    /// counter row were stale.
    public func loadHall(config: HallConfig, now: Date) throws -> Hall {
        try pool.read { db in
            let tickets = try Row.fetchAll(db, sql: Queries.liveTickets).map(TicketRows.ticket)
            let windows = try Row.fetchAll(db, sql: "SELECT * FROM windows").map(WindowRows.window)
            var counters: [String: NumberCounter] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM counters") {
                let r = StoredRow(row, table: "counters", key: "service")
                counters[try r.text("service")] = NumberCounter(day: try r.text("day"), last: try r.int("last"))
            }
            let today = HallCalendar(timeZone: config.timeZone).day(of: now)
            for row in try Row.fetchAll(db, sql: Queries.maxSequenceOfDay, arguments: [today]) {
                let r = StoredRow(row, table: "tickets", key: "issued_service")
                let (service, last) = (try r.text("issued_service"), try r.int("last"))
                // A counter of a later day stays: the clock was stepped back, and numbering goes on from that day.
                if let counter = counters[service], counter.day > today || (counter.day == today && counter.last >= last) { continue }
                counters[service] = NumberCounter(day: today, last: last)
            }
            var streaks: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM streaks") {
                let r = StoredRow(row, table: "streaks", key: "service")
                streaks[try r.text("service")] = try r.int("count")
            }
            let appointments = try Row.fetchAll(db, sql: Queries.appointmentsFrom, arguments: [today]).map(AppointmentRows.appointment)
            var hall = Hall(
                config: config, tickets: tickets, windows: windows, counters: counters, priorityStreaks: streaks, appointments: appointments)
            let day = hall.numberingDay(at: now)
            var numbers: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: Queries.reminderNumbersOfDay, arguments: [day]) {
                let r = StoredRow(row, table: "tickets", key: "phone")
                numbers[try r.text("phone")] = try r.int("tickets")
            }
            hall.restoreReminderNumbers(numbers, day: day)
            return hall
        }
    }
}
