import Foundation
import HallCore
import HallStore
import Testing

/// Alerts, their outbox rows and the delivery bookkeeping, as stored.
@Suite struct AlertStoreTests {
    /// A webhook message naming the stored alert, as the daemon's notifiers write one (they are tested with the daemon).
    func webhook(_ action: AlertAction, _ alert: Alert) -> [OutboxMessage] {
        guard action.notifies else { return [] }
        let body = #"{"alert":{"id":\#(alert.id)},"recipients":["13800000001"]}"#
        return [OutboxMessage(channel: "webhook", target: "http://127.0.0.1:9/hook", payload: body)]
    }

    @Test func anAlertIsStoredWithItsJournalRowAndOutboxMessageInOneGo() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/hall.sqlite")
        let condition = AlertCondition(key: "queue:A", kind: .queue, message: "综合业务排队 31 人", messageEn: "31 waiting for A")
        let raised = try store.commit([.raise(Alert(raising: condition, now: morning()))], now: morning(), messages: webhook)
        let alert = try #require(raised.first?.alert)
        #expect(alert.id > 0)
        #expect(raised.first?.journal.kind == "alert.raised" && raised.first?.journal.details["alert"] == String(alert.id))
        let due = try store.dueDeliveries(now: morning())
        #expect(due.count == 1)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(due[0].payload.utf8)) as? [String: Any])
        #expect((body["alert"] as? [String: Any])?["id"] as? Int64 == alert.id)
        #expect(body["recipients"] as? [String] == ["13800000001"])
        #expect(try store.activeAlerts().map(\.key) == ["queue:A"])

        // Raising a condition that already has an open alert does nothing, and the other actions still go ahead.
        let other = AlertCondition(key: "queue:B", kind: .queue, message: "发票排队 31 人", messageEn: "31 waiting for B")
        let again = try store.commit(
            [.raise(Alert(raising: condition, now: morning(1))), .raise(Alert(raising: other, now: morning(1)))], now: morning(1), messages: webhook)
        #expect(again.map(\.alert.key) == ["queue:B"])
        #expect(try store.activeAlerts().map(\.key).sorted() == ["queue:A", "queue:B"])
        #expect(try store.dueDeliveries(now: morning(1)).count == 2, "no second notification for queue:A")

        let (acked, row) = try store.acknowledgeAlert(alert.id, by: "manager", now: morning(2))
        #expect(acked.state == .acknowledged && row.kind == "alert.acknowledged")
        #expect(throws: AlertError.unknownAlert(999)) { try store.acknowledgeAlert(999, by: "manager", now: morning(2)) }
    }

    @Test func failedDeliveriesWaitForTheirRetryAndDeadLettersAreKept() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/hall.sqlite")
        let condition = AlertCondition(key: "load", kind: .load, message: "m", messageEn: "m")
        try store.commit([.raise(Alert(raising: condition, now: morning()))], now: morning(), messages: webhook)
        let delivery = try #require(try store.dueDeliveries(now: morning()).first)
        try store.markFailed(delivery.id, attempts: 1, error: "HTTP 503", retryAt: morning(1))
        #expect(try store.dueDeliveries(now: morning(0.5)).isEmpty)
        #expect(try store.nextDeliveryDue() == morning(1))
        #expect(try store.dueDeliveries(now: morning(1)).first?.attempts == 1)
        try store.markFailed(delivery.id, attempts: 2, error: "timed out", retryAt: nil)
        #expect(try store.dueDeliveries(now: morning(60)).isEmpty)
        #expect(try store.deadLetters().map(\.lastError) == ["timed out"])
        #expect(try store.outboxCounts() == ["dead": 1])
    }

    @Test func aRatingIsKeptOncePerTicket() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/hall.sqlite")
        let config = storeTestConfig()
        let calendar = HallCalendar(timeZone: config.timeZone)
        let rating = Rating(
            ticketID: TicketID("t1"), day: "2026-11-24", service: "A", window: 1, officer: "officer1", score: 2, reason: "慢", source: .pad,
            at: morning(5))
        let rows = try store.record(rating, number: "A001", alert: nil, calendar: calendar) { _, _ in [] }
        #expect(rows.map(\.kind) == ["rating.given"])
        #expect(try store.rating(of: TicketID("t1"))?.score == 2)
        #expect(throws: RatingError.alreadyRated("A001")) {
            try store.record(rating, number: "A001", alert: nil, calendar: calendar) { _, _ in [] }
        }
        let tally = try store.ratingsByWindow(day: "2026-11-24", dissatisfiedAtOrBelow: 2)
        #expect(tally[1]?.count == 1 && tally[1]?.dissatisfied == 1 && tally[1]?.mean == 2)
        let rollups = try store.rollups(from: morning(-60), to: morning(60))
        #expect(rollups.reduce(0) { $0 + $1.ratings } == 1)
    }

    @Test func everyActiveAlertIsListedHoweverManyThereAre() throws {
        let dir = TempDir()
        let store = try HallStore(path: dir.path + "/hall.sqlite")
        let oldest = AlertCondition(key: "queue:A", kind: .queue, message: "m", messageEn: "m")
        try store.commit([.raise(Alert(raising: oldest, now: morning()))], now: morning()) { _, _ in [] }
        let ratings = (1...600).map { i in
            AlertAction.raise(Alert(raising: AlertCondition(key: "rating:t\(i)", kind: .rating, message: "m", messageEn: "m"), now: morning(1)))
        }
        try store.commit(ratings, now: morning(1)) { _, _ in [] }
        let active = try store.activeAlerts()
        #expect(active.count == 601)
        #expect(active.contains { $0.key == "queue:A" }, "the oldest open alert is among them")
        #expect(try store.alerts(.closed, limit: 10).isEmpty)
        #expect(try store.alerts(.all, limit: 10).count == 10)
    }
}
