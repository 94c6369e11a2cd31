import Foundation
import HallCore
import HallStore
import Testing

@testable import HallDaemon

/// When a pad's rating counts: at the window that served the ticket, within the pad's minutes after the end.
@Suite struct PadRatingRuleTests {
    let finished = Date(timeIntervalSince1970: 1_795_482_000)

    func ticket(servedAt window: Int) -> Ticket {
        var ticket = Ticket(
            id: TicketID("t1"), number: "A001", service: "A", priority: .normal, day: "2026-11-24", sequence: 1, issuedAt: finished - 900,
            secret: "s")
        ticket.status = .done
        ticket.window = window
        ticket.finishedAt = finished
        return ticket
    }

    func pad(of window: Int) -> StoredPad {
        StoredPad(id: 1, window: window, label: nil, pairedBy: "officer1", pairedAt: finished - 86_400, lastUsedAt: nil)
    }

    func refusal(_ body: () throws -> RatingSource) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as APIError {
            return "\(error.status.code) \(error.code)"
        } catch {
            return "\(error)"
        }
    }

    @Test func aPadRatesItsWindowsTicketsUntilItsMinutesAreUp() throws {
        let body = RatingRequest(score: 5, reason: nil, secret: nil, window: nil)
        let lastMoment = finished + Rating.padWindowSeconds
        #expect(try HallAPI.ratingSource(body, pad: pad(of: 1), ticket: ticket(servedAt: 1), now: lastMoment) == .pad)
        #expect(refusal { try HallAPI.ratingSource(body, pad: pad(of: 1), ticket: ticket(servedAt: 1), now: lastMoment + 1) } == "403 rating_expired")
        #expect(refusal { try HallAPI.ratingSource(body, pad: pad(of: 2), ticket: ticket(servedAt: 1), now: finished) } == "403 not_this_window")
        let forged = RatingRequest(score: 1, reason: nil, secret: nil, window: 1)
        #expect(refusal { try HallAPI.ratingSource(forged, pad: nil, ticket: ticket(servedAt: 1), now: finished) } == "401 pad_not_paired")
    }
}
