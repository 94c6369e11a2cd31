import Foundation
import HallCore
import HallStore
import Locking
import Logging

/// Texts taxpayers who asked for it at the kiosk when their turn is near and when it comes, through the outbox (so
/// with the alerts' retries and dead letters). Under the hall's lock it only looks at the opted-in waiting tickets
/// (``ReminderWatch``) and notes what is due; its own thread writes the messages to the outbox and wakes the worker.
/// A reminder is queued once (a unique index), so a restart that finds one due again sends nothing twice.
final class TurnReminders: Sendable {
    private struct State {
        var watch: ReminderWatch
        var due: [Reminder] = []
        var running = false
        var finished = true
    }
    private let state: Locked<State>
    let store: HallStore
    let outbox: OutboxWorker
    let config: HallConfig
    let hours: IssuingHours
    let clock: @Sendable () -> Date
    let logger: Logger

    init(config: HallConfig, store: HallStore, outbox: OutboxWorker, clock: @escaping @Sendable () -> Date, logger: Logger) {
        self.config = config
        self.store = store
        self.outbox = outbox
        self.hours = IssuingHours(config: config)
        self.clock = clock
        self.logger = logger
        state = Locked(State(watch: ReminderWatch(placesBefore: config.reminders.placesBefore)))
    }

    /// Tickets waiting for reminders, for tests and logs.
    var watchedCount: Int { state.read { $0.watch.count } }

    /// The messages that send `reminder` under the hall's notifiers: one, by the webhook when there is one, else by
    /// the SMS command.
    static func message(for reminder: Reminder, config: HallConfig) -> OutboxMessage? {
        let text = reminder.text(hall: config.name)
        if let url = config.notifiers.webhookURL, !url.isEmpty {
            let body = ReminderWebhookBody(
                reminder: reminder.kind.rawValue, hall: config.name, recipients: [reminder.phone],
                ticket: .init(number: reminder.number, window: reminder.window, ahead: reminder.ahead), text: text)
            guard let data = try? JSONEncoder.api.encode(body) else { return nil }
            return OutboxMessage(channel: "webhook", target: url, payload: String(decoding: data, as: UTF8.self))
        }
        guard config.notifiers.smsCommand != nil else { return nil }
        return OutboxMessage(channel: "sms", target: reminder.phone, payload: text)
    }

    private func loop() {
        while true {
            let next = state.withLock(when: { !$0.due.isEmpty || !$0.running }) { s -> [Reminder]? in
                if s.due.isEmpty { return nil }
                defer { s.due = [] }
                return s.due
            }
            guard let next else { return }
            var failed: [Reminder] = []
            for reminder in next {
                guard let message = Self.message(for: reminder, config: config) else { continue }
                do {
                    if try store.queueReminder(reminder, message: message, now: clock()) {
                        logger.info("reminder: \(reminder.kind.rawValue) for \(reminder.number) queued")
                    }
                } catch {
                    logger.error("reminder: \(reminder.kind.rawValue) for \(reminder.number) not queued: \(error); trying again")
                    failed.append(reminder)
                }
            }
            outbox.nudge()
            guard !failed.isEmpty else { continue }
            state.withLock { $0.due = failed + $0.due }
            Thread.sleep(forTimeInterval: 1)
        }
    }
}

extension TurnReminders: HallObserver {
    func loaded(_ hall: Hall) throws {
        guard config.sendsReminderTexts else { return }
        let sent = try store.remindersQueued(day: hall.calendar.day(of: clock()))
        state.withLock { $0.watch.load(hall, sent: sent) }
    }

    func committed(_ events: [JournaledHallEvent], hall: Hall) {
        guard config.sendsReminderTexts else { return }
        let open = hours.isOpen(at: clock())
        state.withLock { s in s.due += s.watch.committed(events.compactMap(\.event), hall: hall, open: open) }
    }
}

extension TurnReminders: DaemonPart {
    var partName: String { "reminders" }

    func start() {
        state.withLock {
            $0.running = true
            $0.finished = false
        }
        let thread = Thread { [self] in
            loop()
            state.withLock { $0.finished = true }
        }
        thread.name = "hallq-reminders"
        thread.start()
    }

    /// Stops once the reminders already due are in the outbox (waiting for that until `deadline`).
    func stop(before deadline: Date) -> Bool {
        state.withLock { $0.running = false }
        return state.withLock(when: { $0.finished }, until: deadline) { _ in true } ?? false
    }
}

/// What the webhook receives for a taxpayer's reminder (signed like an alert's; see README "Reminders").
struct ReminderWebhookBody: Encodable, Sendable {
    struct TicketPart: Encodable, Sendable {
        var number: String
        @Nullable var window: Int?
        @Nullable var ahead: Int?
    }
    var event = "ticket.reminder"
    var reminder: String
    var hall: LocalizedName
    var recipients: [String]
    var ticket: TicketPart
    var text: String
}
