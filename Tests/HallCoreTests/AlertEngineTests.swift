import Foundation
import HallCore
import Testing

/// The alert rules and their life: raise once, no duplicate, clear, re-notify, escalate, acknowledge.
@Suite struct AlertEngineTests {
    let rules = AlertThresholds(
        maxWaitingPerService: 3, maxWaitingPerOpenWindow: 2, maxWaitMinutes: 30, dissatisfiedAtOrBelow: 2, maxPauseMinutes: 10, renotifyMinutes: 5,
        escalateMinutes: 15)

    func conditions(_ t: TestHall) -> [AlertCondition] {
        let openNow = IssuingHours(config: t.hall.config).isOpen(at: t.now)
        return AlertRules.conditions(in: t.hall.snapshot(now: t.now), config: t.hall.config, thresholds: rules, openNow: openNow)
    }

    /// Applies actions to the alert list as the store would (ids assigned in order).
    func apply(_ actions: [AlertAction], to alerts: inout [Alert]) {
        for action in actions {
            var a = action.alert
            if a.id == 0 {
                a.id = Int64(alerts.count + 1)
                alerts.append(a)
            } else if let i = alerts.firstIndex(where: { $0.id == a.id }) {
                alerts[i] = a
            }
        }
    }

    @Test func aLongLineRaisesOneAlertThatClosesWhenTheLineShrinks() throws {
        var t = TestHall()
        try t.openAll()
        for _ in 0..<4 { try t.issue("C") }
        var alerts: [Alert] = []
        let first = AlertEngine.evaluate(conditions: conditions(t), active: alerts, thresholds: rules, now: t.now)
        #expect(first.map(\.alert.key) == ["queue:C"])
        #expect(first.first?.eventKind == "alert.raised")
        apply(first, to: &alerts)
        t.advance(minutes: 1)
        try t.issue("C")
        #expect(AlertEngine.evaluate(conditions: conditions(t), active: alerts, thresholds: rules, now: t.now).isEmpty, "no duplicate while it holds")
        _ = try t.serveNext(at: 3)
        _ = try t.serveNext(at: 3)
        let cleared = AlertEngine.evaluate(conditions: conditions(t), active: alerts, thresholds: rules, now: t.now)
        #expect(cleared.count == 1)
        #expect(cleared.first?.eventKind == "alert.closed")
        #expect(cleared.first?.alert.state == .closed)
        #expect(cleared.first?.notifies == false)
        apply(cleared, to: &alerts)
        for _ in 0..<2 { try t.issue("C") }
        let again = AlertEngine.evaluate(conditions: conditions(t), active: alerts, thresholds: rules, now: t.now)
        #expect(again.map(\.eventKind) == ["alert.raised"], "a cleared condition that returns raises a new alert")
    }

    @Test func anUnacknowledgedAlertRenotifiesThenEscalatesOnce() throws {
        let condition = AlertCondition(key: "load", kind: .load, message: "m", messageEn: "m")
        let start = beijing(10)
        var alerts: [Alert] = []
        apply(AlertEngine.evaluate(conditions: [condition], active: alerts, thresholds: rules, now: start), to: &alerts)
        #expect(AlertEngine.evaluate(conditions: [condition], active: alerts, thresholds: rules, now: start + 4 * 60).isEmpty)
        let renotify = AlertEngine.evaluate(conditions: [condition], active: alerts, thresholds: rules, now: start + 5 * 60)
        #expect(renotify.map(\.eventKind) == ["alert.renotified"])
        #expect(renotify.first?.alert.notifications == 2)
        #expect(renotify.first?.alert.level == 1)
        apply(renotify, to: &alerts)
        let escalate = AlertEngine.evaluate(conditions: [condition], active: alerts, thresholds: rules, now: start + 15 * 60)
        #expect(escalate.map(\.eventKind) == ["alert.escalated"])
        #expect(escalate.first?.alert.level == 2)
        apply(escalate, to: &alerts)
        let later = AlertEngine.evaluate(conditions: [condition], active: alerts, thresholds: rules, now: start + 21 * 60)
        #expect(later.map(\.eventKind) == ["alert.renotified"], "escalated alerts keep re-notifying the second group, never escalate twice")
        #expect(later.first?.alert.level == 2)
    }

    @Test func acknowledgingStopsNotificationsButKeepsTheAlertUntilItClears() throws {
        let condition = AlertCondition(key: "queue:A", kind: .queue, message: "m", messageEn: "m")
        let start = beijing(10)
        var alerts: [Alert] = []
        apply(AlertEngine.evaluate(conditions: [condition], active: alerts, thresholds: rules, now: start), to: &alerts)
        try alerts[0].acknowledge(by: "manager", now: start + 60)
        #expect(alerts[0].state == .acknowledged)
        #expect(alerts[0].acknowledgedBy == "manager")
        #expect(AlertEngine.evaluate(conditions: [condition], active: alerts, thresholds: rules, now: start + 3600).isEmpty)
        let cleared = AlertEngine.evaluate(conditions: [], active: alerts, thresholds: rules, now: start + 3700)
        #expect(cleared.map(\.alert.state) == [.closed])
        apply(cleared, to: &alerts)
        #expect(throws: AlertError.alreadyClosed(1)) { try alerts[0].acknowledge(by: "manager", now: start + 3800) }
    }

