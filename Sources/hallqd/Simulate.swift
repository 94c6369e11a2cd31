import ArgumentParser
import Foundation
import HallCore
import HallStore

/// `hallqd simulate`: write a realistic history through the real domain and store.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill a new database with simulated hall days (peaks, Mondays, the 15th), for demos, heatmaps and benchmarks.")

    @OptionGroup var files: HallFiles

    @Option(help: "How many calendar days to simulate, ending yesterday.")
    var days = 30

    @Option(help: "Random seed; the same seed gives the same history.")
    var seed: UInt64 = 1

    func validate() throws {
        guard days > 0 && days <= 20_000 else { throw ValidationError("--days must be between 1 and 20000") }
    }

    func run() throws {
        let config = try HallConfig.load(path: files.config)
        let store = try HallStore(path: files.db)
        guard try store.lastEventSeq() == 0 else {
            throw ValidationError("\(files.db) already holds a journal; simulate into a new database file")
        }
        let calendar = HallCalendar(timeZone: config.timeZone)
        let today = calendar.startOfDay(Date())
        var sim = HallSimulator(hall: Hall(config: config), random: SplitMix64(seed: seed))
        let started = Date()
        var tickets = 0
        var events = 0
        for offset in stride(from: days, through: 1, by: -1) {
            let day = calendar.adding(days: -offset, to: today) + 12 * 3600
            let dayEvents = try sim.simulateDay(day)
            guard !dayEvents.isEmpty else { continue }
            try store.append(dayEvents, hall: sim.hall)
            tickets += dayEvents.filter { $0.kind == .ticketIssued }.count
            events += dayEvents.count
        }
        let seconds = Date().timeIntervalSince(started)
        print("simulated \(days) days: \(tickets) tickets, \(events) events in \(String(format: "%.1f", seconds)) s → \(files.db)")
    }
}
