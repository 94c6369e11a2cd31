import Dispatch
import Foundation

extension Daemon {
    /// SIGINT and SIGTERM as a set.
    private static var terminationSignals: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }

    /// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts afterwards, so that they wait for
    /// ``runUntilSignalled()`` instead of landing on whichever thread the kernel picks (where they would be lost).
    /// Call it first, before anything starts a thread.
    public static func holdTerminationSignals() {
        var set = terminationSignals
        pthread_sigmask(SIG_BLOCK, &set, nil)
        // A write into a pipe whose reader has gone (an sms_command that exits without reading its text) must fail
        // that write, not end the daemon: SIGPIPE's default action kills the whole process.
        signal(SIGPIPE, SIG_IGN)
    }

    /// A child that exits without reading its input (an SMS command that fails at once, espeak-ng killed at its
    /// deadline) makes writing to it raise SIGPIPE, whose default ends the whole daemon without a word; ignored, the
    /// write fails with EPIPE and that one delivery fails instead. The daemon does this when it starts.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Serves until SIGINT or SIGTERM, then shuts down; returns the exit status (0 for a clean stop).
    ///
    /// The stop always ends: requests in flight get the grace period, a second signal exits at once, and if the
    /// shutdown itself overruns (a delivery or a checkpoint held up by another process's lock) the process exits a few
    /// seconds after the grace period regardless. Acknowledged changes are committed, so none of these loses one.
    /// Needs ``holdTerminationSignals()`` to have run before the daemon started its threads.
    public func runUntilSignalled() -> Int32 {
        let first = DispatchSemaphore(value: 0)
        let logger = self.logger
        let waiter = Thread {
            var set = Self.terminationSignals
            var signal: Int32 = 0
            sigwait(&set, &signal)
            first.signal()
            sigwait(&set, &signal)
            logger.warning("second stop signal: exiting at once")
            Self.exitNow(1)
        }
        waiter.name = "hallq-signals"
        waiter.start()
        first.wait()
        ServiceManager.notify("STOPPING=1")
        let grace = options.shutdownGraceSeconds
        DispatchQueue.global().asyncAfter(deadline: .now() + grace + 5) {
            logger.error("shutdown did not finish within \(Int(grace) + 5) s: exiting")
            Self.exitNow(1)
        }
        let clean = shutdown()
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
