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
                if t.hall.ticket(atWindow: window) == nil {
                    // The call reads the heads of the ordered lines; it must pick what the policy's old text picks from every ticket.
                    let expected = Reference.nextTicket(
                        t.hall.config.policy, for: t.hall.config.window(window)!, waiting: t.hall.waitingTickets, streaks: t.hall.priorityStreaks,
                        now: t.now)
                    #expect(try t.hall.callNext(window: window, now: t.now).0?.id == expected?.id, "step \(step)")
                } else {
                    _ = try t.serveHeld(window)
                }
            case 7:
                if t.hall.ticket(atWindow: window)?.status == .called {
                    let target: TransferTarget =
                        dice.next() % 2 == 0 ? .service(["A", "B", "C"][Int(dice.next() % 3)]) : .window(Int(dice.next() % 3) + 1)
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
            expectLinesAgree(t.hall, now: t.now, "step \(step)")
        }
    }

    /// The snapshot and the counts read from the ordered lines are what grouping every waiting ticket gives.
    func expectLinesAgree(_ hall: Hall, now: Date, _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(hall.snapshot(now: now) == Reference.snapshot(hall, now: now), comment, sourceLocation: sourceLocation)
        #expect(hall.waitingCount == hall.waitingTickets.count, comment, sourceLocation: sourceLocation)
        let counts = Dictionary(grouping: hall.waitingTickets, by: \.service).mapValues(\.count)
        #expect(hall.tickets.waitingCountsByService.filter { $0.value > 0 } == counts, comment, sourceLocation: sourceLocation)
    }

    /// Lines long enough for the space left by called heads to be reclaimed, with tickets taken, transferred into the
    /// middle and cancelled from anywhere meanwhile.
    @Test func longLinesKeepTheirOrderAsHeadsAreCalledAndOthersComeAndGo() throws {
        var t = TestHall()
        var dice = SplitMix64(seed: 11)
        for i in 0..<600 { try t.issue(["A", "B"][i % 2], i % 9 == 0 ? .green : .normal) }
        try t.openAll()
        for step in 0..<700 {
            t.advance(minutes: Double(dice.next() % 2))
            let window = Int(dice.next() % 2) + 1
            switch dice.next() % 10 {
            case 0...5:
                if t.hall.ticket(atWindow: window) != nil { _ = try t.serveHeld(window) }
                _ = try t.hall.callNext(window: window, now: t.now)
            case 6: try t.issue(["A", "B"][Int(dice.next() % 2)], dice.next() % 4 == 0 ? .appointment : .normal)
            case 7:
                if let held = t.hall.ticket(atWindow: window), held.status == .called {
                    _ = try t.hall.transfer(window: window, to: .service(held.service == "A" ? "B" : "A"), now: t.now)
                }
            default:
                let waiting = t.hall.waitingTickets
                if !waiting.isEmpty {
                    let victim = waiting[Int(dice.next() % UInt64(waiting.count))]
                    _ = try t.hall.cancel(victim.id, secret: nil, byStaff: true, now: t.now)
                }
            }
            let waiting = t.hall.waitingTickets
            for _ in 0..<3 where !waiting.isEmpty {
                let ticket = waiting[Int(dice.next() % UInt64(waiting.count))]
                #expect(t.hall.position(of: ticket.id) == bruteForcePosition(ticket, in: t.hall), "step \(step), \(ticket.number)")
            }
            expectLinesAgree(t.hall, now: t.now, "step \(step)")
        }
        #expect(t.hall.waitingCount < 300, "most of the line was called")
    }

    /// Every change to a hall moves its revision on; reading does not.
    @Test func everyChangeMovesTheRevisionOn() throws {
        var t = TestHall()
        var seen = [t.hall.revision]
        func changed(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(!seen.contains(t.hall.revision), "\(what) kept revision \(t.hall.revision)", sourceLocation: sourceLocation)
            seen.append(t.hall.revision)
        }
        let a = try t.issue("A")
        changed("issue")
        _ = try t.hall.open(window: 1, officer: "officer1", now: t.now)
        changed("open")
        _ = try t.hall.callNext(window: 1, now: t.now)
        changed("call")
        _ = try t.hall.recall(window: 1, now: t.now)
        changed("recall")
        _ = try t.hall.transfer(window: 1, to: .service("B"), now: t.now)
        changed("transfer")
        _ = try t.hall.callNext(window: 1, now: t.now)
        _ = try t.hall.start(window: 1, now: t.now)
        changed("start")
        _ = try t.hall.finish(window: 1, now: t.now)
        changed("finish")
        _ = try t.hall.pause(window: 1, now: t.now)
        changed("pause")
        _ = try t.hall.resume(window: 1, now: t.now)
        changed("resume")
        let b = try t.issue("B")
        _ = try t.hall.cancel(b.id, secret: b.secret, now: t.now)
        changed("cancel")
        _ = t.hall.snapshot(now: t.now)
        _ = t.hall.position(of: a.id)
        #expect(t.hall.revision == seen.last, "reading changes nothing")
        #expect(try t.hall.callNext(window: 1, now: t.now).0 == nil)
        _ = try? t.hall.callNext(window: 2, now: t.now)
        #expect(t.hall.revision == seen.last, "a call that finds nobody, or is refused, changes nothing")

        var mirror = t.hall
        var random = SplitMix64(seed: 3)
        let events = try t.hall.issue(TicketRequest(service: "C"), now: t.now, random: &random).1
        let before = mirror.revision
        mirror.apply(events, bookkeepingOf: t.hall.bookkeeping())
        #expect(mirror.revision != before, "applying another copy's events")
        mirror.reconfigure(smallHallConfig(policy: CallPolicySettings(priorityBurst: 5)))
        #expect(mirror.revision != before && !seen.contains(mirror.revision), "reconfiguring keeps counting on")
    }

    /// A copy kept up to date from events alone (as the daemon keeps its published hall) equals the hall itself.
    @Test(arguments: [7, 8, 9] as [UInt64])
    func aHallUpdatedFromEventsEqualsTheHallThatMadeThem(seed: UInt64) throws {
        var t = TestHall()
        var dice = SplitMix64(seed: seed)
        try t.openAll()
        var mirror = t.hall
        for step in 0..<300 {
            t.advance(minutes: Double(dice.next() % 4))
            let window = Int(dice.next() % 3) + 1
            var events: [HallEvent] = []
            switch dice.next() % 8 {
            case 0...3: events = try t.hall.issue(TicketRequest(service: ["A", "B", "C"][Int(dice.next() % 3)]), now: t.now, random: &t.rng).1
            case 4, 5:
                if t.hall.ticket(atWindow: window) == nil {
                    events = (try? t.hall.callNext(window: window, now: t.now))?.1 ?? []
                } else {
                    events = try t.serveHeld(window)
                }
            case 6:
                if t.hall.ticket(atWindow: window)?.status == .called {
                    events = (try? t.hall.transfer(window: window, to: .window(Int(dice.next() % 3) + 1), now: t.now)) ?? []
                }
            default:
                events = (try? t.hall.pause(window: window, now: t.now)) ?? (try? t.hall.resume(window: window, now: t.now)) ?? []
            }
            if step == 150 { events += t.hall.closeEarlierDays(now: t.now + 86_400) }
            mirror.apply(events, bookkeepingOf: t.hall.bookkeeping())
            #expect(mirror.tickets == t.hall.tickets, "step \(step)")
            #expect(mirror.windows == t.hall.windows, "step \(step)")
            #expect(mirror.counters == t.hall.counters && mirror.priorityStreaks == t.hall.priorityStreaks)
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
