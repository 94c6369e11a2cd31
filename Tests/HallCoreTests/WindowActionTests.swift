import Foundation
import Testing

@testable import HallCore

@Suite struct WindowActionTests {
    /// A hall with window 1 open and A001 waiting.
    func ready() throws -> TestHall {
        var t = TestHall()
        _ = try t.hall.open(window: 1, officer: "officer1", now: t.now)
        try t.issue("A")
        return t
    }

    @Test func fullLifecycleRecordsTimesWindowAndOfficer() throws {
        var t = try ready()
        t.advance(minutes: 12)
        let called = try #require(try t.hall.callNext(window: 1, now: t.now).0)
        #expect(called.status == .called)
        #expect(abs(called.waitSeconds! - 12 * 60) < 0.001)
        t.advance(minutes: 1)
        _ = try t.hall.start(window: 1, now: t.now)
        t.advance(minutes: 5)
        let events = try t.hall.finish(window: 1, now: t.now)
        let done = try #require(events.first?.ticket)
        #expect(events.map(\.kind) == [.ticketFinished])
        #expect(done.status == .done)
        #expect(done.window == 1)
        #expect(done.officer == "officer1")
        #expect(abs(done.serviceSeconds! - 5 * 60) < 0.001)
        #expect(t.hall.ticket(done.id) == nil, "finished tickets leave the live state")
        #expect(t.hall.windows[1]?.ticket == nil)
    }

    @Test func callNextWithNobodyWaitingReturnsNothing() throws {
        var t = TestHall()
        _ = try t.hall.open(window: 1, officer: "o", now: t.now)
        let (ticket, events) = try t.hall.callNext(window: 1, now: t.now)
        #expect(ticket == nil)
        #expect(events.isEmpty)
    }

    @Test func aWindowHoldsAtMostOneTicket() throws {
        var t = try ready()
        try t.issue("A")
        _ = try t.hall.callNext(window: 1, now: t.now)
        #expect(throws: HallError.windowBusy(window: 1, number: "A001")) { try t.hall.callNext(window: 1, now: t.now) }
    }

    @Test func noShowNeedsEnoughRecalls() throws {
        var t = try ready()
        _ = try t.hall.callNext(window: 1, now: t.now)
        #expect(throws: HallError.tooFewRecalls(needed: 2, made: 0)) { try t.hall.noShow(window: 1, now: t.now) }
        _ = try t.hall.recall(window: 1, now: t.now)
        let events = try t.hall.recall(window: 1, now: t.now)
        #expect(events.first?.ticket?.recalls == 2)
        #expect(events.first?.kind == .ticketRecalled)
        #expect(try t.hall.noShow(window: 1, now: t.now).first?.ticket?.status == .noShow)
    }

    /// Every action that needs a ticket in another state, from each state a window's ticket can be in.
    @Test(arguments: [
        ("start", TicketStatus?.none, "no_ticket_at_window"), ("finish", nil, "no_ticket_at_window"), ("recall", nil, "no_ticket_at_window"),
        ("no-show", nil, "no_ticket_at_window"), ("transfer", nil, "no_ticket_at_window"),
        ("finish", .called, "illegal_transition"), ("call", .called, "window_busy"), ("pause", .called, "window_busy"),
        ("close", .called, "window_busy"),
        ("start", .serving, "illegal_transition"), ("recall", .serving, "illegal_transition"), ("no-show", .serving, "illegal_transition"),
        ("call", .serving, "window_busy"), ("pause", .serving, "window_busy"), ("resume", .serving, "window_not_paused"),
    ])
    func illegalActionsAreTypedErrors(action: String, state: TicketStatus?, code: String) throws {
        var t = try ready()
        if state != nil { _ = try t.hall.callNext(window: 1, now: t.now) }
        if state == .serving { _ = try t.hall.start(window: 1, now: t.now) }
        let before = t.hall.tickets
        do {
            switch action {
            case "start": _ = try t.hall.start(window: 1, now: t.now)
            case "finish": _ = try t.hall.finish(window: 1, now: t.now)
            case "recall": _ = try t.hall.recall(window: 1, now: t.now)
            case "no-show": _ = try t.hall.noShow(window: 1, now: t.now)
            case "transfer": _ = try t.hall.transfer(window: 1, to: .service("B"), now: t.now)
            case "call": _ = try t.hall.callNext(window: 1, now: t.now)
            case "pause": _ = try t.hall.pause(window: 1, now: t.now)
            case "close": _ = try t.hall.close(window: 1, now: t.now)
            default: _ = try t.hall.resume(window: 1, now: t.now)
            }
            Issue.record("\(action) should have failed")
        } catch {
            #expect(error.code == code)
            #expect(!error.description.isEmpty)
        }
        #expect(t.hall.tickets == before, "a refused action changes nothing")
    }

    @Test func closedAndPausedWindowsDoNotCall() throws {
        var t = TestHall()
        try t.issue("A")
        #expect(throws: HallError.windowClosed(1)) { try t.hall.callNext(window: 1, now: t.now) }
        _ = try t.hall.open(window: 1, officer: "o", now: t.now)
        _ = try t.hall.pause(window: 1, reason: "break", now: t.now)
        #expect(throws: HallError.windowPaused(1)) { try t.hall.callNext(window: 1, now: t.now) }
        _ = try t.hall.resume(window: 1, now: t.now)
        #expect(try t.hall.callNext(window: 1, now: t.now).0?.number == "A001")
        #expect(throws: HallError.unknownWindow(99)) { try t.hall.callNext(window: 99, now: t.now) }
    }

