import Foundation
import Locking

/// Notes when a step of work (a request being answered, a commit) starts and ends, so a watchdog can see what has been
/// running for too long and a shutdown can see what is still in flight.
///
/// Locking: one leaf lock, held only to update the table; nothing is called while it is held.
public final class ActivityMonitor: Sendable {
    /// One step running now.
    public struct Step: Sendable, Hashable {
        /// What it is, e.g. `POST /api/tickets` or `commit`.
        public var what: String
        /// Seconds it has run.
        public var seconds: Double
    }

    private struct Running {
        var steps: [Int: (what: String, since: UInt64, kind: Kind)] = [:]
        var nextToken = 0
    }
    private let running = Locked(Running())

    /// Requests are what a shutdown waits for; other work only what a watchdog watches.
    public enum Kind: Sendable { case request, work }

    public init() {}

    /// Notes that `what` starts; pass the token to ``end(_:)``.
    public func begin(_ what: @autoclosure () -> String, kind: Kind = .work) -> Int {
        let now = DispatchTime.now().uptimeNanoseconds
        let label = what()
        return running.withLock {
            $0.nextToken &+= 1
            $0.steps[$0.nextToken] = (label, now, kind)
            return $0.nextToken
        }
    }

    /// Notes that the step of `token` ended.
    public func end(_ token: Int) { running.withLock { _ = $0.steps.removeValue(forKey: token) } }

    /// Runs `body` as one step.
    public func during<T>(_ what: @autoclosure () -> String, kind: Kind = .work, _ body: () throws -> T) rethrows -> T {
        let token = begin(what(), kind: kind)
        defer { end(token) }
        return try body()
    }

    /// Steps that have run longer than `seconds`, longest first.
    public func stalled(longerThan seconds: Double) -> [Step] {
        let now = DispatchTime.now().uptimeNanoseconds
        let steps = running.read { $0.steps.values.map { Step(what: $0.what, seconds: Self.seconds(from: $0.since, to: now)) } }
        return steps.filter { $0.seconds > seconds }.sorted { $0.seconds > $1.seconds }
    }

    /// Requests being answered now.
    public var requestsInFlight: [Step] {
        let now = DispatchTime.now().uptimeNanoseconds
        return running.read {
            $0.steps.values.filter { $0.kind == .request }.map { Step(what: $0.what, seconds: Self.seconds(from: $0.since, to: now)) }
        }
    }

    /// Seconds between two readings of the clock; 0 for a step that began after `now` was read (another thread's).
    private static func seconds(from since: UInt64, to now: UInt64) -> Double { now > since ? Double(now - since) / 1e9 : 0 }
}
