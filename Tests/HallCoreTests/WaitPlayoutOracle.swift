import Foundation
import Testing

@testable import HallCore

/// The test oracle for ``WaitForecast``: the playout estimates were made by before the forecast, kept as it was —
/// a copy of the hall, played with the hall's own actions one call at a time (each call scanning every waiting
/// ticket then), until the one ticket asked about is called. Far too slow for a real hall; exact by construction.
///
/// Plays the hall forward from now with the real calling policy and mean service times, to see when each waiting
/// ticket will be called.
///
/// Every open window finishes what it holds (a called ticket after the walk to the window plus a mean service time,
/// a ticket in service at its start plus the mean, or soon if it already overran), then calls as ``CallPolicy``
/// decides — its first service while anyone waits for it, green channel and fairness rules included — and so on
/// until the ticket asked about is called. No one new arrives in the playout and paused windows stay paused, so a
/// wait can only be longer when windows close or shorter when they open.
enum WaitPlayout {
    /// Seconds from `now` until `target` is called, or nil when no open window will call it.
    static func secondsUntilCalled(
        _ target: TicketID, in hall: Hall, now: Date, meanService: (String) -> Double, walkSeconds: Double
    ) -> Double? {
        var hall = hall
        guard hall.ticket(target)?.status.isWaiting == true else { return nil }
        var free: [Int: Date] = [:]
        for (number, window) in hall.windows where window.status == .open {
            guard let ticket = window.ticket.flatMap({ hall.ticket($0) }) else {
                free[number] = now
                continue
            }
            let mean = meanService(ticket.service)
            let expected: Date =
                if let started = ticket.startedAt { started + mean } else { (ticket.calledAt ?? now) + walkSeconds + mean }
            // A ticket already past its expected end is taken to need a little longer still.
            free[number] = max(expected, now + 0.25 * mean)
        }
        // One call per waiting ticket at most, plus one per window, bounds the loop.
        var budget = hall.waitingTickets.count + free.count + 1
        while budget > 0, let (number, at) = free.min(by: { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            budget -= 1
            if let held = hall.windows[number]?.ticket.flatMap({ hall.ticket($0) }) {
                if held.status == .called { _ = try? hall.start(window: number, now: at) }
                _ = try? hall.finish(window: number, now: at)
            }
            // The hall's own call, held to the policy as it was written before it read the ordered lines.
            let waitingBefore = hall.waitingTickets
            let expected = hall.config.window(number).flatMap {
                Reference.nextTicket(hall.config.policy, for: $0, waiting: waitingBefore, streaks: hall.priorityStreaks, now: at)
            }
            let streaksBefore = hall.priorityStreaks
            let outcome = try? hall.callNext(window: number, now: at)
            #expect(outcome?.0?.id == expected?.id, "the policy changed its choice at window \(number)")
            if let expected, expected.pinnedWindow == nil {
                let streak = Reference.streak(after: expected, previous: streaksBefore[expected.service, default: 0], waiting: waitingBefore)
                #expect(hall.priorityStreaks[expected.service, default: 0] == streak, "the streak rule changed")
            }
            guard let (called, _) = outcome, let ticket = called else {
                free[number] = nil
                continue
            }
            if ticket.id == target { return max(0, at.timeIntervalSince(now)) }
            free[number] = at + walkSeconds + meanService(ticket.service)
        }
        return nil
    }
}
