import Foundation
import HallCore
import HallStore
import Logging

/// Watches the live hall for alert conditions on a timer: raises, closes, re-notifies and escalates alerts through
/// ``AlertEngine``, each change stored with its outbox rows in one transaction, then wakes the ``OutboxWorker``.
public final class AlertMonitor: @unchecked Sendable {
    let service: HallService
    let outbox: OutboxWorker
    let logger: Logger
    /// The thresholds of the config file: in force on any day a manager has not changed them.
    let configured: AlertThresholds
    private let lock = NSLock()
    private var rulesDay = ""
    private var timer: DispatchSourceTimer?
    private let queue = DispatchQueue(label: "hallq.alerts")

    init(service: HallService, outbox: OutboxWorker, logger: Logger) {
        self.service = service
        self.outbox = outbox
        self.logger = logger
        self.configured = service.config.alerts
    }

    /// Evaluates every `interval` seconds until ``stop()``.
    func start(interval: Double) {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            do { try self.evaluate() } catch { self.logger.error("alert check failed: \(error)") }
        }
        timer.resume()
        lock.withLock { self.timer = timer }
    }

    /// Stops the timer and waits (at most two seconds) for a check in progress.
    func stop() {
        lock.withLock { timer }?.cancel()
        let idle = DispatchSemaphore(value: 0)
        queue.async { idle.signal() }
        _ = idle.wait(timeout: .now() + 2)
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
        lock.withLock { rulesDay = "" }
        try applyRulesOfToday()
    }

    /// At the first check of each day (or after an edit), puts the day's thresholds into the live config.
    private func applyRulesOfToday() throws {
        let day = service.read { $0.calendar.day(of: service.clock()) }
        guard lock.withLock({ rulesDay != day }) else { return }
        let rules = try rulesOfToday()
        var config = service.config
        if config.alerts != rules {
            config.alerts = rules
            service.reconfigure(config)
        }
        lock.withLock { rulesDay = day }
    }
}
