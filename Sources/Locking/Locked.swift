import Foundation

/// A value that only one thread at a time may touch: its owner keeps its mutable state in one `Locked<State>` instead
/// of loose `var`s beside a lock, so the compiler checks that every access goes through ``withLock(_:)``.
///
/// It can also wait: ``withLock(when:until:_:)`` sleeps (releasing the lock) until a condition on the state holds,
/// and ``withLock(_:)`` wakes the sleepers after every change, so a waiter can never miss one. Never call out of the
/// body into code that may take another lock listed before this one (see the daemon's `LockOrder`).
public final class Locked<State>: @unchecked Sendable {
    private let condition = NSCondition()
    private var state: State
    /// Threads asleep in ``withLock(when:until:_:)``: only then does a change wake anyone.
    private var waiters = 0

    public init(_ state: State) { self.state = state }

    /// Runs `body` with the state, alone; then wakes anyone waiting for a change.
    @discardableResult
    public func withLock<T>(_ body: (inout State) throws -> T) rethrows -> T {
        condition.lock()
        defer {
            if waiters > 0 { condition.broadcast() }
            condition.unlock()
        }
        return try body(&state)
    }

    /// Runs `body` with the state, alone, without waking waiters (for reads and changes nobody waits for).
    public func read<T>(_ body: (State) throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body(state)
    }

    /// Waits until `ready(state)`, then runs `body` with the state, alone.
    public func withLock<T>(when ready: (State) -> Bool, _ body: (inout State) throws -> T) rethrows -> T {
        try withLock(when: ready, until: nil, body)!
    }

    /// Waits until `ready(state)` (or until `deadline`), then runs `body` with the state, alone. Returns nil when the
    /// deadline passed first.
    public func withLock<T>(when ready: (State) -> Bool, until deadline: Date?, _ body: (inout State) throws -> T) rethrows -> T? {
        condition.lock()
        defer {
            if waiters > 0 { condition.broadcast() }
            condition.unlock()
        }
        while !ready(state) {
            waiters += 1
            let woken =
                deadline.map { condition.wait(until: $0) }
                ?? {
                    condition.wait(); return true
                }()
            waiters -= 1
            if !woken && !ready(state) { return nil }
        }
        return try body(&state)
    }
}