    @Test func aPauseReasonIsShortPlainText() throws {
        var t = TestHall()
        _ = try t.hall.open(window: 1, officer: "o", now: t.now)
        let refused = HallError.invalidPauseReason(max: Hall.maxPauseReasonLength)
        #expect(throws: refused) { try t.hall.pause(window: 1, reason: String(repeating: "茶", count: 61), now: t.now) }
        #expect(throws: refused) { try t.hall.pause(window: 1, reason: "lunch\u{1B}[2J", now: t.now) }
        #expect(throws: refused) { try t.hall.pause(window: 1, reason: "lunch\n", now: t.now) }
        #expect(t.hall.windows[1]?.status == .open, "a refused pause changes nothing")
        _ = try t.hall.pause(window: 1, reason: "   ", now: t.now)
        #expect(t.hall.windows[1]?.status == .paused && t.hall.windows[1]?.pauseReason == nil, "a blank reason is none")
        _ = try t.hall.resume(window: 1, now: t.now)
        _ = try t.hall.pause(window: 1, reason: " \(String(repeating: "茶", count: 58)) ", now: t.now)
        #expect(t.hall.windows[1]?.pauseReason == String(repeating: "茶", count: 58))
    }

    @Test func transferToAServiceKeepsNumberAndIssueTime() throws {
        var t = try ready()
        try t.issue("B")
        t.advance(minutes: 20)
        _ = try t.hall.callNext(window: 1, now: t.now)
        _ = try t.hall.start(window: 1, now: t.now)
        let event = try #require(try t.hall.transfer(window: 1, to: .service("B"), now: t.now).first)
        let moved = try #require(event.ticket)
        #expect(event.kind == .ticketTransferred)
        #expect(event.details["fromService"] == "A" && event.details["toService"] == "B")
        #expect(moved.number == "A001" && moved.service == "B" && moved.issuedService == "A")
        #expect(moved.status == .transferred && moved.status.isWaiting)
        #expect(moved.issuedAt == beijing(9))
        #expect(t.hall.windows[1]?.ticket == nil)
        // It keeps its original issue time, so it is ahead of B001 issued later... same minute: by number.
        _ = try t.hall.open(window: 2, officer: "o2", now: t.now)
        #expect(try t.serveNext(at: 2) == "A001")
    }

    @Test func invalidTransfersAreRefused() throws {
        var t = try ready()
        _ = try t.hall.callNext(window: 1, now: t.now)
        #expect(throws: HallError.unknownService("Q")) { try t.hall.transfer(window: 1, to: .service("Q"), now: t.now) }
        #expect(throws: HallError.self) { try t.hall.transfer(window: 1, to: .service("A"), now: t.now) }
        #expect(throws: HallError.self) { try t.hall.transfer(window: 1, to: .window(1), now: t.now) }
        #expect(throws: HallError.invalidTransfer("window 3 is closed")) { try t.hall.transfer(window: 1, to: .window(3), now: t.now) }
        #expect(throws: HallError.unknownWindow(42)) { try t.hall.transfer(window: 1, to: .window(42), now: t.now) }
    }

    @Test func cancelNeedsTheSecretAndAWaitingTicket() throws {
        var t = try ready()
        let ticket = try #require(t.hall.tickets.values.first)
        #expect(throws: HallError.wrongSecret) { try t.hall.cancel(ticket.id, secret: "nope", now: t.now) }
        #expect(try t.hall.cancel(ticket.id, secret: ticket.secret, now: t.now).first?.ticket?.status == .cancelled)
        #expect(throws: HallError.unknownTicket(ticket.id)) { try t.hall.cancel(ticket.id, secret: ticket.secret, now: t.now) }
    }

    @Test func onlyAWaitingTicketMayBeCancelledByAnyone() throws {
        var t = try ready()
        let called = try #require(try t.hall.callNext(window: 1, now: t.now).0)
        let refusal = HallError.illegalTransition(number: called.number, from: .called, action: "cancel")
        #expect(!t.hall.ticket(called.id)!.mayBeCancelled && t.hall.ticket(called.id)!.cancelRefusal == refusal)
        #expect(throws: refusal) { try t.hall.cancel(called.id, secret: called.secret, now: t.now) }
        #expect(throws: refusal) { try t.hall.cancel(called.id, secret: nil, byStaff: true, now: t.now) }
        #expect(throws: refusal) { try t.hall.cancel(called.id, reason: "junk", manager: "boss", now: t.now) }
        var transferred = called
        transferred.status = .transferred
        #expect(transferred.mayBeCancelled, "waiting again in another line")
        var done = called
        done.status = .done
        #expect(!done.mayBeCancelled && done.cancelRefusal == .illegalTransition(number: called.number, from: .done, action: "cancel"))
    }

    @Test func yesterdaysWaitingTicketsAreCancelledAtDayEnd() throws {
        var t = try ready()
        t.now = beijing(9, day: 24)
        let events = t.hall.closeEarlierDays(now: t.now)
        #expect(events.map(\.kind) == [.ticketCancelled])
        #expect(t.hall.waitingTickets.isEmpty)
    }

    @Test func snapshotCountsLinesAndLongestWait() throws {
        var t = try ready()
        t.advance(minutes: 3)
        try t.issue("A")
        try t.issue("B")
        t.advance(minutes: 7)
        let snap = t.hall.snapshot(now: t.now)
        let a = try #require(snap.services.first { $0.code == "A" })
        #expect(a.waiting == 2 && a.longestWaitSeconds == 600 && a.next == ["A001", "A002"])
        #expect(snap.totalWaiting == 3)
        #expect(snap.openWindows == 1)
        #expect(snap.windows.count == 3)
    }
}
