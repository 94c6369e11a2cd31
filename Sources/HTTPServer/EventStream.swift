import CMicroHTTPD
import Foundation
import Locking

/// One server-sent-events subscriber: the messages of a shared ``EventLog`` from its own offset on, plus a few of its
/// own (a greeting, a `retry:` hint, heartbeats, a resync notice) sent with ``send(_:)``.
///
/// The connection is suspended in libmicrohttpd while there is nothing to write (no worker thread waits on it and no
/// polling spins) and resumed by ``wake(logEnd:)`` or ``send(_:)``. A subscriber that does not read falls behind;
/// once it is more than `bufferLimit` bytes behind, it is cut off so it can never hold up the others.
///
/// Locking: the stream's lock is taken after any lock of the application's and before the log's and libmicrohttpd's
/// own (suspending and resuming the connection happen under it, which keeps the connection alive meanwhile:
/// libmicrohttpd frees it only after ``detach()``, which needs this lock). Close handlers never run under it, and
/// ``send(_:)``, ``wake(logEnd:)`` and ``close()`` may run them: call those with no lock held that a handler takes.
public final class EventStream: Sendable {
    private let log: EventLog?
    /// Most bytes this subscriber may be behind before it is disconnected.
    public let bufferLimit: Int

    private struct Cursor {
        /// Where in the log this stream reads next.
        var offset: Int64
        /// The stream's own messages not yet written, and how far into the first one the writing is.
        var own: [[UInt8]] = []
        var ownOffset = 0
        var ownBytes = 0
        var closed = false
        var cutOff = false
        var suspended = false
        var connection: OpaquePointer?
        var closeHandlers: [@Sendable () -> Void] = []
        var closeHandlersRan = false

        func lag(logEnd: Int64, hasLog: Bool) -> Int { hasLog ? Int(clamping: max(0, logEnd - offset)) : 0 }

        mutating func cutOffNow() {
            closed = true
            cutOff = true
            own = []
            ownBytes = 0
            ownOffset = 0
            wake()
        }

        mutating func wake() {
            if suspended, let connection {
                suspended = false
                MHD_resume_connection(connection)
            }
        }
    }
    private let cursor: Locked<Cursor>

    /// A stream of `log` from `offset` on (its end for live messages only), after its own `initial` messages.
    public init(log: EventLog? = nil, from offset: Int64? = nil, initial: [ServerSentEvent] = [], bufferLimit: Int = 1 << 20) {
        self.log = log
        self.bufferLimit = max(bufferLimit, 1024)
        var start = Cursor(offset: offset ?? log?.endOffset ?? 0)
        start.own = initial.map(\.encoded)
        start.ownBytes = start.own.reduce(0) { $0 + $1.count }
        cursor = Locked(start)
    }

    /// Queues a message of this stream's own (not in the log); never blocks. A subscriber too far behind is cut off.
    public func send(_ event: ServerSentEvent) {
        let bytes = event.encoded
        let logEnd = log?.endOffset ?? 0
        let ended = cursor.withLock { c -> Bool in
            guard !c.closed else { return false }
            if c.ownBytes + bytes.count + c.lag(logEnd: logEnd, hasLog: log != nil) > bufferLimit {
                c.cutOffNow()
                return true
            }
            c.own.append(bytes)
            c.ownBytes += bytes.count
            c.wake()
            return false
        }
        if ended { runCloseHandlers() }
    }

    /// New messages are in the log up to `logEnd`: resumes the connection, or cuts the stream off when it is too far behind.
    public func wake(logEnd: Int64) {
        let ended = cursor.withLock { c -> Bool in
            guard !c.closed else { return false }
            if c.lag(logEnd: logEnd, hasLog: log != nil) + c.ownBytes > bufferLimit {
                c.cutOffNow()
                return true
            }
            if logEnd > c.offset { c.wake() }
            return false
        }
        if ended { runCloseHandlers() }
    }

    /// Ends the stream after its own queued messages have been written (at once for a suspended client).
    public func close() {
        cursor.withLock {
            $0.closed = true
            $0.wake()
        }
        runCloseHandlers()
    }

    /// Whether the stream has ended (closed, cut off, or the client went away).
    public var isClosed: Bool { cursor.read { $0.closed } }

    /// Whether it ended because it fell too far behind.
    public var wasCutOff: Bool { cursor.read { $0.cutOff } }

    /// Bytes waiting for this subscriber (its own and the log's).
    public var backlog: Int {
        let logEnd = log?.endOffset ?? 0
        return cursor.read { $0.ownBytes + $0.lag(logEnd: logEnd, hasLog: log != nil) }
    }

    /// Runs `body` once when the stream ends (closed, cut off, or the client went away), never under a lock.
    public func onClose(_ body: @escaping @Sendable () -> Void) {
        let runNow = cursor.withLock { c -> Bool in
            if c.closeHandlersRan { return true }
            c.closeHandlers.append(body)
            return false
        }
        if runNow { body() }
    }

    // MARK: - Server side

    func attach(_ connection: OpaquePointer) { cursor.withLock { $0.connection = connection } }

    /// Copies what is due for libmicrohttpd: a count, 0 after suspending the connection, or -1 at the end.
    func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        let (count, ended) = cursor.withLock { c -> (Int, Bool) in
            let raw = UnsafeMutableRawPointer(buffer)
            var written = 0
            while written < max, !c.own.isEmpty {
                let n = min(c.own[0].count - c.ownOffset, max - written)
                let from = c.ownOffset
                c.own[0].withUnsafeBytes { (raw + written).copyMemory(from: $0.baseAddress! + from, byteCount: n) }
                written += n
                c.ownOffset += n
                c.ownBytes -= n
                if c.ownOffset == c.own[0].count {
                    c.own.removeFirst()
                    c.ownOffset = 0
                }
            }
            if written < max, !c.closed, let log {
                guard let n = log.read(from: c.offset, into: raw + written, max: max - written) else {
                    // Overwritten before this subscriber read it: it is too far behind.
                    c.cutOffNow()
                    return (written > 0 ? written : -1, true)
                }
                c.offset += Int64(n)
                written += n
            }
            if written > 0 { return (written, false) }
            if c.closed { return (-1, false) }
            if let connection = c.connection, !c.suspended {
                c.suspended = true
                MHD_suspend_connection(connection)
            }
            return (0, false)
        }
        if ended { runCloseHandlers() }
        return count
    }

    /// The client is gone: libmicrohttpd freed the response.
    func detach() {
        cursor.withLock {
            $0.closed = true
            $0.connection = nil
            $0.suspended = false
        }
        runCloseHandlers()
    }

    private func runCloseHandlers() {
        let handlers = cursor.withLock { c -> [@Sendable () -> Void] in
            if c.closeHandlersRan { return [] }
            c.closeHandlersRan = true
            defer { c.closeHandlers = [] }
            return c.closeHandlers
        }
        handlers.forEach { $0() }
    }
}
