import Foundation
import HallCore
import HallStore
import Locking
import Logging

/// Rolls the hall day over by itself: at start and shortly after each midnight in the hall's time zone it cancels
/// tickets still waiting from earlier days (journaled as `ticket.cancelled` with `by: day-end`, so screens clear)
/// and forgets the phone and ID numbers of tickets of earlier days. Without it, yesterday's line stayed on the
/// screens until someone took a ticket or a window acted.
final class HallDayKeeper: Sendable {
    let service: HallService
    let logger: Logger
    /// The hall day last rolled over to ("" before the first look).
    private let rolledDay = Locked("")
    private let ticker: Ticker

    /// A keeper that looks at once when started, then every `lookEvery` seconds.
    init(service: HallService, logger: Logger, lookEvery: Double = 2) {
        self.service = service
        self.logger = logger
        ticker = Ticker(name: "hall-day", interval: lookEvery, firstAfter: 0)
    }

    private func look() {
        let today = service.read { $0.calendar.day(of: service.clock()) }
        guard rolledDay.read({ $0 != today }) else { return }
        do {
            try rollOver(to: today)
            rolledDay.withLock { $0 = today }
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

extension HallDayKeeper: DaemonPart {
    var partName: String { "hall day" }
    func start() { ticker.start { [weak self] in self?.look() } }
    func stop(before deadline: Date) -> Bool { ticker.stop(before: deadline) }
}
