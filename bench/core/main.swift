// hallq-core-bench: the hall's domain alone (no HTTP, no database), timed with 300, 3,000 and 30,000 waiting.
//
//   swift build -c release --product hallq-core-bench && .build/release/hallq-core-bench [--config FILE] [--sizes 300,3000]
//   .build/release/hallq-core-bench estimates [--days 20]   the estimator's evaluation on fixed dates, at full precision
import Foundation
import HallConfigFile
import HallCore

var options: [String: String] = [:]
var mode = "time"
var arguments = CommandLine.arguments.dropFirst()
if let first = arguments.first, !first.hasPrefix("--") {
    mode = first
    arguments = arguments.dropFirst()
}
while let key = arguments.first, key.hasPrefix("--"), arguments.count >= 2 {
    options[String(key.dropFirst(2))] = arguments.dropFirst().first!
    arguments = arguments.dropFirst(2)
}
let config = try HallConfig.load(path: options["config"] ?? "config/demo-hall.toml")

/// `hour` o'clock on 2026-11-`day` (the 23rd is a Monday) in the hall's time zone, so every run measures the same hall days.
func monday(_ hour: Int, day: Int = 23) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = config.timeZone
    return calendar.date(from: DateComponents(year: 2026, month: 11, day: day, hour: hour))!
}

/// Nanoseconds on a monotonic clock.
func ticks() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// A busy hall at 11:00: every window open and holding a ticket (half of them in service), `waiting` tickets issued
/// over the last two hours across the services (one in ten green or appointment), a few sent to a named window.
func busyHall(waiting: Int) throws -> (Hall, Date) {
    var hall = Hall(config: config)
    var random = SplitMix64(seed: 42)
    let now = monday(11)
    let opened = now - 2 * 3600
    for window in config.windows { _ = try hall.open(window: window.number, officer: "officer\(window.number)", now: opened) }
    let services = config.services.map(\.code)
    let total = waiting + 2 * config.windows.count
    for i in 0..<total {
        let roll = random.next() % 20
        let priority: Priority = roll == 0 ? .green : roll == 1 ? .appointment : .normal
        let service = services[Int(random.next() % UInt64(services.count))]
        let at = opened + Double(i) * 7200 / Double(total)
        _ = try hall.issue(TicketRequest(service: service, priority: priority), now: at, random: &random)
    }
    for (i, window) in config.windows.enumerated() {
        guard let ticket = try hall.callNext(window: window.number, now: now - 300).0 else { continue }
        if i % 4 == 0, config.windows.count > 1 {
            _ = try hall.transfer(window: window.number, to: .window(config.windows[(i + 1) % config.windows.count].number), now: now - 200)
            _ = try hall.callNext(window: window.number, now: now - 200)
        }
        if i % 2 == 0, hall.ticket(atWindow: window.number)?.status == .called { _ = try hall.start(window: window.number, now: now - 120) }
        _ = ticket
    }
    return (hall, now)
}

/// Mean microseconds of `body` over `runs` runs (at least one).
func micros(_ runs: Int, _ body: (Int) throws -> Void) rethrows -> Double {
    let start = ticks()
    for i in 0..<runs { try body(i) }
    return Double(ticks() - start) / 1000 / Double(runs)
}

func format(_ us: Double) -> String {
    us >= 10_000 ? String(format: "%.0f ms", us / 1000) : us >= 1000 ? String(format: "%.1f ms", us / 1000) : String(format: "%.1f µs", us)
}

switch mode {
case "estimates":
    // The same evaluation as `hallqd evaluate-estimates` (which ends at today's date), on the days ending 2026-11-25.
    let days = Int(options["days"] ?? "20") ?? 20
    let result = try EstimateEvaluation.run(config: config, days: days, seed: 1, endingBefore: monday(0, day: 26))
    print("\(result.days) days, \(result.ours.count) tickets")
    print(String(format: "ours  mean %.17g  p90 %.17g", result.ours.mean, result.ours.p90))
    print(String(format: "naive mean %.17g  p90 %.17g", result.naive.mean, result.naive.p90))
default:
    let sizes = (options["sizes"] ?? "300,3000,30000").split(separator: ",").compactMap { Int($0) }
    print("| waiting | call next | snapshot | forecast | calls played | estimate from it | newcomer from it |")
    print("|---|---|---|---|---|---|---|")
    for size in sizes {
        let (built, now) = try busyHall(waiting: size)
        var hall = built
        var random = SplitMix64(seed: 7)
        // One ticket taken and one called per round, so the line keeps its length.
        let windows = config.windows.map(\.number)
        let rounds = 2000
        var callTime: UInt64 = 0
        for i in 0..<rounds {
            let at = now + Double(i)
            _ = try hall.issue(TicketRequest(service: config.services[i % config.services.count].code), now: at, random: &random)
            let window = windows[i % windows.count]
            if let held = hall.ticket(atWindow: window) {
                if held.status == .called { _ = try hall.start(window: window, now: at) }
                _ = try hall.finish(window: window, now: at)
            }
            let start = ticks()
            _ = try hall.callNext(window: window, now: at)
            callTime += ticks() - start
        }
        let call = Double(callTime) / 1000 / Double(rounds)
        let snapshot = micros(2000) { _ in _ = built.snapshot(now: now) }
        let estimator = WaitEstimator()
        var forecast = estimator.forecast(of: built, now: now)
        let build = micros(50) { _ in forecast = estimator.forecast(of: built, now: now) }
        let waiting = built.waitingTickets.prefix(1000).map { ($0, built.position(of: $0.id)!) }
        let query = micros(waiting.count) { i in _ = forecast.secondsUntilCalled(waiting[i].0, position: waiting[i].1, now: now) }
        let services = config.services.map(\.code)
        let newcomer = micros(1000) { i in _ = forecast.newcomerSeconds(services[i % services.count], now: now) }
        print("| \(size) | \(format(call)) | \(format(snapshot)) | \(format(build)) | \(forecast.calls) | \(format(query)) | \(format(newcomer)) |")
    }
}
