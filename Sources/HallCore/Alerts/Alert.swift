import Foundation

/// What an alert is about.
public enum AlertKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// One service's line is longer than its limit.
    case queue
    /// Too many waiting per open window (the model hall's "more than 6" rule), or people waiting with no window open.
    case load
    /// Someone has waited longer than the limit.
    case wait
    /// A taxpayer rated the service dissatisfied or worse.
    case rating
    /// A window has been paused too long while people wait for its services.
    case pause
}

/// Where an alert is in its life.
public enum AlertState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Raised and nobody has taken it yet: it re-notifies and escalates.
    case open
    /// A manager has taken it; it stays listed until its condition clears.
    case acknowledged
    /// Its condition cleared (or, for a rating, a manager handled it).
    case closed
}

/// A condition that holds right now and deserves an alert; `key` names it so it is raised only once.
public struct AlertCondition: Sendable, Hashable {
    public var key: String
    public var kind: AlertKind
    /// Chinese and English text for the dashboard and the notification.
    public var message: String
    public var messageEn: String
    public var details: [String: String]

    public init(key: String, kind: AlertKind, message: String, messageEn: String, details: [String: String] = [:]) {
        self.key = key
        self.kind = kind
        self.message = message
        self.messageEn = messageEn
        self.details = details
    }
}

/// An alert raised for a condition, with its notification and acknowledgement record.
public struct Alert: Sendable, Hashable, Codable {
    /// Assigned by the store (0 before it is stored).
    public var id: Int64
    public var key: String
    public var kind: AlertKind
    /// 1 = the first group (duty director) is notified; 2 = escalated to the second group (director).
    public var level: Int
    public var state: AlertState
    public var message: String
    public var messageEn: String
    public var raisedAt: Date
    public var lastNotifiedAt: Date
    /// Notifications sent so far (the first, re-notifications and the escalation).
    public var notifications: Int
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?
    public var closedAt: Date?
    public var details: [String: String]

    /// A new alert for `condition`, raised and notified at `now`.
    public init(raising condition: AlertCondition, now: Date) {
        self.init(
            id: 0, key: condition.key, kind: condition.kind, level: 1, state: .open, message: condition.message, messageEn: condition.messageEn,
            raisedAt: now, lastNotifiedAt: now, notifications: 1, details: condition.details)
    }

    public init(
        id: Int64, key: String, kind: AlertKind, level: Int, state: AlertState, message: String, messageEn: String, raisedAt: Date,
        lastNotifiedAt: Date, notifications: Int, acknowledgedBy: String? = nil, acknowledgedAt: Date? = nil, closedAt: Date? = nil,
        details: [String: String] = [:]
    ) {
        self.id = id
        self.key = key
        self.kind = kind
        self.level = level
        self.state = state
        self.message = message
        self.messageEn = messageEn
        self.raisedAt = raisedAt
        self.lastNotifiedAt = lastNotifiedAt
        self.notifications = notifications
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
        self.closedAt = closedAt
        self.details = details
    }

    /// Detail keys whose values are free text from the public (a rating's reason): shown to managers, never sent in
    /// an SMS or a webhook.
    public static let publicTextDetails: Set<String> = ["reason"]

    /// Open or acknowledged: its condition has not been closed.
    public var isActive: Bool { state != .closed }

    /// A manager takes the alert: it stops re-notifying and escalating. A rating alert has no condition to clear,
    /// so taking it closes it. Returns the change to journal: `alert.closed` when taking it closed it, else
    /// `alert.acknowledged` (also when it was acknowledged before: the journal notes who took it again).
    @discardableResult
    public mutating func acknowledge(by login: String, now: Date) throws -> AlertChange {
        guard state != .closed else { throw AlertError.alreadyClosed(id) }
        guard state == .open else { return .acknowledged }
        state = kind == .rating ? .closed : .acknowledged
        acknowledgedBy = login
        acknowledgedAt = now
        if state == .closed { closedAt = now }
        return state == .closed ? .closed : .acknowledged
    }
}

/// What happened to an alert, as journaled (the kind of its journal row and of its live event).
public enum AlertChange: String, Sendable, Hashable, CaseIterable {
    case raised = "alert.raised"
    case acknowledged = "alert.acknowledged"
    case renotified = "alert.renotified"
    case escalated = "alert.escalated"
    case closed = "alert.closed"
}

/// Why an alert action was refused.
public enum AlertError: Error, Equatable, CustomStringConvertible {
    case alreadyClosed(Int64)
    case unknownAlert(Int64)

    public var description: String {
        switch self {
        case .alreadyClosed(let id): "alert \(id) is already closed"
        case .unknownAlert(let id): "no alert \(id)"
        }
    }
}
