import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One server-sent event as received.
public struct SSEMessage: Sendable, Hashable {
    public var id: String?
    public var event: String?
    public var data: String

    /// `data` parsed as a JSON object.
    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:] }
}

/// A minimal blocking SSE subscriber over a raw socket, for tests.
/// One thread at a time may use it (it may be handed to another thread).
public final class SSEClient: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var headerDone = false
    /// The HTTP status of the stream's response.
    public private(set) var status = 0
    /// The headers of the stream's response (names lowercased), once its head has arrived.
    public private(set) var headers: [String: String] = [:]

    /// Connects to `GET /api/events` on loopback, optionally resuming after `lastEventID`. `receiveBufferBytes` shrinks
    /// the socket's receive buffer (a board on flaky Wi-Fi); `sourceAddress` binds the client to another loopback
    /// address (any 127.x.y.z), so one machine can act as many clients; `headers` are sent with the request (e.g. a
    /// proxy's `X-Forwarded-For`).
    public init(
        port: Int, path: String = "/api/events", lastEventID: String? = nil, receiveBufferBytes: Int? = nil, sourceAddress: String? = nil,
        headers: [String: String] = [:]
    ) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBufferBytes.map(Int32.init) {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        if let sourceAddress {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(sourceAddress)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                close(fd)
                throw TestDaemonError.http("cannot bind to \(sourceAddress)")
            }
        }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else {
            close(fd)
            throw TestDaemonError.http("cannot connect to port \(port)")
        }
        // HTTP/1.0, so the stream comes unchunked and the parser sees plain SSE lines.
        var request = "GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        if let lastEventID { request += "Last-Event-ID: \(lastEventID)\r\n" }
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
    }

    deinit { disconnect() }

    private var open = true

    /// Drops the connection (as a board that loses its Wi-Fi).
    public func disconnect() {
        guard open else { return }
        open = false
        close(fd)
    }

    /// The next event (comments and `retry:` lines skipped), or nil when none arrives within `timeout` seconds.
    public func next(timeout: Double = 5) -> SSEMessage? {
        let deadline = Date() + timeout
        while true {
            if let message = parseOne() { return message }
            let left = deadline.timeIntervalSinceNow
            guard left > 0, fill(timeout: left) else { return nil }
        }
    }

    /// Up to `count` events, stopping early when none arrives for `timeout` seconds.
    public func collect(_ count: Int, timeout: Double = 5) -> [SSEMessage] {
        var all: [SSEMessage] = []
        while all.count < count, let m = next(timeout: timeout) { all.append(m) }
        return all
    }

    private func fill(timeout: Double) -> Bool {
        guard open else { return false }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, Int32(timeout * 1000)) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &chunk, chunk.count, 0)
        guard n > 0 else { return false }
        buffer += chunk[0..<n]
        return true
    }

    /// Takes one complete event block off the buffer (after the HTTP head and chunk framing).
    private func parseOne() -> SSEMessage? {
        if !headerDone {
            guard let end = find([13, 10, 13, 10]) else { return nil }
            let head = String(decoding: buffer[0..<end], as: UTF8.self)
            status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
            for line in head.components(separatedBy: "\r\n").dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
            buffer.removeFirst(end + 4)
            headerDone = true
        }
        while true {
            // Blocks end at a blank line; the daemon writes "\n" line ends (a CR before one is dropped below).
            guard let end = blockEnd() else { return nil }
            let block = String(decoding: buffer[0..<end], as: UTF8.self).replacingOccurrences(of: "\r", with: "")
            buffer.removeFirst(end + 2)
            var message = SSEMessage(id: nil, event: nil, data: "")
            var hasData = false
            for line in block.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.hasPrefix("id:") {
                    message.id = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
                } else if line.hasPrefix("event:") {
                    message.event = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
                } else if line.hasPrefix("data:") {
                    message.data += (hasData ? "\n" : "") + line.dropFirst(5).trimmingCharacters(in: .whitespaces)
                    hasData = true
                }
            }
            if hasData { return message }
        }
    }

    /// Where the first "\n\n" starts in the buffer.
    private func blockEnd() -> Int? {
        guard buffer.count >= 2 else { return nil }
        return buffer.withUnsafeBufferPointer { b in (0..<(b.count - 1)).first { b[$0] == 10 && b[$0 + 1] == 10 } }
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for i in 0...(buffer.count - pattern.count) where Array(buffer[i..<i + pattern.count]) == pattern { return i }
        return nil
    }
}