    @Test func eachAlertChangeHasOneJournalKind() throws {
        let start = beijing(10)
        var queue = Alert(raising: AlertCondition(key: "queue:A", kind: .queue, message: "m", messageEn: "m"), now: start)
        queue.id = 1
        #expect(try queue.acknowledge(by: "manager", now: start + 60) == .acknowledged)
        #expect(try queue.acknowledge(by: "director", now: start + 120) == .acknowledged, "taking it again is journaled again")
        #expect(queue.acknowledgedBy == "manager", "the first taker stays on record")
        var rating = Alert(raising: AlertCondition(key: "rating:t1", kind: .rating, message: "m", messageEn: "m"), now: start)
        rating.id = 2
        #expect(try rating.acknowledge(by: "manager", now: start + 60) == .closed, "taking a rating alert closes it")
        #expect(
            [AlertAction.raise(queue), .close(queue), .renotify(queue), .escalate(queue)].map(\.eventKind)
                == ["alert.raised", "alert.closed", "alert.renotified", "alert.escalated"])
        #expect(Set(AlertChange.allCases.map(\.rawValue)).count == AlertChange.allCases.count)
    }

    @Test func aDissatisfiedRatingRaisesAnAlertThatOnlyAcknowledgementCloses() throws {
        var t = TestHall()
        try t.openAll()
        let ticket = try t.issue("A")
        _ = try t.serveNext(at: 1)
        var served = ticket
        served.status = .done
        served.window = 1
        #expect(AlertRules.ratingCondition(ticket: served, score: 3, reason: nil, thresholds: rules) == nil)
        let condition = try #require(AlertRules.ratingCondition(ticket: served, score: 2, reason: "等太久", thresholds: rules))
        #expect(condition.kind == .rating)
        #expect(condition.message.contains("不满意"))
        #expect(!condition.message.contains("等太久") && !condition.messageEn.contains("等太久"), "the public's words stay out of the texts sent on")
        #expect(condition.details["reason"] == "等太久", "the dashboard still gets them")
        var alerts: [Alert] = []
        apply([try #require(AlertEngine.raise(condition, now: t.now))], to: &alerts)
        #expect(AlertEngine.evaluate(conditions: [], active: alerts, thresholds: rules, now: t.now + 60).isEmpty, "no condition to clear a rating")
        try alerts[0].acknowledge(by: "director", now: t.now + 120)
        #expect(alerts[0].state == .closed)
    }

    @Test func averageWaitingPerOpenWindowAboveTheLimitIsTheLoadRule() throws {
        var t = TestHall()
        _ = try t.hall.open(window: 1, officer: "officer1", now: t.now)
        _ = try t.hall.open(window: 2, officer: "officer2", now: t.now)
        for service in ["A", "A", "B", "B"] { try t.issue(service) }
        #expect(!conditions(t).contains { $0.key == "load" }, "4 waiting / 2 open = 2, not above 2")
        try t.issue("B")
        let load = try #require(conditions(t).first { $0.key == "load" })
        #expect(load.details["openWindows"] == "2")
        #expect(load.messageEn.contains("2.5 waiting per open window"))
    }

    @Test func noWindowOpenIsAnAlertOnlyInOpeningHours() throws {
        var early = TestHall(now: beijing(7))
        try early.issue("A")
        #expect(!conditions(early).contains { $0.key == "load" })
        var open = TestHall(now: beijing(10))
        try open.issue("A")
        #expect(conditions(open).contains { $0.key == "load" && $0.messageEn.contains("no window is open") })
    }

    @Test func lineAlertsHoldOnlyInOpeningHours() throws {
        var t = TestHall(now: beijing(16, 30))
        try t.openAll()
        for _ in 0..<9 { try t.issue("C") }
        #expect(Set(conditions(t).map(\.key)) == ["queue:C", "load"])
        t.advance(minutes: 35)  // 17:05, closed; the line is still there and has waited over 30 minutes
        #expect(conditions(t).isEmpty, "\(conditions(t).map(\.key))")
        t.now = beijing(3, day: 24)
        #expect(conditions(t).isEmpty, "nor at night")
    }

    @Test func aLongWaitAndALongPauseWithPeopleWaitingAreAlerts() throws {
        var t = TestHall()
        try t.openAll()
        try t.issue("C")
        _ = try t.hall.pause(window: 3, reason: "break", now: t.now)
        t.advance(minutes: 10)
        #expect(conditions(t).isEmpty, "at the limits, not above")
        t.advance(minutes: 21)
        let keys = Set(conditions(t).map(\.key))
        #expect(keys == ["wait:C", "pause:3"])
        _ = try t.serveNext(at: 1)
        #expect(conditions(t).contains { $0.key == "pause:3" }, "window 1 does not serve C")
    }
}
