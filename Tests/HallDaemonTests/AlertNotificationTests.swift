import Foundation
import HallCore
import HallStore
import Testing

@testable import HallDaemon

/// The webhook body and SMS text an alert sends: to the right group, never with the public's own words.
@Suite struct AlertNotificationTests {
    func hall() -> HallConfig {
        var config = HallConfig(
            name: LocalizedName(zh: "测试办税服务厅", en: "Test Tax Hall"), timeZoneIdentifier: "Asia/Shanghai", hours: OpeningHours(days: [:]),
            services: [Service(code: "A", name: LocalizedName(zh: "综合业务", en: "General"), typicalMinutes: 8)],
            windows: [WindowConfig(number: 1, name: LocalizedName(zh: "1号窗口", en: "Window 1"), services: ["A"])])
        config.notifiers = NotifierSettings(
            webhookURL: "http://127.0.0.1:9/hook", webhookSecret: "s", smsCommand: ["/bin/true", "{phone}"], firstGroup: ["13800000001"],
            secondGroup: ["13900000002"])
        return config
    }

    func served() -> Ticket {
        var ticket = Ticket(
            id: TicketID("t1"), number: "A001", service: "A", priority: .normal, day: "2026-11-24", sequence: 1,
            issuedAt: Date(timeIntervalSince1970: 1_795_482_000), secret: "s")
        ticket.status = .done
        ticket.window = 1
        return ticket
    }

    @Test func aRatingAlertGoesOutWithoutTheReasonTheTaxpayerWrote() throws {
        let condition = try #require(AlertRules.ratingCondition(ticket: served(), score: 2, reason: "等太久", thresholds: AlertThresholds()))
        let action = try #require(AlertEngine.raise(condition, now: Date(timeIntervalSince1970: 1_795_482_600)))
        let messages = AlertNotification.messages(for: action, alert: action.alert, config: hall())
        #expect(messages.map(\.channel).sorted() == ["sms", "webhook"])
        #expect(messages.allSatisfy { !$0.payload.contains("等太久") }, "\(messages.map(\.payload))")
        let webhook = try #require(messages.first { $0.channel == "webhook" })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(webhook.payload.utf8)) as? [String: Any])
        #expect(body["event"] as? String == "alert.raised" && body["recipients"] as? [String] == ["13800000001"])
        #expect((body["alert"] as? [String: Any])?["raisedAt"] as? String == "2026-11-24T01:10:00.000Z", "the API's one date format")
    }

    @Test func anEscalationGoesToTheSecondGroupAndClosingSendsNothing() throws {
        var alert = Alert(raising: AlertCondition(key: "load", kind: .load, message: "m", messageEn: "m"), now: Date(timeIntervalSince1970: 0))
        alert.level = 2
        let messages = AlertNotification.messages(for: .escalate(alert), alert: alert, config: hall())
        #expect(messages.filter { $0.channel == "sms" }.map(\.target) == ["13900000002"])
        #expect(AlertNotification.messages(for: .close(alert), alert: alert, config: hall()).isEmpty)
    }
}
