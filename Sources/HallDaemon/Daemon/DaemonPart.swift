import Foundation

/// A long-lived part of the daemon with threads or timers of its own (the hall's committer, the live-event hub, the
/// outbox, the alert monitor, the hall-day keeper, the appointment keeper, the watchdog, the access log, the HTTP server). ``Daemon`` starts
/// them in one place, in order, and stops them in the reverse order.
protocol DaemonPart: AnyObject, Sendable {
    /// What the log calls it.
    var partName: String { get }
    /// Starts its threads or timers.
    func start() throws
    /// Stops them, waiting at most until `deadline` for work in progress; false when something was still running.
    @discardableResult
    func stop(before deadline: Date) -> Bool
}
