import ArgumentParser
import Foundation
import HallConfigFile
import HallCore

/// `hallqd evaluate-estimates`: how far the wait estimates shown to taxpayers are from the waits they then had.
struct EvaluateEstimates: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-estimates",
        abstract: "Replay simulated days and compare HallQ's wait estimate with the naive one (ahead × mean service ÷ open windows).")

    @Option(help: "Hall configuration file.")
    var config = "config/demo-hall.toml"

    @Option(help: "How many calendar days to simulate.")
    var days = 20

    @Option(help: "Random seed; the same seed gives the same days.")
    var seed: UInt64 = 1

    @Option(help: "The hall day (YYYY-MM-DD) after the last simulated day; default today. The same seed and --until give the same days.")
    var until: String?

    @Option(help: "Share of taxpayers who come with a booking (made the evening before), 0 to 0.5.")
    var bookingShare = 0.04

    func validate() throws {
        guard days > 0 && days <= 2_000 else { throw ValidationError("--days must be between 1 and 2000") }
        if let until, !HallDays.isValid(until) { throw ValidationError("--until must be a date like 2026-11-26") }
        guard (0...0.5).contains(bookingShare) else { throw ValidationError("--booking-share must be between 0 and 0.5") }
    }

    func run() throws {
        let hall = try HallConfig.load(path: config)
        let end = until.flatMap { HallCalendar(timeZone: hall.timeZone).start(ofDay: $0) } ?? Date()
        let result = try EstimateEvaluation.run(config: hall, days: days, seed: seed, endingBefore: end, bookingShare: bookingShare)
        func minutes(_ s: Double) -> String { String(format: "%.1f min", s / 60) }
        print("\(result.days) simulated opening days, \(result.ours.count) tickets (seed \(seed))")
        print("| estimator | mean absolute error | 90th percentile error |")
        print("|---|---|---|")
        print("| HallQ (hall played forward, EWMA service times) | \(minutes(result.ours.mean)) | \(minutes(result.ours.p90)) |")
        print("| naive (ahead × mean service ÷ open windows) | \(minutes(result.naive.mean)) | \(minutes(result.naive.p90)) |")
    }
}
