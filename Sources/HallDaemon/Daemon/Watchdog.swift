import Foundation
import HTTPServer
import Logging

/// Watches the committer and the HTTP workers through their ``ActivityMonitor``: a step (a commit, a request being
/// answered, a stream being written) that runs longer than `stuckAfter` seconds makes `/healthz` answer 503 naming it,
/// and the log says so once; past `exitAfter` seconds (0: never) the process exits with status 70, so the service
/// manager starts a fresh one. Every acknowledged change is already committed, so exiting loses nothing.
///
/// It also reads the database once per check on its own queue (a read that hangs shows up as a stuck step), so
/// `/healthz` answers from what the watchdog last saw instead of reading the database per request.
public final class Watchdog: @unchecked Sendable {
    let activity: ActivityMonitor
    let stuckAfter: Double
    let exitAfter: Double
    let logger: Logger
    let probe: @Sendable () -> Bool
    private let probes = DispatchQueue(label: "hallq.watchdog.probe")
    /// Guards the fields below (a leaf lock).
    private let lock = NSLock()
    private var probing = false
    private var databaseAnswered = true
    private var stuck: [ActivityMonitor.Step] = []
    private var reported: Set<String> = []
    private var timer: (any DispatchSourceTimer)?

    init(activity: ActivityMonitor, stuckAfter: Double, exitAfter: Double, logger: Logger, probe: @escaping @Sendable () -> Bool) {
        self.activity = activity
        self.probe = probe
        self.stuckAfter = stuckAfter
        self.exitAfter = exitAfter
        self.logger = logger
    }

    /// What has been running too long, longest first (empty when all is well).
    public var stuckSteps: [ActivityMonitor.Step] { lock.withLock { stuck } }

    /// Whether the database answered the last read.
    public var databaseAnswers: Bool { lock.withLock { databaseAnswered } }

    /// Checks about four times per `stuckAfter` (at least once a second) until ``stop()``.
    func start() {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        let period = min(1, stuckAfter / 4)
        timer.schedule(deadline: .now() + period, repeating: period, leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in self?.check() }
        timer.resume()
        lock.withLock { self.timer = timer }
    }

    func stop() { lock.withLock { timer }?.cancel() }

    /// One look: reads the database (unless the last read is still running), records what is stuck, logs what became
    /// stuck or recovered, exits past `exitAfter`.
    func check() {
        if lock.withLock({ () -> Bool in
            defer { probing = true }; return !probing
        }) {
            probes.async { [self] in
                let ok = activity.during("database read") { probe() }
                lock.withLock {
                    databaseAnswered = ok
                    probing = false
                }
            }
        }
        let now = activity.stalled(longerThan: stuckAfter)
        let names = Set(now.map(\.what))
        let (fresh, recovered) = lock.withLock { () -> ([ActivityMonitor.Step], Set<String>) in
            stuck = now
            let fresh = now.filter { !reported.contains($0.what) }
            let recovered = reported.subtracting(names)
            reported = names
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
