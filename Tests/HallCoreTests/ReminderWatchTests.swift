import Foundation
import HallCore
import Testing

/// Which opted-in tickets are texted, and when: once a few places before the call (only after being further back),
/// once at the call, never while the hall is closed, never twice.
@Suite struct ReminderWatchTests {
    /// The small hall, sending texts through an SMS command.
    static func config() -> HallConfig {
        var config = smallHallConfig()
        config.notifiers.smsCommand = ["/usr/bin/true"]
        config.reminders = ReminderSettings(placesBefore: 3, sms: true)
        return config
    }

    /// Issues a ticket of A with a phone and the opt-in; returns it and the events.
    static func remindMe(_ t: inout TestHall) throws -> (Ticket, [HallEvent]) {
        try t.hall.issue(TicketRequest(service: "A", phone: "13912345678", remind: true), now: t.now, random: &t.rng)
    }

    @Test func aTicketIsRemindedThreePlacesBeforeAndAtTheCallOnly() throws {
        var t = TestHall(config: Self.config())
        var watch = ReminderWatch(placesBefore: 3)
        var due: [Reminder] = []
        for _ in 0..<4 {
            due += watch.committed(try t.hall.issue(TicketRequest(service: "A"), now: t.now, random: &t.rng).1, hall: t.hall, open: true)
        }
        let (ours, issued) = try Self.remindMe(&t)
        due += watch.committed(issued, hall: t.hall, open: true)
        #expect(due.isEmpty && watch.count == 1, "four ahead: nothing yet")
        _ = try t.hall.open(window: 1, officer: "o1", now: t.now)
        var told: [[Reminder]] = []
        for _ in 0..<5 {
            var events = try t.hall.callNext(window: 1, now: t.now).1
            told.append(watch.committed(events, hall: t.hall, open: true))
            events = try t.hall.start(window: 1, now: t.now) + (try t.hall.finish(window: 1, now: t.now))
            told.append(watch.committed(events, hall: t.hall, open: true))
        }
        let all = told.flatMap { $0 }
        #expect(all.map(\.kind) == [.ahead, .called], "\(all)")
        #expect(all.first?.ahead == 3 && all.first?.ticketID == ours.id && all.first?.phone == "13912345678")
        #expect(all.last?.window == 1 && all.last?.number == ours.number)
        #expect(told.firstIndex { !$0.isEmpty } == 0, "told at the first call, when three are ahead")
        #expect(watch.count == 0, "a called ticket is no longer watched")
        #expect(all.first?.text(hall: t.hall.config.name) == "【测试办税服务厅】A005 还有 3 位 / A005: 3 ahead")
        #expect(all.last?.text(hall: t.hall.config.name) == "【测试办税服务厅】A005 请到 1 号窗口 / A005: go to window 1")
    }

    @Test func aTicketTakenNearTheFrontIsOnlyToldWhenCalledAndNothingWhileClosed() throws {
        var t = TestHall(config: Self.config())
        var watch = ReminderWatch(placesBefore: 3)
        _ = try t.hall.issue(TicketRequest(service: "A"), now: t.now, random: &t.rng)
        let (_, issued) = try Self.remindMe(&t)
        #expect(watch.committed(issued, hall: t.hall, open: true).isEmpty, "one ahead when taken: the kiosk said so")
        _ = try t.hall.open(window: 1, officer: "o1", now: t.now)
        #expect(watch.committed(try t.hall.callNext(window: 1, now: t.now).1, hall: t.hall, open: true).isEmpty)
        _ = try t.hall.start(window: 1, now: t.now)
        _ = try t.hall.finish(window: 1, now: t.now)
        let closed = watch.committed(try t.hall.callNext(window: 1, now: t.now).1, hall: t.hall, open: false)
        #expect(closed.isEmpty && watch.count == 0, "called after closing: no text, and none later")
    }

