import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension TestDaemon {
    /// A blocking HTTP request sent from the loopback address `source` (every 127.x.y.z is this machine on Linux),
    /// so tests can be several clients: the daemon sees `source` as the client's address.
    @discardableResult
    /// A `json` body is sent as `application/json`; a raw `body` with only the `headers` given.
    public func request(
        _ method: String, _ path: String, json: [String: Any]? = nil, body raw: Data? = nil, token: String? = nil, from source: String,
        headers: [String: String] = [:]
    ) throws -> TestResponse {
        var head = "\(method) \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        var body = raw ?? Data()
        if let json {
            body = try JSONSerialization.data(withJSONObject: json)
            head += "Content-Type: application/json\r\n"
        }
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        let reply = try Self.exchange(Data(head.utf8) + body, port: port, source: source)
        return try Self.parse(reply)
    }

    private static func exchange(_ request: Data, port: Int, source: String) throws -> Data {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestDaemonError.http("no socket") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard withUnsafePointer(to: &local, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }) == 0 else {
            throw TestDaemonError.http("cannot bind to \(source): errno \(errno)")
        }
        guard withUnsafePointer(to: &remote, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, size) } }) == 0 else {
            throw TestDaemonError.http("cannot connect from \(source) to port \(port): errno \(errno)")
        }
        let sent = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == request.count else { throw TestDaemonError.http("short send from \(source)") }
        var reply = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            reply.append(contentsOf: chunk[0..<n])
        }
        return reply
    }

    private static func parse(_ reply: Data) throws -> TestResponse {
        let bytes = [UInt8](reply)
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { bytes[$0..<$0 + 4] == [13, 10, 13, 10] }) else {
            throw TestDaemonError.http("no HTTP reply: \(String(decoding: reply, as: UTF8.self))")
        }
        let lines = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return TestResponse(status: status, headers: headers, body: Data(bytes[(end + 4)...]))
    }
}
