import Foundation
import HallCore
import HallStore
import Logging

/// Rolls the hall day over by itself: at start and shortly after each midnight in the hall's time zone it cancels
/// tickets still waiting from earlier days (journaled as `ticket.cancelled` with `by: day-end`, so screens clear)
/// and forgets the phone and ID numbers of tickets of earlier days. Without it, yesterday's line stayed on the
/// screens until someone took a ticket or a window acted.
final class HallDayKeeper: @unchecked Sendable {
    let service: HallService
    let logger: Logger
    private let lock = NSLock()
    /// The hall day last rolled over to ("" before the first look).
    private var rolledDay = ""
    private var timer: DispatchSourceTimer?
    private let queue = DispatchQueue(label: "hallq.hall-day")

    init(service: HallService, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    /// Looks at once, then every `interval` seconds until ``stop()``.
    func start(interval: Double) {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: interval, leeway: .milliseconds(200))
        timer.setEventHandler { [weak self] in self?.look() }
        timer.resume()
        lock.withLock { self.timer = timer }
    }

    func stop() {
        lock.withLock { timer }?.cancel()
        queue.sync {}
    }

    private func look() {
        let today = service.read { $0.calendar.day(of: service.clock()) }
        guard lock.withLock({ rolledDay != today }) else { return }
        do {
            try rollOver(to: today)
            lock.withLock { rolledDay = today }
        } catch {
            logger.error("the hall day did not roll over to \(today): \(error); trying again")
        }
    }

    /// Closes earlier days in the live hall (any change does that first) and clears their contacts in the store.
    func rollOver(to today: String) throws {
        try service.change { _, _ in ((), []) }
        let cleared = try service.store.clearContacts(before: today)
        if cleared > 0 { logger.info("hall day \(today): cleared the phone and ID numbers of \(cleared) tickets of earlier days") }
    }
}
