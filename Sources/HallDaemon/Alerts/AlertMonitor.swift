import Foundation
import HallCore
import HallStore
import Locking
import Logging

/// Watches the live hall for alert conditions on a timer: raises, closes, re-notifies and escalates alerts through
/// ``AlertEngine``, each change stored with its outbox rows in one transaction, then wakes the ``OutboxWorker``.
public final class AlertMonitor: Sendable {
    let service: HallService
    let outbox: OutboxWorker
    let logger: Logger
    /// The thresholds of the config file: in force on any day a manager has not changed them.
    let configured: AlertThresholds
    /// The hall day whose thresholds are in the live config ("" before the first check, or after an edit).
    private let rulesDay = Locked("")
    private let ticker: Ticker

    /// A monitor that checks every `checkEvery` seconds once started.
    init(service: HallService, outbox: OutboxWorker, logger: Logger, checkEvery: Double = 10) {
        self.service = service
        self.outbox = outbox
        self.logger = logger
        self.configured = service.config.alerts
        ticker = Ticker(name: "alerts", interval: checkEvery)
    }

    /// Compares the hall with its active alerts once and applies what ``AlertEngine`` decides; returns the changed alerts.
    @discardableResult
    public func evaluate() throws -> [Alert] {
        try applyRulesOfToday()
        let changed: [Alert] = try service.record { hall, now in
            let thresholds = hall.config.alerts
            let openNow = IssuingHours(hours: hall.config.hours, calendar: hall.calendar).isOpen(at: now)
            let conditions = AlertRules.conditions(in: hall.snapshot(now: now), config: hall.config, thresholds: thresholds, openNow: openNow)
            let actions = AlertEngine.evaluate(conditions: conditions, active: try service.store.activeAlerts(), thresholds: thresholds, now: now)
            let config = hall.config
            let stored = try service.store.commit(actions, now: now) { AlertNotification.messages(for: $0, alert: $1, config: config) }
            return (stored.map(\.alert), stored.map(\.journal))
        }
        for alert in changed { logger.notice("alert \(alert.id) \(alert.key) \(alert.state.rawValue) level \(alert.level): \(alert.messageEn)") }
        if !changed.isEmpty { outbox.nudge() }
        return changed
    }

    /// The thresholds in force today: a manager's for today if set, else the config file's.
    public func rulesOfToday() throws -> AlertThresholds {
        let day = service.read { $0.calendar.day(of: service.clock()) }
        return try service.store.alertRules(day: day) ?? configured
    }

    /// Sets today's thresholds (a manager's edit) and applies them at once.
    public func setRules(_ rules: AlertThresholds, by login: String?) throws {
        let now = service.clock()
        let day = service.read { $0.calendar.day(of: now) }
        try service.store.saveAlertRules(rules, day: day, by: login, now: now)
        rulesDay.withLock { $0 = "" }
        try applyRulesOfToday()
    }

    /// At the first check of each day (or after an edit), puts the day's thresholds into the live config.
    private func applyRulesOfToday() throws {
        let day = service.read { $0.calendar.day(of: service.clock()) }
        guard rulesDay.read({ $0 != day }) else { return }
        let rules = try rulesOfToday()
        var config = service.config
        if config.alerts != rules {
            config.alerts = rules
            service.reconfigure(config)
        }
        rulesDay.withLock { $0 = day }
    }
}

extension AlertMonitor: DaemonPart {
    var partName: String { "alerts" }

    /// Evaluates every `checkEvery` seconds.
    func start() {
        ticker.start { [weak self] in
            guard let self else { return }
            do { try evaluate() } catch { logger.error("alert check failed: \(error)") }
        }
    }

    func stop(before deadline: Date) -> Bool { ticker.stop(before: deadline) }
}
