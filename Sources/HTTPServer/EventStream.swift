import CMicroHTTPD
import Foundation

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
public final class EventStream: @unchecked Sendable {
    private let lock = NSLock()
    private let log: EventLog?
    /// Where in the log this stream reads next.
    private var offset: Int64
    /// The stream's own messages not yet written, and how far into the first one the writing is.
    private var own: [[UInt8]] = []
    private var ownOffset = 0
    private var ownBytes = 0
    private var closed = false
    private var cutOff = false
    private var suspended = false
    private var connection: OpaquePointer?
    private var closeHandlers: [@Sendable () -> Void] = []
    private var closeHandlersRan = false
    /// Most bytes this subscriber may be behind before it is disconnected.
    public let bufferLimit: Int

    /// A stream of `log` from `offset` on (its end for live messages only), after its own `initial` messages.
    public init(log: EventLog? = nil, from offset: Int64? = nil, initial: [ServerSentEvent] = [], bufferLimit: Int = 1 << 20) {
        self.log = log
        self.offset = offset ?? log?.endOffset ?? 0
        self.bufferLimit = max(bufferLimit, 1024)
        own = initial.map(\.encoded)
        ownBytes = own.reduce(0) { $0 + $1.count }
    }

    /// Queues a message of this stream's own (not in the log); never blocks. A subscriber too far behind is cut off.
    public func send(_ event: ServerSentEvent) {
        let bytes = event.encoded
        let ended = lock.withLock { () -> Bool in
            guard !closed else { return false }
            if ownBytes + bytes.count + lagLocked(logEnd: log?.endOffset ?? 0) > bufferLimit {
                cutOffLocked()
                return true
            }
            own.append(bytes)
            ownBytes += bytes.count
            wakeLocked()
            return false
        }
        if ended { runCloseHandlers() }
    }

    /// New messages are in the log up to `logEnd`: resumes the connection, or cuts the stream off when it is too far behind.
    public func wake(logEnd: Int64) {
        let ended = lock.withLock { () -> Bool in
            guard !closed else { return false }
            if lagLocked(logEnd: logEnd) + ownBytes > bufferLimit {
                cutOffLocked()
                return true
            }
            if logEnd > offset { wakeLocked() }
            return false
        }
        if ended { runCloseHandlers() }
    }

    /// Ends the stream after its own queued messages have been written (at once for a suspended client).
    public func close() {
        lock.withLock {
            closed = true
            wakeLocked()
        }
        runCloseHandlers()
    }

    /// Whether the stream has ended (closed, cut off, or the client went away).
    public var isClosed: Bool { lock.withLock { closed } }

    /// Whether it ended because it fell too far behind.
    public var wasCutOff: Bool { lock.withLock { cutOff } }

    /// Bytes waiting for this subscriber (its own and the log's).
    public var backlog: Int { lock.withLock { ownBytes + lagLocked(logEnd: log?.endOffset ?? 0) } }

    /// Runs `body` once when the stream ends (closed, cut off, or the client went away), never under a lock.
    public func onClose(_ body: @escaping @Sendable () -> Void) {
        let runNow = lock.withLock { () -> Bool in
            if closeHandlersRan { return true }
            closeHandlers.append(body)
            return false
        }
        if runNow { body() }
    }

    // MARK: - Server side

    func attach(_ connection: OpaquePointer) { lock.withLock { self.connection = connection } }

    /// Copies what is due for libmicrohttpd: a count, 0 after suspending the connection, or -1 at the end.
    func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        let (count, ended) = lock.withLock { () -> (Int, Bool) in
            let raw = UnsafeMutableRawPointer(buffer)
            var written = 0
            while written < max, !own.isEmpty {
                let n = min(own[0].count - ownOffset, max - written)
                own[0].withUnsafeBytes { (raw + written).copyMemory(from: $0.baseAddress! + ownOffset, byteCount: n) }
                written += n
                ownOffset += n
                ownBytes -= n
                if ownOffset == own[0].count {
                    own.removeFirst()
                    ownOffset = 0
                }
            }
            if written < max, !closed, let log {
                guard let n = log.read(from: offset, into: raw + written, max: max - written) else {
                    // Overwritten before this subscriber read it: it is too far behind.
                    cutOffLocked()
                    return (written > 0 ? written : -1, true)
                }
                offset += Int64(n)
                written += n
            }
            if written > 0 { return (written, false) }
            if closed { return (-1, false) }
            if let connection, !suspended {
                suspended = true
                MHD_suspend_connection(connection)
            }
            return (0, false)
        }
        if ended { runCloseHandlers() }
        return count
    }

    /// The client is gone: libmicrohttpd freed the response.
    func detach() {
        lock.withLock {
            closed = true
            connection = nil
            suspended = false
        }
        runCloseHandlers()
    }

    private func lagLocked(logEnd: Int64) -> Int { log == nil ? 0 : Int(clamping: max(0, logEnd - offset)) }

    private func cutOffLocked() {
        closed = true
        cutOff = true
        own = []
        ownBytes = 0
        ownOffset = 0
        wakeLocked()
    }

    private func wakeLocked() {
        if suspended, let connection {
            suspended = false
            MHD_resume_connection(connection)
        }
    }

    private func runCloseHandlers() {
        let handlers = lock.withLock { () -> [@Sendable () -> Void] in
            if closeHandlersRan { return [] }
            closeHandlersRan = true
            defer { closeHandlers = [] }
            return closeHandlers
        }
        handlers.forEach { $0() }
    }
}
