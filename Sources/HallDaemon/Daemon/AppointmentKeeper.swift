import Foundation
import HallCore
import Locking
import Logging

/// Marks bookings nobody checked in as no-shows at the end of their slot (journaled as `appointment.noShow`, so
/// statistics count them), and lets the live hall forget bookings of earlier days once a new day starts. It looks at
/// start and every few seconds; a look that finds nothing due takes only the hall's read lock.
final class AppointmentKeeper: Sendable {
    let service: HallService
    let logger: Logger
    /// The hall day whose earlier bookings were last let go ("" before the first look).
    private let sweptDay = Locked("")
    private let ticker: Ticker

    init(service: HallService, logger: Logger, lookEvery: Double = 2) {
        self.service = service
        self.logger = logger
        ticker = Ticker(name: "appointments", interval: lookEvery, firstAfter: 0)
    }

    func look() {
        let (due, today) = service.read { hall in
            let now = service.clock()
            return (hall.hasNoShowsDue(now: now), hall.calendar.day(of: now))
        }
        let newDay = sweptDay.read { $0 != today }
        guard due || newDay else { return }
        do {
            let marked = try service.change { hall, now in
                let events = hall.closeAppointments(now: now)
                return (events.count, events)
            }
            if marked > 0 { logger.info("\(marked) bookings not checked in by the end of their slot are no-shows") }
            sweptDay.withLock { $0 = today }
        } catch {
            logger.error("bookings due as no-shows were not marked: \(error); trying again")
        }
    }
}

extension AppointmentKeeper: DaemonPart {
    var partName: String { "appointments" }
    func start() { ticker.start { [weak self] in self?.look() } }
    func stop(before deadline: Date) -> Bool { ticker.stop(before: deadline) }
}
