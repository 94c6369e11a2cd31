import Foundation
import Locking

/// A few connections shared by threads: each call borrows one (opening it on first need), and gives it back unless
/// it broke. On a machine of two cores a handful is enough: PostgreSQL does its work in one process per connection,
/// and more connections than about twice the cores only queue inside the server.
public final class PostgresPool: Sendable {
    public let settings: PostgresSettings
    public let size: Int
    /// How long a caller waits for a connection to come free.
    public let waitSeconds: Double
    private struct State {
        var idle: [PostgresConnection] = []
        /// Connections lent out or being opened.
        var busy = 0
        var closed = false
    }
    private let state = Locked(State())

    public init(settings: PostgresSettings, size: Int = 4, waitSeconds: Double = 10) {
        self.settings = settings
        self.size = max(1, size)
        self.waitSeconds = waitSeconds
    }

    /// Runs `body` with a connection of the pool; a connection that broke during it is dropped (the next call opens a
    /// new one), so a restarted server is used again without anyone noticing but the calls it failed.
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let deadline = Date() + waitSeconds
        let lent: PostgresConnection?? = state.withLock(when: { !$0.idle.isEmpty || $0.busy + $0.idle.count < size || $0.closed }, until: deadline) {
            s -> PostgresConnection? in
            s.busy += 1
            return s.idle.popLast()
        }
        guard let lent else { throw PostgresError(.poolTimeout, "no connection to \(settings) came free within \(Int(waitSeconds)) s") }
        let connection: PostgresConnection
        do {
            connection = try lent ?? PostgresConnection(settings)
        } catch {
            state.withLock { $0.busy -= 1 }
            throw error
        }
        defer {
            state.withLock { s in
                s.busy -= 1
                if !connection.isBroken && !s.closed { s.idle.append(connection) }
            }
        }
        return try body(connection)
    }

    /// Runs `body` in a transaction on a connection of the pool.
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { try $0.transaction(body) }
    }

    /// Closes the idle connections; connections lent out close when they come back.
    public func close() {
        let idle = state.withLock { s -> [PostgresConnection] in
            s.closed = true
            defer { s.idle = [] }
            return s.idle
        }
        _ = idle
    }
}
