import Foundation
import HallCore
import Testing

@Suite struct WaitPlayoutTests {
    /// Window 1 serves A then B, window 2 B then A; A takes 8 minutes, B 4, the walk 1.
    @Test func theHallPlayedForwardCallsEachTicketWhenTheRealPolicyWould() throws {
        var t = TestHall()
        _ = try t.hall.open(window: 1, officer: "officer1", now: t.now)
        _ = try t.hall.open(window: 2, officer: "officer2", now: t.now)
        let a1 = try t.issue("A"), a2 = try t.issue("A"), b1 = try t.issue("B"), a3 = try t.issue("A")
        let estimator = WaitEstimator()
        func wait(_ ticket: Ticket) -> Double? {
            estimator.estimate(for: ticket, position: t.hall.position(of: ticket.id)!, hall: t.hall, now: t.now)
        }
        #expect(wait(a1) == 0)
        #expect(wait(b1) == 0, "window 2 calls its first service")
        #expect(wait(a2) == 300, "window 2 is free first (1 + 4 min) and serves A when no B waits")
        #expect(wait(a3) == 540, "then window 1 (1 + 8 min)")
        _ = try t.hall.close(window: 2, now: t.now)
        #expect(wait(a2) == 540 && wait(a3) == 1080 && wait(b1) == 1620, "with window 2 closed window 1 serves its A line, then B")
    }

    @Test func aTicketNoOpenWindowServesHasNoEstimate() throws {
        var t = TestHall()
        _ = try t.hall.open(window: 1, officer: "officer1", now: t.now)
        let c = try t.issue("C")
        #expect(WaitEstimator().estimate(for: c, position: 1, hall: t.hall, now: t.now) == nil)
    }

    @Test func onSimulatedDaysItBeatsTheNaiveEstimate() throws {
        let result = try EstimateEvaluation.run(config: smallHallConfig(), days: 8, seed: 3, endingBefore: beijing(12, day: 30))
        #expect(result.days >= 1 && result.ours.count > 100)
        #expect(result.ours.mean < result.naive.mean)
        #expect(result.ours.p90 < result.naive.p90)
    }
}
