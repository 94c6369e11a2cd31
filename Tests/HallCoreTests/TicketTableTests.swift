import Foundation
import Testing

@testable import HallCore

/// The ordered lines behind places in line agree with the calling policy's order through any mix of actions.
@Suite struct TicketTableTests {
    /// Place in line the slow way: count the waiting tickets that the policy puts ahead.
    func bruteForcePosition(_ ticket: Ticket, in hall: Hall) -> Int {
        let ahead = hall.waitingTickets.filter { other in
            guard other.id != ticket.id else { return false }
            if let pinned = ticket.pinnedWindow { return other.pinnedWindow == pinned && CallPolicy.issuedEarlier(other, ticket) }
            return other.pinnedWindow == nil && other.service == ticket.service && CallPolicy.lineOrder(other, ticket)
        }
        return ahead.count + 1
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func placesInLineMatchThePolicyThroughRandomActions(seed: UInt64) throws {
        var t = TestHall()
        var dice = SplitMix64(seed: seed)
        try t.openAll()
        for step in 0..<400 {
            t.advance(minutes: Double(dice.next() % 3))
            let window = Int(dice.next() % 3) + 1
            switch dice.next() % 10 {
            case 0...4:
                let service = ["A", "B", "C"][Int(dice.next() % 3)]
                let priority: Priority = dice.next() % 5 == 0 ? .green : dice.next() % 7 == 0 ? .appointment : .normal
                try t.issue(service, priority)
            case 5, 6:
                if t.hall.ticket(atWindow: window) == nil { _ = try t.hall.callNext(window: window, now: t.now) } else { _ = try t.serveHeld(window) }
            case 7:
                if t.hall.ticket(atWindow: window)?.status == .called {
                    let target: TransferTarget = dice.next() % 2 == 0 ? .service(["A", "B", "C"][Int(dice.next() % 3)]) : .window(Int(dice.next() % 3) + 1)
                    _ = try? t.hall.transfer(window: window, to: target, now: t.now)
                }
            default:
                if let victim = t.hall.waitingTickets.min(by: { $0.id.rawValue < $1.id.rawValue }) {
                    _ = try t.hall.cancel(victim.id, secret: victim.secret, now: t.now)
                }
            }
            for ticket in t.hall.waitingTickets {
                #expect(t.hall.position(of: ticket.id) == bruteForcePosition(ticket, in: t.hall), "step \(step), \(ticket.number)")
            }
        }
    }
}

extension TestHall {
    /// Starts and finishes whatever `window` holds.
    mutating func serveHeld(_ window: Int) throws -> [HallEvent] {
        if hall.ticket(atWindow: window)?.status == .called { _ = try hall.start(window: window, now: now) }
        return try hall.finish(window: window, now: now)
    }
}
