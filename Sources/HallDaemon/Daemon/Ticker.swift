import Foundation
import Locking

/// Runs a tick every `interval` seconds on a queue of its own, one tick at a time, from ``start(_:)`` until ``stop(before:)``:
/// the one timer the daemon's periodic parts (alert checks, the hall day, the watchdog) share.
final class Ticker: Sendable {
    let name: String
    let interval: Double
    let firstAfter: Double
    private let queue: DispatchQueue
    private let timer = Locked<(any DispatchSourceTimer)?>(nil)

    /// A ticker whose first tick comes `firstAfter` seconds after ``start(_:)`` (default: one interval).
    init(name: String, interval: Double, firstAfter: Double? = nil) {
        self.name = name
        self.interval = interval
        self.firstAfter = firstAfter ?? interval
        queue = DispatchQueue(label: "hallq.\(name)")
    }

    /// Runs `tick` at every tick from now on.
    func start(_ tick: @escaping @Sendable () -> Void) {
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: .now() + firstAfter, repeating: interval, leeway: .milliseconds(Int(min(200, interval * 100))))
        source.setEventHandler(handler: tick)
        source.resume()
        timer.withLock { $0 = source }
    }

    /// Cancels the timer and waits (until `deadline`) for a tick in progress; false when it was still running.
    func stop(before deadline: Date) -> Bool {
        timer.withLock { $0 }?.cancel()
        let idle = DispatchSemaphore(value: 0)
        queue.async { idle.signal() }
        return idle.wait(timeout: .now() + max(0, deadline.timeIntervalSinceNow)) == .success
    }
}
