import Foundation
import HallCore
import HallStore

/// Builds the notifications an alert action sends.
enum AlertNotification {
    /// The messages `action` sends for `alert` (already stored, so it has its id) under `config`'s notifiers.
    /// Level 1 goes to the first group; an escalated alert (level 2) goes to the second group. Free text from the
    /// public (``Alert/publicTextDetails``) is left out: a gateway would otherwise send anyone's words to the directors.
    static func messages(for action: AlertAction, alert: Alert, config: HallConfig) -> [OutboxMessage] {
        guard action.notifies else { return [] }
        let recipients = alert.level >= 2 ? config.notifiers.secondGroup : config.notifiers.firstGroup
        // A text an SMS gateway (or the SMS command) can send as is.
        let text = "【\(config.name.zh)】\(alert.message)"
        var messages: [OutboxMessage] = []
        if let url = config.notifiers.webhookURL, !url.isEmpty {
            let body = WebhookBody(
                event: action.eventKind, hall: config.name, recipients: recipients,
                alert: .init(
                    id: alert.id, key: alert.key, kind: alert.kind.rawValue, level: alert.level, state: alert.state.rawValue,
                    message: alert.message, messageEn: alert.messageEn, raisedAt: iso(alert.raisedAt)!, notifiedAt: iso(alert.lastNotifiedAt)!,
                    notifications: alert.notifications, details: alert.details.filter { !Alert.publicTextDetails.contains($0.key) }),
                text: text)
            if let data = try? JSONEncoder.api.encode(body) {
                messages.append(OutboxMessage(channel: "webhook", target: url, payload: String(decoding: data, as: UTF8.self)))
            }
        }
        if config.notifiers.smsCommand != nil {
            messages += recipients.map { OutboxMessage(channel: "sms", target: $0, payload: text) }
        }
        return messages
    }
}

/// What the webhook receives for an alert (signed as it is; see README "Alerts").
struct WebhookBody: Encodable, Sendable {
    struct AlertPart: Encodable, Sendable {
        var id: Int64
        var key: String
        var kind: String
        var level: Int
        var state: String
        var message: String
        var messageEn: String
        var raisedAt: String
        var notifiedAt: String
        var notifications: Int
        var details: [String: String]
    }
    var event: String
    var hall: LocalizedName
    var recipients: [String]
    var alert: AlertPart
    var text: String
}
