import Crypto
import Foundation
import HallCore
import HallStore
import Locking
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Delivers the outbox: each pending notification is POSTed to its webhook with an HMAC-SHA256 signature (or given
/// to the SMS command), retried with doubling back-off, and dead-lettered after the configured number of tries.
/// A taxpayer's reminder is sent only while the hall is open on the ticket's own day: one due outside that is given
/// up, never sent late. Everything it needs is in the database, so a restart resumes with whatever is still pending.
public final class OutboxWorker: Sendable {
    let store: HallStore
    let settings: NotifierSettings
    /// When the hall is open: reminders are sent only then.
    let hours: IssuingHours
    let clock: @Sendable () -> Date
    let logger: Logger
    /// Whether the delivery thread should run, has been nudged, has finished (it sleeps on this between rounds).
    private let state = Locked((running: false, woken: false, finished: true))

    /// Longest wait between two tries.
    static let maxBackoffSeconds = 15.0 * 60
    /// How long one delivery may take before it counts as failed.
    static let requestTimeoutSeconds = 10.0

    init(store: HallStore, settings: NotifierSettings, hours: IssuingHours, clock: @escaping @Sendable () -> Date, logger: Logger) {
        self.store = store
        self.settings = settings
        self.hours = hours
        self.clock = clock
        self.logger = logger
    }

    /// Wakes the worker: something was just queued.
    func nudge() { state.withLock { $0.woken = true } }

    private func loop() {
        while state.read({ $0.running }) {
            do {
                for delivery in try store.dueDeliveries(now: clock()) {
                    guard state.read({ $0.running }) else { return }
                    try attempt(delivery)
                }
            } catch {
                logger.error("outbox: \(error)")
            }
            let next = (try? store.nextDeliveryDue()) ?? nil
            let wait = min(max(next.map { $0.timeIntervalSince(clock()) } ?? 5, 0.05), 5)
            _ = state.withLock(when: { !$0.running || $0.woken }, until: Date().addingTimeInterval(wait)) { _ in }
            state.withLock { $0.woken = false }
        }
    }

    /// One try of one delivery; records the outcome.
    func attempt(_ delivery: OutboxDelivery) throws {
        if let late = tooLate(delivery) {
            try store.markFailed(delivery.id, attempts: delivery.attempts, error: late, retryAt: nil)
            logger.notice("outbox: not sending \(delivery.id) (\(delivery.owner.description)): \(late)")
            return
        }
        let attempts = delivery.attempts + 1
        let outcome = send(delivery)
        if outcome == nil {
            try store.markDelivered(delivery.id, attempts: attempts, now: clock())
            logger.info("outbox: delivered \(delivery.id) (\(delivery.owner.description)) after \(attempts) tries")
            return
        }
        let error = outcome!
        if attempts >= settings.maxAttempts {
            try store.markFailed(delivery.id, attempts: attempts, error: error, retryAt: nil)
            logger.error("outbox: gave up on \(delivery.id) (\(delivery.owner.description)) after \(attempts) tries: \(error)")
        } else {
            let delay = min(settings.retrySeconds * pow(2, Double(attempts - 1)), Self.maxBackoffSeconds)
            try store.markFailed(delivery.id, attempts: attempts, error: error, retryAt: clock().addingTimeInterval(delay))
            logger.warning("outbox: try \(attempts) of \(delivery.id) failed (\(error)); next in \(Int(delay)) s")
        }
    }

    /// Why a taxpayer's reminder may no longer be sent (the hall is closed, or its day is over); nil to send it.
    func tooLate(_ delivery: OutboxDelivery) -> String? {
        guard case .reminder(_, let day, _) = delivery.owner else { return nil }
        let now = clock()
        if hours.calendar.day(of: now) != day { return "the ticket's hall day is over" }
        if !hours.isOpen(at: now) { return "outside opening hours" }
        return nil
    }

    /// Delivers one notification by its channel; nil when it went through, otherwise why it failed.
    func send(_ delivery: OutboxDelivery) -> String? {
        switch delivery.channel {
        case "webhook": post(delivery)
        case "sms": sendSMS(delivery)
        default: "unknown channel \(delivery.channel)"
        }
    }

    /// POSTs one delivery; nil on a 2xx answer, otherwise why it failed.
    func post(_ delivery: OutboxDelivery) -> String? {
        guard let url = URL(string: delivery.target) else { return "not a URL: \(delivery.target)" }
        var request = URLRequest(url: url, timeoutInterval: Self.requestTimeoutSeconds)
        request.httpMethod = "POST"
        let body = Data(delivery.payload.utf8)
        request.httpBody = body
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue("sha256=" + Self.signature(body, secret: settings.webhookSecret ?? ""), forHTTPHeaderField: "X-HallQ-Signature")
        request.setValue(String(delivery.id), forHTTPHeaderField: "X-HallQ-Delivery")
        request.setValue("HallQ", forHTTPHeaderField: "User-Agent")
        // The callback's verdict: nil until it comes, then .some(nil) for a 2xx or .some(why) otherwise.
        let outcome = Locked<String??>(nil)
        let task = URLSession.shared.dataTask(with: request) { _, response, error in
            let why: String? =
                if let error { error.localizedDescription } else if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                    "HTTP \(http.statusCode)"
                } else { nil }
            outcome.withLock { $0 = .some(why) }
        }
        task.resume()
        guard let why = outcome.withLock(when: { $0 != nil }, until: Date() + Self.requestTimeoutSeconds + 2, { $0! }) else {
            task.cancel()
            return "timed out"
        }
        return why
    }

    /// Hex HMAC-SHA256 of `body` keyed with `secret`: what the receiver recomputes to trust the message.
    public static func signature(_ body: Data, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return Hex.string(code)
    }
}

extension OutboxWorker: DaemonPart {
    var partName: String { "outbox" }

    /// Starts the delivery thread.
    func start() {
        state.withLock { $0 = (running: true, woken: false, finished: false) }
        let thread = Thread { [self] in
            loop()
            state.withLock { $0.finished = true }
        }
        thread.name = "hallq-outbox"
        thread.start()
    }

    /// Stops after the delivery in progress, if any, waiting for it until `deadline` (it stays pending and is
    /// delivered again after the next start).
    func stop(before deadline: Date) -> Bool {
        state.withLock { $0.running = false }
        return state.withLock(when: { $0.finished }, until: deadline) { _ in true } ?? false
    }
}
