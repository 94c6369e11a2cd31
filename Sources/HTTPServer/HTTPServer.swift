import CMicroHTTPD
import CMicroHTTPDShim
import Foundation
import Locking

/// An HTTP/1.1 server on libmicrohttpd with a synchronous handler and server-sent-event streams.
///
/// Threading: libmicrohttpd's internal polling threads with epoll and a fixed pool (`threads`), not a thread per
/// connection. Thousands of display boards and phones hold event streams open; with a thread per connection each
/// would cost a stack, while with the pool an idle stream costs only its socket: its connection is *suspended*
/// until a message is queued (see ``EventStream``), so no worker waits or spins on it. Handlers run on the pool's
/// threads and may block briefly (a SQLite commit); the pool keeps other connections moving meanwhile.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    let handler: @Sendable (HTTPRequest) -> HTTPReply
    /// Requests being answered (and event-stream writes), for the watchdog and for shutdown.
    public let activity: ActivityMonitor
    /// What changes while the server runs; a leaf lock (nothing is called while it is held).
    private struct Running {
        var daemon: OpaquePointer?
        var streams: [ObjectIdentifier: EventStream] = [:]
        var heartbeat: (any DispatchSourceTimer)?
        var boundPort = 0
        /// The certificate and key as C strings, kept while libmicrohttpd runs (freed once it has stopped).
        var tlsText: [UnsafeMutablePointer<CChar>] = []
    }
    private let running = Locked(Running())

    public init(
        configuration: HTTPServerConfiguration, activity: ActivityMonitor = ActivityMonitor(), handler: @escaping @Sendable (HTTPRequest) -> HTTPReply
    ) {
        self.configuration = configuration
        self.activity = activity
        self.handler = handler
    }

    /// The port actually listened on.
    public var port: Int { running.read { $0.boundPort } }

    /// Event streams open now.
    public var activeEventStreams: Int { running.read { $0.streams.count } }

    /// Binds and starts the worker threads.
    public func start() throws {
        let host = configuration.host == "localhost" ? "127.0.0.1" : configuration.host
        // libmicrohttpd's threads call back into this object: it stays alive as long as they run (released after
        // MHD_stop_daemon; a stop that must leave a stuck thread behind leaves the object too).
        if configuration.tls != nil, hallq_mhd_has_tls() == 0 {
            throw HTTPServerError(description: "this libmicrohttpd was built without TLS; serve plain HTTP behind a TLS proxy instead")
        }
        let tlsText = configuration.tls.map { [strdup($0.certificatePEM)!, strdup($0.keyPEM)!] } ?? []
        let me = Unmanaged.passRetained(self).toOpaque()
        guard
            let d = hallq_mhd_start(
                host, UInt16(clamping: configuration.port), UInt32(max(1, configuration.threads)), UInt32(max(1, configuration.connectionLimit)),
                UInt32(max(0, configuration.connectionsPerAddress)), UInt32(max(1, configuration.connectionTimeoutSeconds)), tlsText.first,
                tlsText.last, accessHandler, me, requestCompleted, me)
        else {
            Unmanaged<HTTPServer>.fromOpaque(me).release()
            tlsText.forEach { free($0) }
            let why =
                configuration.tls == nil ? "address in use or not valid" : "address in use or not valid, or a certificate and key that do not match"
            throw HTTPServerError(description: "libmicrohttpd could not listen on \(host):\(configuration.port) (\(why))")
        }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + configuration.heartbeatSeconds, repeating: configuration.heartbeatSeconds)
        timer.setEventHandler { [weak self] in self?.sendHeartbeats() }
        timer.resume()
        running.withLock {
            $0.daemon = d
            $0.boundPort = Int(hallq_mhd_port(d))
            $0.heartbeat = timer
            $0.tlsText = tlsText
        }
    }

    /// Whether the server speaks HTTPS.
    public var isTLS: Bool { configuration.tls != nil }

    /// Stops accepting, closes event streams, waits up to `grace` seconds for the requests in flight, then stops the
    /// threads. Returns false, leaving the threads as they are, when a request is still running after `grace` (a
    /// thread stuck in a handler could never be joined): the caller then exits the process instead.
    @discardableResult
    public func stop(grace: Double = 10) -> Bool {
        let (d, open, timer) = running.withLock { r -> (OpaquePointer?, [EventStream], (any DispatchSourceTimer)?) in
            defer {
                r.daemon = nil
                r.heartbeat = nil
            }
            return (r.daemon, Array(r.streams.values), r.heartbeat)
        }
        timer?.cancel()
        guard let d else { return true }
        _ = MHD_quiesce_daemon(d)
        open.forEach { $0.close() }
        // Give streams a moment to flush their end, and handlers in flight until the grace period ends to answer.
        let start = Date()
        while activeEventStreams > 0 && Date().timeIntervalSince(start) < min(2, grace) { usleep(10_000) }
        while !activity.requestsInFlight.isEmpty && Date().timeIntervalSince(start) < grace { usleep(10_000) }
        guard activity.requestsInFlight.isEmpty else { return false }
        MHD_stop_daemon(d)
        running.withLock { r in
            r.tlsText.forEach { free($0) }
            r.tlsText = []
        }
        Unmanaged.passUnretained(self).release()
        return true
    }

    private func sendHeartbeats() {
        let open = running.read { Array($0.streams.values) }
        let ping = ServerSentEvent(comment: "ping")
        open.forEach { $0.send(ping) }
    }

    // MARK: - Called from the C callbacks

    func register(_ stream: EventStream) {
        running.withLock { $0.streams[ObjectIdentifier(stream)] = stream }
    }

    func unregister(_ stream: EventStream) {
        running.withLock { $0.streams[ObjectIdentifier(stream)] = nil }
    }
}
