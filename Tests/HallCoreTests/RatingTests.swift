import Foundation
import HallCore
import Testing

@Suite struct RatingTests {
    @Test func onlyAFinishedTicketWithAScoreOfOneToFiveCanBeRated() throws {
        var t = TestHall()
        try t.openAll()
        let waiting = try t.issue("A")
        #expect(throws: RatingError.notFinished(waiting.number)) { try Rating(ticket: waiting, score: 5, reason: nil, source: .phone, now: t.now) }
        var done = waiting
        done.status = .done
        done.window = 1
        done.officer = "officer1"
        for bad in [0, 6, -1] {
            #expect(throws: RatingError.invalidScore(bad)) { try Rating(ticket: done, score: bad, reason: nil, source: .pad, now: t.now) }
        }
        #expect(throws: RatingError.reasonTooLong(200)) {
            try Rating(ticket: done, score: 1, reason: String(repeating: "慢", count: 201), source: .pad, now: t.now)
        }
        let rating = try Rating(ticket: done, score: 2, reason: "  等太久  ", source: .pad, now: t.now)
        #expect(rating.reason == "等太久")
        #expect(rating.window == 1)
        #expect(rating.officer == "officer1")
        #expect(try Rating(ticket: done, score: 4, reason: "   ", source: .pad, now: t.now).reason == nil)
    }

    @Test func aPadRatesOnlyItsWindowsTicketsAndOnlyForItsMinutes() throws {
        let finished = beijing(10)
        var done = Ticket(
            id: TicketID("t1"), number: "A001", service: "A", priority: .normal, day: "2026-11-23", sequence: 1, issuedAt: finished - 900, secret: "s"
        )
        done.status = .done
        done.window = 3
        done.finishedAt = finished
        try Rating.checkPad(ofWindow: 3, mayRate: done, now: finished)
        try Rating.checkPad(ofWindow: 3, mayRate: done, now: finished + Rating.padWindowSeconds)
        #expect(throws: RatingError.padTooLate(number: "A001", minutes: 10)) {
            try Rating.checkPad(ofWindow: 3, mayRate: done, now: finished + Rating.padWindowSeconds + 1)
        }
        #expect(throws: RatingError.notThisWindow(padWindow: 4, number: "A001")) { try Rating.checkPad(ofWindow: 4, mayRate: done, now: finished) }
        var walkedAway = done
        walkedAway.window = nil
        #expect(throws: RatingError.notThisWindow(padWindow: 3, number: "A001"), "a ticket no window served is no pad's") {
            try Rating.checkPad(ofWindow: 3, mayRate: walkedAway, now: finished)
        }
    }

    @Test func dissatisfiedIsAtOrBelowTheThresholdInForce() {
        #expect(RatingScale.scores.filter { RatingScale.isDissatisfied($0) } == [1, 2], "the statistics' fixed line")
        #expect(RatingScale.scores.filter { RatingScale.isDissatisfied($0, atOrBelow: 3) } == [1, 2, 3])
        #expect(RatingScale.scores.filter { RatingScale.isDissatisfied($0, atOrBelow: 0) }.isEmpty, "0: no rating alerts")
        #expect(AlertThresholds().dissatisfiedAtOrBelow == RatingScale.dissatisfiedAtOrBelow)
        var tally = Tally()
        for score in [1, 2, 3] { tally.add(kind: "rating.given", details: ["score": String(score)]) }
        #expect(tally.dissatisfied == 2)
        let byWindow = RatingTally.byWindow([(1, 3), (1, 5), (nil, 1), (2, 4)], dissatisfiedAtOrBelow: 3)
        #expect(byWindow[1]?.count == 2 && byWindow[1]?.dissatisfied == 1 && byWindow[1]?.mean == 4)
        #expect(byWindow[0]?.count == 1 && byWindow[0]?.dissatisfied == 1, "ratings without a window are kept under 0")
        let all = byWindow.values.reduce(RatingTally(), +)
        #expect(all.count == 4 && all.sum == 13 && all.dissatisfied == 2)
    }
}
