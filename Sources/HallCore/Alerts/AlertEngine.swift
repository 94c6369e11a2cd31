import Foundation

/// What to do with the hall's alerts after comparing the conditions that hold with the alerts already active.
public enum AlertAction: Sendable, Hashable {
    /// A new alert for a condition that has no active alert: store it and notify the first group.
    case raise(Alert)
    /// The condition behind an active alert no longer holds.
    case close(Alert)
    /// Still open and unacknowledged past the re-notify interval: notify the same group again.
    case renotify(Alert)
    /// Still open and unacknowledged past the escalation time: notify the second group.
    case escalate(Alert)

    /// The alert as it is after the action.
    public var alert: Alert {
        switch self {
        case .raise(let a), .close(let a), .renotify(let a), .escalate(let a): a
        }
    }

    /// The change the action makes to its alert.
    public var change: AlertChange {
        switch self {
        case .raise: .raised
        case .close: .closed
        case .renotify: .renotified
        case .escalate: .escalated
        }
    }

    /// The journal kind that records the action.
    public var eventKind: String { change.rawValue }

    /// Whether the action sends a notification to a group (closing does not).
    public var notifies: Bool {
        if case .close = self { return false }
        return true
    }
}

/// Decides alert actions; pure, with the time passed in.
///
/// An alert is raised once per condition key and stays active (open, or acknowledged) until its condition clears;
/// only then may the same condition raise a new one. While open and unacknowledged it escalates once to the second
/// group after `escalateMinutes`, and otherwise re-notifies its group every `renotifyMinutes`. Rating alerts have no
/// condition to clear: they stay open until a manager acknowledges them.
public enum AlertEngine {
    /// Actions that bring `active` alerts in line with the `conditions` holding at `now`.
    public static func evaluate(conditions: [AlertCondition], active: [Alert], thresholds: AlertThresholds, now: Date) -> [AlertAction] {
        var actions: [AlertAction] = []
        let activeKeys = Set(active.filter(\.isActive).map(\.key))
        let holding = Set(conditions.map(\.key))
        var raised = Set<String>()
        for condition in conditions where !activeKeys.contains(condition.key) && !raised.contains(condition.key) {
            raised.insert(condition.key)
            actions.append(.raise(Alert(raising: condition, now: now)))
        }
        for alert in active where alert.isActive {
            if alert.kind != .rating, !holding.contains(alert.key) {
                var closed = alert
                closed.state = .closed
                closed.closedAt = now
                actions.append(.close(closed))
            } else if let follow = followUp(alert, thresholds: thresholds, now: now) {
                actions.append(follow)
            }
        }
        return actions
    }

    /// A newly raised rating alert, if the rating deserves one.
    public static func raise(_ condition: AlertCondition?, now: Date) -> AlertAction? {
        condition.map { .raise(Alert(raising: $0, now: now)) }
    }

    /// Escalation or re-notification due for an open alert at `now`, if any.
    static func followUp(_ alert: Alert, thresholds: AlertThresholds, now: Date) -> AlertAction? {
        guard alert.state == .open else { return nil }
        var next = alert
        if alert.level == 1, now.timeIntervalSince(alert.raisedAt) >= thresholds.escalateMinutes * 60 {
            next.level = 2
            next.lastNotifiedAt = now
            next.notifications += 1
            return .escalate(next)
        }
        if thresholds.renotifyMinutes > 0, now.timeIntervalSince(alert.lastNotifiedAt) >= thresholds.renotifyMinutes * 60 {
            next.lastNotifiedAt = now
            next.notifications += 1
            return .renotify(next)
        }
        return nil
    }
}
