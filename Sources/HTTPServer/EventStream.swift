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
    private var pending: [UInt8] = []
    private var readOffset = 0
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
        pending = initial.flatMap(\.encoded)
    }

    /// Queues a message; never blocks. A subscriber too far behind is closed instead.
    public func send(_ event: ServerSentEvent) {
        let bytes = event.encoded
        var cutOff = false
        lock.withLock {
            guard !closed else { return }
            if pending.count - readOffset + bytes.count > bufferLimit {
                closed = true
                cutOff = true
            } else {
                pending += bytes
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
    public var backlog: Int { lock.withLock { pending.count - readOffset } }

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
            let available = pending.count - readOffset
            if available > 0 {
                let n = min(available, max)
                pending.withUnsafeBufferPointer { src in
                    UnsafeMutableRawPointer(buffer).copyMemory(from: src.baseAddress! + readOffset, byteCount: n)
                }
                readOffset += n
                if readOffset == pending.count {
                    // Most of the time a display's stream is idle: give its buffer back rather than keep 2,000 of them.
                    pending = []
                    readOffset = 0
                } else if readOffset > 64 * 1024 {
                    pending.removeFirst(readOffset)
                    readOffset = 0
                }
                return n
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
