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
            let body: [String: Any] = [
                "event": action.eventKind,
                "hall": ["zh": config.name.zh, "en": config.name.en],
                "recipients": recipients,
                "alert": [
                    "id": alert.id, "key": alert.key, "kind": alert.kind.rawValue, "level": alert.level, "state": alert.state.rawValue,
                    "message": alert.message, "messageEn": alert.messageEn, "raisedAt": iso8601(alert.raisedAt),
                    "notifiedAt": iso8601(alert.lastNotifiedAt), "notifications": alert.notifications,
                    "details": alert.details.filter { !Alert.publicTextDetails.contains($0.key) },
                ] as [String: Any],
                "text": text,
            ]
            if let data = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes]) {
                messages.append(OutboxMessage(channel: "webhook", target: url, payload: String(decoding: data, as: UTF8.self)))
            }
        }
        if config.notifiers.smsCommand != nil {
            messages += recipients.map { OutboxMessage(channel: "sms", target: $0, payload: text) }
        }
        return messages
    }

    static func iso8601(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
