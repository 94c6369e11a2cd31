import Foundation
import HallCore
import Testing

@Suite struct RatingTests {
    @Test func onlyAFinishedTicketWithAScoreOfOneToFiveCanBeRated() throws {
        var t = TestHall()
        try t.openAll()
        let waiting = try t.issue("A")
        #expect(throws: RatingError.notFinished(waiting.number)) { try Rating(ticket: waiting, score: 5, reason: nil, source: "phone", now: t.now) }
        var done = waiting
        done.status = .done
        done.window = 1
        done.officer = "officer1"
        for bad in [0, 6, -1] {
            #expect(throws: RatingError.invalidScore(bad)) { try Rating(ticket: done, score: bad, reason: nil, source: "pad", now: t.now) }
        }
        #expect(throws: RatingError.reasonTooLong(200)) {
            try Rating(ticket: done, score: 1, reason: String(repeating: "慢", count: 201), source: "pad", now: t.now)
        }
        let rating = try Rating(ticket: done, score: 2, reason: "  等太久  ", source: "pad", now: t.now)
        #expect(rating.reason == "等太久")
        #expect(rating.window == 1)
        #expect(rating.officer == "officer1")
        #expect(try Rating(ticket: done, score: 4, reason: "   ", source: "pad", now: t.now).reason == nil)
    }
}
