import Foundation
import HallConfigFile
import HallCore
import HallStore
import Testing

@testable import HallDaemon

/// The daemon's estimates come from one forecast per state of the hall, and are the seconds the playout gives.
@Suite struct WaitEstimatorServiceTests {
    /// A clock the test moves.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var time: Date
        init(_ time: Date) { self.time = time }
        var now: Date {
            get { lock.withLock { time } }
            set { lock.withLock { time = newValue } }
        }
    }

    /// The demo hall at 10:00 on a Monday: every window open, 400 waiting (some green, two sent to a named window).
    func busyHall(at now: Date) throws -> Hall {
        var hall = Hall(config: try HallConfig.load(path: HallTestingPaths.demoConfig))
        var random = SplitMix64(seed: 5)
        for w in hall.config.windows { _ = try hall.open(window: w.number, officer: "officer\(w.number)", now: now - 3600) }
        let codes = hall.config.services.map(\.code)
        for i in 0..<400 {
            let request = TicketRequest(service: codes[i % codes.count], priority: i % 11 == 0 ? .green : .normal)
            _ = try hall.issue(request, now: now - 3600 + Double(i) * 9, random: &random)
        }
        for w in hall.config.windows { _ = try hall.callNext(window: w.number, now: now - 600) }
        _ = try hall.transfer(window: 1, to: .window(2), now: now - 300)
        _ = try hall.start(window: 3, now: now - 500)
        return hall
    }

    func withService(_ body: (WaitEstimatorService, Clock) throws -> Void) throws {
        let directory = NSTemporaryDirectory() + "hallq-estimates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = Clock(Date(timeIntervalSince1970: 1_795_485_600))  // 2026-11-24 10:00 Beijing
        let service = WaitEstimatorService(
            store: try HallStore(path: directory + "/hall.sqlite"), calendar: HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!),
            clock: { clock.now })
        try body(service, clock)
    }

    @Test func everyEstimateIsTheSecondsOfThePlayoutRounded() throws {
        try withService { service, clock in
            let hall = try busyHall(at: clock.now)
            let estimator = WaitEstimator()
            var pinned = 0
            for ticket in hall.waitingTickets {
                let position = try #require(hall.position(of: ticket.id))
                let expected: Int? =
                    if let window = ticket.pinnedWindow {
                        hall.windows[window]?.status == .open
                            ? Int((Double(position - 1) * estimator.meanServiceSeconds(ticket.service, config: hall.config)).rounded()) : nil
                    } else {
                        estimator.estimate(for: ticket, position: position, hall: hall, now: clock.now).map { Int($0.rounded()) }
                    }
                #expect(service.estimate(for: ticket, in: hall) == expected, "\(ticket.number) at \(position)")
                if ticket.pinnedWindow != nil { pinned += 1 }
            }
            #expect(pinned == 1)
            for line in hall.snapshot(now: clock.now).services {
                var copy = hall
                var random = SplitMix64(seed: 1)
                let newcomer = try copy.issue(TicketRequest(service: line.code), now: clock.now, random: &random).0
                let place = try #require(copy.position(of: newcomer.id))
                let expected = estimator.estimate(for: newcomer, position: place, hall: copy, now: clock.now).map { Int($0.rounded()) }
                #expect(service.estimate(position: line.waiting + 1, service: line.code, hall: hall) == expected, "newcomer to \(line.code)")
                #expect(expected != nil)
            }
            #expect(service.estimate(position: 3, service: "Z", hall: hall) == nil, "an unknown service")
        }
    }

    @Test func theForecastIsKeptUntilTheHallChangesTheMeansChangeOrItAges() throws {
        try withService { service, clock in
            var hall = try busyHall(at: clock.now)
            var random = SplitMix64(seed: 99)
            let first = service.forecast(of: hall).0
            clock.now += 1
            #expect(service.forecast(of: hall).0.at == first.at, "the same hall a second later: kept")

            let older = hall
            let issued = try hall.issue(TicketRequest(service: "A"), now: clock.now, random: &random).1
            let changed = service.forecast(of: hall).0
            #expect(changed.at != first.at && changed.revision == hall.revision, "a changed hall: made again")
            clock.now += 1
            #expect(service.forecast(of: older).0.revision == older.revision, "an older copy gets its own forecast")
            clock.now += 1
            #expect(service.forecast(of: hall).0.at == changed.at, "…without pushing out the newer hall's")

            service.record(issued)
            clock.now += 1
            #expect(service.forecast(of: hall).0.at == changed.at, "events that teach the estimator nothing: kept")
            var elsewhere = hall
            service.record(try elsewhere.finish(window: 3, now: clock.now))
            let relearned = service.forecast(of: hall).0
            #expect(relearned.at != changed.at, "a finished ticket changes its service's mean: made again")

            clock.now += WaitEstimatorService.forecastLifetime - 1
            #expect(service.forecast(of: hall).0.at == relearned.at)
            clock.now += 1
            #expect(service.forecast(of: hall).0.at != relearned.at, "too old: made again")
        }
    }
}
