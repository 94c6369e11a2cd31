import Foundation
import HTTPServer

#if canImport(Glibc)
    import Glibc
#endif

/// Starts a server on a free port with `handler`; stops it when released.
final class RunningServer {
    let server: HTTPServer
    var port: Int { server.port }

    init(
        maxBody: Int = 1024, heartbeat: Double = 15, defaultHeaders: [(String, String)] = [],
        handler: @escaping @Sendable (HTTPRequest) -> HTTPReply
    ) throws {
        var config = HTTPServerConfiguration()
        config.defaultHeaders = defaultHeaders
        config.port = 0
        config.threads = 2
        config.maxBodyBytes = maxBody
        config.heartbeatSeconds = heartbeat
        server = HTTPServer(configuration: config, handler: handler)
        try server.start()
    }

    deinit { server.stop() }
}

/// A raw TCP client: sends bytes, reads with a timeout.
final class RawClient: @unchecked Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Reads until `predicate` holds for everything read so far, the peer closes, or `timeout` passes.
    func read(timeout: Double = 3, until predicate: (String) -> Bool = { _ in false }) -> String {
        var data: [UInt8] = []
        let deadline = Date() + timeout
        while Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000))) > 0 else { break }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            data += chunk[0..<n]
            if predicate(String(decoding: data, as: UTF8.self)) { break }
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Sends one request and reads the whole response (the server closes because of `Connection: close`).
    static func exchange(port: Int, _ request: String) throws -> String {
        let client = try RawClient(port: port)
        client.send(request)
        return client.read()
    }
}
