import CMicroHTTPD
import Foundation

/// One server-sent-events subscriber. The application keeps it and calls ``send(_:)`` from any thread; the server
/// writes queued messages when the client can take them.
///
/// The connection is suspended in libmicrohttpd while nothing is queued (no worker thread waits on it and no
/// polling spins) and resumed by ``send(_:)``. A subscriber that does not read falls behind; once more than
/// `bufferLimit` bytes wait for it, it is cut off so it can never hold up the others.
public final class EventStream: @unchecked Sendable {
    private let lock = NSLock()
    /// Queued messages, shared with every other subscriber's queue (arrays are copy-on-write), so a message sent to
    /// 2,000 screens is held once, not 2,000 times.
    private var chunks: [[UInt8]] = []
    /// The first chunk not yet fully written, and how far into it the writing is.
    private var head = 0
    private var headOffset = 0
    private var queued = 0
    private var closed = false
    private var suspended = false
    private var connection: OpaquePointer?
    private var closeHandlers: [@Sendable () -> Void] = []
    private var closeHandlersRan = false
    /// Most bytes that may wait for this subscriber before it is disconnected.
    public let bufferLimit: Int

    /// A stream that first writes `initial` (e.g. messages replayed after `Last-Event-ID`).
    public init(initial: [ServerSentEvent] = [], bufferLimit: Int = 1 << 20) {
        self.bufferLimit = max(bufferLimit, 1024)
        chunks = initial.map(\.encoded)
        queued = chunks.reduce(0) { $0 + $1.count }
    }

    /// Queues a message; never blocks. A subscriber too far behind is closed instead.
    public func send(_ event: ServerSentEvent) { send(encoded: event.encoded) }

    /// Queues a message already encoded (``ServerSentEvent/encoded``): encode once, send to every subscriber.
    public func send(encoded bytes: [UInt8]) {
        var cutOff = false
        lock.withLock {
            guard !closed else { return }
            if queued + bytes.count > bufferLimit {
                closed = true
                cutOff = true
            } else {
                chunks.append(bytes)
                queued += bytes.count
            }
            wakeLocked()
        }
        if cutOff { runCloseHandlers() }
    }

    /// Ends the stream after what is already queued has been written... or at once for a suspended client.
    public func close() {
        lock.withLock {
            closed = true
            wakeLocked()
        }
        runCloseHandlers()
    }

    public var isClosed: Bool { lock.withLock { closed } }

    /// Bytes queued and not yet written.
    public var backlog: Int { lock.withLock { queued } }

    /// Runs `body` once when the stream ends (closed, cut off, or the client went away).
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

    /// Copies queued bytes for libmicrohttpd: a count, 0 after suspending the connection, or -1 at the end.
    func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        lock.withLock {
            if queued > 0 {
                var written = 0
                while written < max, head < chunks.count {
                    let n = min(chunks[head].count - headOffset, max - written)
                    if n > 0 {
                        chunks[head].withUnsafeBufferPointer { src in
                            (UnsafeMutableRawPointer(buffer) + written).copyMemory(from: src.baseAddress! + headOffset, byteCount: n)
                        }
                    }
                    written += n
                    headOffset += n
                    if headOffset == chunks[head].count {
                        head += 1
                        headOffset = 0
                    }
                }
                queued -= written
                if head == chunks.count {
                    // Most of the time a display's stream is idle: give its queue back rather than keep 2,000 of them.
                    chunks = []
                    head = 0
                } else if head >= 64 {
                    chunks.removeFirst(head)
                    head = 0
                }
                return written
            }
            if closed { return -1 }
            if let connection, !suspended {
                suspended = true
                MHD_suspend_connection(connection)
            }
            return 0
        }
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
