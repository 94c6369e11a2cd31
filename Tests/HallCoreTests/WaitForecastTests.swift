import Foundation
import Testing

@testable import HallCore

/// The forecast (one playout over cursors, answered in O(1)) against the playout it replaced (a copy of the hall
/// played with the hall's own actions until the one ticket asked about is called).
@Suite struct WaitForecastTests {
    /// What the estimate for a waiting ticket was before the forecast.
    func oldEstimate(_ ticket: Ticket, in hall: Hall, now: Date, _ estimator: WaitEstimator) -> Double? {
        let position = hall.position(of: ticket.id)!
        guard position <= estimator.playoutLimit else { return estimator.estimate(position: position, service: ticket.service, hall: hall) }
        return WaitPlayout.secondsUntilCalled(
            ticket.id, in: hall, now: now, meanService: { estimator.meanServiceSeconds($0, config: hall.config) }, walkSeconds: estimator.walkSeconds)
    }

    /// What a newcomer's estimate was: a normal ticket issued into a copy of the hall and played forward like a real one.
    func oldNewcomerEstimate(_ service: String, in hall: Hall, now: Date, _ estimator: WaitEstimator) throws -> Double? {
        var copy = hall
        var random = SplitMix64(seed: 1)
        let (ticket, _) = try copy.issue(TicketRequest(service: service), now: now, random: &random)
        return oldEstimate(ticket, in: copy, now: now, estimator)
    }

    @Test func onRandomHallsEveryTicketAndEveryNewcomerGetsTheSecondsThePlayoutGave() throws {
        var seen = (tickets: 0, pinned: 0, priority: 0, streaks: 0, serving: 0, paused: 0, beyond: 0, never: 0, newcomers: 0, tiedNewcomers: 0)
        for seed in 0..<400 as Range<UInt64> {
            let random = RandomHall(seed: seed)
            let (hall, now, estimator) = (random.hall, random.now, random.estimator)
            let forecast = estimator.forecast(of: hall, now: now)
            for ticket in hall.waitingTickets {
                let position = hall.position(of: ticket.id)!
                let expected = oldEstimate(ticket, in: hall, now: now, estimator)
                #expect(forecast.secondsUntilCalled(ticket, position: position, now: now) == expected, "seed \(seed), \(ticket.number)")
                #expect(estimator.estimate(for: ticket, position: position, hall: hall, now: now) == expected, "seed \(seed), \(ticket.number)")
                seen.tickets += 1
                if ticket.pinnedWindow != nil { seen.pinned += 1 }
                if ticket.priority.isPriority { seen.priority += 1 }
                if position > estimator.playoutLimit { seen.beyond += 1 }
                if expected == nil { seen.never += 1 }
            }
            for service in hall.config.services.map(\.code) {
                let expected = try oldNewcomerEstimate(service, in: hall, now: now, estimator)
                #expect(forecast.newcomerSeconds(service, now: now) == expected, "seed \(seed), newcomer to \(service)")
                if expected != nil { seen.newcomers += 1 }
                if hall.waitingTickets.contains(where: {
                    $0.service == service && $0.issuedAt == now && $0.pinnedWindow == nil && $0.priority == .normal
                }) {
                    seen.tiedNewcomers += 1
                }
            }
            if hall.priorityStreaks.values.contains(where: { $0 > 0 }) { seen.streaks += 1 }
            if hall.windows.values.contains(where: { $0.ticket.flatMap { hall.ticket($0) }?.status == .serving }) { seen.serving += 1 }
            if hall.windows.values.contains(where: { $0.status == .paused }) { seen.paused += 1 }
        }
        // The halls really are varied: every rule and every way of answering is exercised.
        #expect(seen.tickets > 3000 && seen.pinned > 20 && seen.priority > 500 && seen.beyond > 100 && seen.never > 50, "\(seen)")
        #expect(seen.streaks > 20 && seen.serving > 30 && seen.paused > 20 && seen.newcomers > 300 && seen.tiedNewcomers > 10, "\(seen)")
    }

    /// Window 1 serves A then B; every A ticket was issued before every B ticket, so B waits until A is empty.
    @Test func whenALongFirstLineStarvesALaterOneTheBudgetEndsThePlayoutAndTheLineRateAnswers() throws {
        let config = HallConfig(
            name: LocalizedName(zh: "饥饿", en: "Starved"), timeZoneIdentifier: "Asia/Shanghai",
            hours: OpeningHours(days: [:]),
            services: [
                Service(code: "A", name: LocalizedName(zh: "A", en: "A"), typicalMinutes: 5),
                Service(code: "B", name: LocalizedName(zh: "B", en: "B"), typicalMinutes: 5),
            ],
            windows: [WindowConfig(number: 1, name: LocalizedName(zh: "1", en: "1"), services: ["A", "B"])],
            policy: CallPolicySettings(fairnessMinutes: 10_000))
        var t = TestHall(config: config)
        try t.openAll()
        for _ in 0..<30 { try t.issue("A") }
        let b = try t.issue("B")
        var estimator = WaitEstimator()
        let exact = try #require(oldEstimate(b, in: t.hall, now: t.now, estimator))
        #expect(close(exact, 30 * (60 + 300)), "called after the thirty A tickets")
        #expect(estimator.forecast(of: t.hall, now: t.now).secondsUntilCalled(b, position: 1, now: t.now) == exact)
        #expect(close(estimator.forecast(of: t.hall, now: t.now).newcomerSeconds("B", now: t.now), 31 * 360))

        estimator.playoutCallBudget = 10
        let forecast = estimator.forecast(of: t.hall, now: t.now)
        let formula = try #require(estimator.estimate(position: 1, service: "B", hall: t.hall))
        #expect(forecast.secondsUntilCalled(b, position: 1, now: t.now) == formula)
        #expect(forecast.newcomerSeconds("B", now: t.now) == estimator.estimate(position: 2, service: "B", hall: t.hall))
        let a = t.hall.waitingTickets.filter { $0.service == "A" }.sorted(by: CallPolicy.lineOrder)
        #expect(close(forecast.secondsUntilCalled(a[9], position: 10, now: t.now), 9 * 360), "the tenth call is within the budget")
        #expect(forecast.secondsUntilCalled(a[10], position: 11, now: t.now) == estimator.estimate(position: 11, service: "A", hall: t.hall))
    }

    /// Equal to a millionth of a second (times are sums of dates, so not always to the last bit).
    func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-6 } ?? false }

    @Test func laterAnswersCountDownToTheSameCallTime() throws {
        var t = TestHall()
        try t.openAll()
        let a1 = try t.issue("A"), a2 = try t.issue("A"), a3 = try t.issue("A")
        let forecast = WaitEstimator().forecast(of: t.hall, now: t.now)
        #expect(close(forecast.secondsUntilCalled(a3, position: 3, now: t.now), 540))
        #expect(close(forecast.secondsUntilCalled(a3, position: 3, now: t.now + 40), 500))
        #expect(forecast.secondsUntilCalled(a1, position: 1, now: t.now + 40) == 0, "never below zero")
        #expect(forecast.secondsUntilCalled(a2, position: 2, now: t.now) == 0, "window 2 serves A when no B waits")
        #expect(forecast.revision == t.hall.revision && forecast.at == t.now)
    }
}
