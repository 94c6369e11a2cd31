import ArgumentParser
import Foundation
import HallConfigFile
import HallCore
import HallStore
import Locking

/// `hallqd simulate`: write a realistic history through the real domain and store.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill a new database with simulated hall days (peaks, Mondays, the 15th), for demos, heatmaps and benchmarks.")

    @OptionGroup var files: HallFiles

    @Option(help: "How many calendar days to simulate, ending yesterday (or the day before --until).")
    var days = 30

    @Option(help: "The hall day (YYYY-MM-DD) after the last simulated day; default today.")
    var until: String?

    @Option(help: "Random seed; the same seed gives the same history.")
    var seed: UInt64 = 1

    @Option(help: "Share of taxpayers who come with a booking (made the evening before), 0 to 0.5.")
    var bookingShare = 0.04

    func validate() throws {
        guard days > 0 && days <= 20_000 else { throw ValidationError("--days must be between 1 and 20000") }
        if let until, !HallDays.isValid(until) { throw ValidationError("--until must be a date like 2026-11-24") }
        guard (0...0.5).contains(bookingShare) else { throw ValidationError("--booking-share must be between 0 and 0.5") }
    }

    func run() throws {
        let config = try HallConfig.load(path: files.config)
        let store = try HallStore(path: files.db)
        guard try store.lastEventSeq() == 0 else {
            throw ValidationError("\(files.db) already holds a journal; simulate into a new database file")
        }
        // A simulated history can always be made again: do not wait for the disk at every day's commit.
        try store.beginBulkLoad()
        let calendar = HallCalendar(timeZone: config.timeZone)
        let today = until.flatMap { calendar.start(ofDay: $0) } ?? calendar.startOfDay(Date())
        var sim = HallSimulator(hall: Hall(config: config), random: SplitMix64(seed: seed))
        sim.model.bookingShare = bookingShare
        let started = Date()
        var tickets = 0
        var events = 0
        var bookings = 0
        // Simulate the next day while the last one is stored: the two halves take about as long as each other.
        let storing = DispatchQueue(label: "hallqd.simulate.store")
        let inFlight = DispatchSemaphore(value: 2)
        // The first error a background store met, for this thread to throw.
        let failure = Locked<(any Error)?>(nil)
        for offset in stride(from: days, through: 1, by: -1) {
            let day = calendar.adding(days: -offset, to: today) + 12 * 3600
            let dayEvents = try sim.simulateDay(day)
            guard !dayEvents.isEmpty else { continue }
            tickets += dayEvents.filter { $0.kind == .ticketIssued }.count
            bookings += dayEvents.filter { $0.kind == .appointmentBooked }.count
            events += dayEvents.count
            let hall = sim.hall
            inFlight.wait()
            if let error = failure.read({ $0 }) { throw error }
            storing.async {
                defer { inFlight.signal() }
                do { try store.append(dayEvents, hall: hall) } catch { failure.withLock { if $0 == nil { $0 = error } } }
            }
        }
        storing.sync {}
        if let error = failure.read({ $0 }) { throw error }
        // As the daemon does when a day is over: the simulated bookings' phone numbers go.
        try store.clearContacts(before: calendar.day(of: today))
        store.checkpoint()
        let seconds = Date().timeIntervalSince(started)
        print(
            "simulated \(days) days: \(tickets) tickets, \(bookings) bookings, \(events) events in \(String(format: "%.1f", seconds)) s → \(files.db)"
        )
    }
}
