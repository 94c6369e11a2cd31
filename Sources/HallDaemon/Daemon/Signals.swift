import Dispatch
import Foundation

extension Daemon {
    /// Serves until SIGINT or SIGTERM, then shuts down; returns the exit status (0 for a clean stop).
    ///
    /// The stop always ends: requests in flight get the grace period, a second signal exits at once, and if the
    /// shutdown itself overruns (a delivery or a checkpoint held up by another process's lock) the process exits a few
    /// seconds after the grace period regardless. Acknowledged changes are committed, so none of these loses one.
    public func runUntilSignalled() -> Int32 {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let first = DispatchSemaphore(value: 0)
        let received = SignalCount()
        let logger = self.logger
        let sources = [SIGINT, SIGTERM].map { sig -> any DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if received.increment() == 1 {
                    first.signal()
                } else {
                    logger.warning("second stop signal: exiting at once")
                    Self.exitNow(1)
                }
            }
            source.resume()
            return source
        }
        first.wait()
        let grace = options.shutdownGraceSeconds
        DispatchQueue.global().asyncAfter(deadline: .now() + grace + 5) {
            logger.error("shutdown did not finish within \(Int(grace) + 5) s: exiting")
            Self.exitNow(1)
        }
        let clean = shutdown()
        _ = sources
        if clean { return 0 }
        // Threads are stuck: try to fold the WAL back for a second, then leave (SQLite recovers the WAL at next start).
        let checkpointed = DispatchSemaphore(value: 0)
        let store = service.store
        Thread.detachNewThread {
            store.checkpoint()
            checkpointed.signal()
        }
        _ = checkpointed.wait(timeout: .now() + 1)
        return 1
    }

    /// Ends the process without running exit handlers or waiting for threads (some may be stuck).
    public static func exitNow(_ status: Int32) -> Never {
        fflush(nil)
        _exit(status)
    }
}

/// Signals received so far (from the signal sources' queue).
private final class SignalCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() -> Int {
        lock.withLock {
            count += 1; return count
        }
    }
}
