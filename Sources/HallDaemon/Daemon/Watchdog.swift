import Foundation
import HTTPServer
import Locking
import Logging

/// Watches the committer and the HTTP workers through their ``ActivityMonitor``: a step (a commit, a request being
/// answered, a stream being written) that runs longer than `stuckAfter` seconds makes `/healthz` answer 503 naming it,
/// and the log says so once; past `exitAfter` seconds (0: never) the process exits with status 70, so the service
/// manager starts a fresh one. Every acknowledged change is already committed, so exiting loses nothing.
///
/// It also reads the database once per check on its own queue (a read that hangs shows up as a stuck step), so
/// `/healthz` answers from what the watchdog last saw instead of reading the database per request.
public final class Watchdog: Sendable {
    let activity: ActivityMonitor
    let stuckAfter: Double
    let exitAfter: Double
    let logger: Logger
    let probe: @Sendable () -> Bool
    private let probes = DispatchQueue(label: "hallq.watchdog.probe")
    private struct Seen {
        var probing = false
        var databaseAnswered = true
        var stuck: [ActivityMonitor.Step] = []
        var reported: Set<String> = []
    }
    private let seen = Locked(Seen())
    private let ticker: Ticker

    init(activity: ActivityMonitor, stuckAfter: Double, exitAfter: Double, logger: Logger, probe: @escaping @Sendable () -> Bool) {
        self.activity = activity
        self.probe = probe
        self.stuckAfter = stuckAfter
        self.exitAfter = exitAfter
        self.logger = logger
        ticker = Ticker(name: "watchdog", interval: min(1, stuckAfter / 4))
    }

    /// What has been running too long, longest first (empty when all is well).
    public var stuckSteps: [ActivityMonitor.Step] { seen.read { $0.stuck } }

    /// Whether the database answered the last read.
    public var databaseAnswers: Bool { seen.read { $0.databaseAnswered } }

    /// One look: reads the database (unless the last read is still running), records what is stuck, logs what became
    /// stuck or recovered, exits past `exitAfter`.
    func check() {
        let idle = seen.withLock { s -> Bool in
            defer { s.probing = true }
            return !s.probing
        }
        if idle {
            probes.async { [self] in
                let ok = activity.during("database read") { probe() }
                seen.withLock {
                    $0.databaseAnswered = ok
                    $0.probing = false
                }
            }
        }
        let now = activity.stalled(longerThan: stuckAfter)
        let names = Set(now.map(\.what))
        let (fresh, recovered) = seen.withLock { s -> ([ActivityMonitor.Step], Set<String>) in
            s.stuck = now
            let fresh = now.filter { !s.reported.contains($0.what) }
            let recovered = s.reported.subtracting(names)
            s.reported = names
            return (fresh, recovered)
        }
        for step in fresh { logger.error("stuck: \(LogText.printable(step.what)) has run for \(Int(step.seconds)) s") }
        for what in recovered { logger.notice("no longer stuck: \(LogText.printable(what))") }
        if exitAfter > 0, let worst = now.first, worst.seconds > exitAfter {
            logger.critical("stuck for \(Int(worst.seconds)) s: \(LogText.printable(worst.what)); exiting so the service manager restarts the daemon")
            Daemon.exitNow(70)
        }
    }
}

extension Watchdog: DaemonPart {
    var partName: String { "watchdog" }

    /// Checks about four times per `stuckAfter` (at least once a second).
    func start() { ticker.start { [weak self] in self?.check() } }

    func stop(before deadline: Date) -> Bool { ticker.stop(before: deadline) }
}