    @Test func remindersNeedAPhoneAndAHallThatSendsThem() throws {
        var t = TestHall(config: Self.config())
        #expect(throws: HallError.reminderNeedsPhone) {
            try t.hall.issue(TicketRequest(service: "A", idNumber: "11010519491231002X", remind: true), now: t.now, random: &t.rng)
        }
        var quiet = TestHall()
        #expect(throws: HallError.remindersOff) {
            try quiet.hall.issue(TicketRequest(service: "A", phone: "13912345678", remind: true), now: quiet.now, random: &quiet.rng)
        }
        #expect(
            try quiet.hall.issue(TicketRequest(service: "A", phone: "13912345678"), now: quiet.now, random: &quiet.rng).0.contact?.remind == false)
    }

    @Test func afterARestartOnlyWhatWasNotSentIsDue() throws {
        var t = TestHall(config: Self.config())
        for _ in 0..<4 { _ = try t.hall.issue(TicketRequest(service: "A"), now: t.now, random: &t.rng) }
        let (ours, _) = try Self.remindMe(&t)
        let (other, _) = try t.hall.issue(TicketRequest(service: "A", phone: "13800138000", remind: true), now: t.now, random: &t.rng)
        _ = try t.hall.open(window: 1, officer: "o1", now: t.now)
        let events = try t.hall.callNext(window: 1, now: t.now).1
        var watch = ReminderWatch(placesBefore: 3)
        watch.load(t.hall, sent: [ours.id: [.ahead]])
        #expect(watch.count == 2)
        #expect(watch.committed(events, hall: t.hall, open: true).isEmpty, "ours was told already; the other has four ahead")
        _ = other
    }

    @Test func oneNumberIsTextedForOneWaitingTicketAtATime() throws {
        var t = TestHall(config: Self.config())
        let (first, _) = try Self.remindMe(&t)
        let inUse = HallError.reminderInUse(number: first.number)
        #expect(throws: inUse, "a second waiting ticket for the same number") { try Self.remindMe(&t) }
        let another = TicketRequest(service: "B", phone: "13800138000", remind: true)
        #expect(throws: Never.self, "another number is not limited") { try t.hall.issue(another, now: t.now, random: &t.rng) }
        let plain = TicketRequest(service: "B", phone: "13912345678")
        #expect(throws: Never.self, "the same number without texts is not limited") { try t.hall.issue(plain, now: t.now, random: &t.rng) }
        _ = try t.hall.open(window: 1, officer: "o1", now: t.now)
        #expect(try t.hall.callNext(window: 1, now: t.now).0?.id == first.id)
        let (second, _) = try Self.remindMe(&t)
        #expect(throws: HallError.reminderInUse(number: second.number)) { try Self.remindMe(&t) }
        _ = try t.hall.cancel(second.id, secret: second.secret, now: t.now)
        #expect(throws: Never.self, "once the waiting one is cancelled") { try Self.remindMe(&t) }
    }

    /// Taking a ticket with texts and cancelling it, again and again, would text a number all day.
    @Test func aNumberAsksForTextsOnSoManyTicketsADayCancelledOnesIncluded() throws {
        var t = TestHall(config: Self.config())
        #expect(t.hall.config.reminders.ticketsPerNumberPerDay == 3, "the default")
        for _ in 0..<3 {
            let (ticket, _) = try Self.remindMe(&t)
            _ = try t.hall.cancel(ticket.id, secret: ticket.secret, now: t.now)
        }
        #expect(throws: HallError.reminderLimit(cap: 3)) { try Self.remindMe(&t) }
        #expect(throws: HallError.reminderLimit(cap: 3), "a new configuration keeps the day's count") {
            t.hall.reconfigure(Self.config())
            return try Self.remindMe(&t)
        }
        let plain = TicketRequest(service: "A", phone: "13912345678")
        #expect(throws: Never.self, "the number without texts") { try t.hall.issue(plain, now: t.now, random: &t.rng) }
        let other = TicketRequest(service: "A", phone: "13800138000", remind: true)
        #expect(throws: Never.self, "another number") { try t.hall.issue(other, now: t.now, random: &t.rng) }
        #expect(t.hall.reminderNumbers.count("13912345678", on: t.hall.numberingDay(at: t.now)) == 3, "refusals are not counted")
        t.now += 86_400
        #expect(throws: Never.self, "the next hall day counts afresh") { try Self.remindMe(&t) }

        var config = Self.config()
        config.reminders.ticketsPerNumberPerDay = 0
        var open = TestHall(config: config)
        for _ in 0..<10 {
            let (ticket, _) = try Self.remindMe(&open)
            _ = try open.hall.cancel(ticket.id, secret: ticket.secret, now: open.now)
        }
        #expect(open.hall.reminderNumbers.count("13912345678", on: open.hall.numberingDay(at: open.now)) == 10, "0: no cap")
    }
}
