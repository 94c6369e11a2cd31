import Foundation
import Testing

@testable import HallCore

@Suite struct TallyTests {
    func tally(waitsInMinutes: [Double]) -> Tally {
        var t = Tally()
        for w in waitsInMinutes { t.add(kind: "ticket.called", details: ["wait": String(Int(w * 60))]) }
        return t
    }

    @Test func countsEachKindOfChangeOnce() {
        var t = Tally()
        t.add(kind: "ticket.issued", details: [:])
        t.add(kind: "ticket.called", details: ["wait": "299"])
        t.add(kind: "ticket.called", details: ["wait": "300"])
        t.add(kind: "ticket.recalled", details: [:])
        t.add(kind: "ticket.finished", details: ["service": "480"])
        t.add(kind: "ticket.noShow", details: [:])
        t.add(kind: "ticket.cancelled", details: [:])
        t.add(kind: "rating.given", details: ["score": "2"])
        t.add(kind: "rating.given", details: ["score": "5"])
        t.add(kind: "window.changed", details: [:])
        #expect(t.arrivals == 1 && t.calls == 2 && t.served == 1 && t.noShows == 1 && t.cancelled == 1)
        #expect(t.waitBuckets == [1, 1, 0, 0, 0, 0, 0, 0], "299 s is under 5 minutes, 300 s is not")
        #expect(t.meanWaitSeconds == 299.5 && t.meanServiceSeconds == 480)
        #expect(t.ratings == 2 && t.satisfactionMean == 3.5 && t.dissatisfiedShare == 0.5)
        #expect(t.noShowRate == 0.5)
        #expect(Tally().meanWaitSeconds == nil && Tally().waitQuantileSeconds(0.9) == nil && Tally().noShowRate == nil)
    }

    @Test func ninetiethPercentileIsInterpolatedWithinItsBucket() throws {
        // 10 waits: 8 under 5 minutes, 2 in [10, 15). Rank 9 is the first of the two in [10, 15): halfway across it.
        let t = tally(waitsInMinutes: [1, 1, 2, 2, 3, 3, 4, 4, 11, 14])
        #expect(try #require(t.waitQuantileSeconds(0.9)) == 12.5 * 60)
        // Rank 5 of 10 falls in the first bucket [0, 5) with 8 in it: 5/8 of the way.
        #expect(try #require(t.waitQuantileSeconds(0.5)) == 5.0 / 8 * 300)
        #expect(try #require(t.waitQuantileSeconds(1)) == 900)
    }

    @Test func aPercentileInTheOpenLastBucketIsItsFloor() {
        let t = tally(waitsInMinutes: [70, 80, 95])
        #expect(t.waitQuantileSeconds(0.9) == 3600)
        #expect(tally(waitsInMinutes: [1, 70]).waitQuantileSeconds(0.5) == 300, "rank 1 is the whole first bucket")
    }

    @Test func shareWithinTargetIsExactOnABucketEdgeAndInterpolatedBetween() {
        let t = tally(waitsInMinutes: [2, 8, 12, 18, 25, 70])
        #expect(t.shareWaitedWithin(seconds: 20 * 60) == 4.0 / 6)
        #expect(t.shareWaitedWithin(seconds: 25 * 60) == 4.5 / 6, "half of [20, 30)")
        #expect(t.shareWaitedWithin(seconds: 0) == 0)
        #expect(t.shareWaitedWithin(seconds: 10 * 3600) == 5.0 / 6, "the open last bucket is never known to be within")
    }

    @Test func talliesAddUp() {
        let a = tally(waitsInMinutes: [1, 12])
        var b = tally(waitsInMinutes: [40])
        b.add(kind: "ticket.issued", details: [:])
        let sum = a + b
        #expect(sum.calls == 3 && sum.arrivals == 1 && sum.waitBuckets == [1, 0, 1, 0, 0, 1, 0, 0])
        #expect(abs(sum.waitSum - 53 * 60) < 0.001)
    }
}
