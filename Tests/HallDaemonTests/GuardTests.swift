import Foundation
import HallTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What only the HTTP layer of a real daemon can show (access rules and bad input are tested in process, in
/// AccessRuleTests).
@Suite(.serialized) struct GuardTests {
    @Test func aBodyOverTheLimitIsRefusedBeforeItArrives() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        // curl, like a browser, stops sending when the early 413 arrives (URLSession reports the closed pipe instead).
        let huge = daemon.directory.appendingPathComponent("huge.json")
        try Data(repeating: UInt8(ascii: "x"), count: 2 * 1024 * 1024).write(to: huge)
        let status = try runTool(
            "curl",
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json", "--data-binary", "@\(huge.path)",
                "\(daemon.baseURL)/api/tickets",
            ]
        ).output
        #expect(status == "413")
        #expect(try daemon.request("GET", "/api/queues").json["totalWaiting"] as? Int == 0, "the refused request issued no ticket")
        #expect(try daemon.request("GET", "/healthz").status == 200, "still alive")
    }

    /// One client holding connections open cannot take the hall's whole connection limit: past the per-address cap a
    /// new connection from it is closed at once, while other addresses are served.
    @Test func oneAddressCannotHoldEveryConnection() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--max-connections-per-address", "4"])
        defer { daemon.stop() }
        let idle = try (0..<4).map { _ in try IdleConnection(port: daemon.port, from: "127.0.8.1") }
        let fifth = try IdleConnection(port: daemon.port, from: "127.0.8.1")
        #expect(fifth.closedByServer(within: 2), "the fifth connection from one address is refused")
        #expect(!idle[0].closedByServer(within: 0.2), "the first four stay open")
        #expect(try daemon.request("GET", "/healthz", from: "127.0.8.2").status == 200, "other addresses are served")
        idle.forEach { $0.close() }
        usleep(200_000)
        let again = try IdleConnection(port: daemon.port, from: "127.0.8.1")
        #expect(!again.closedByServer(within: 0.5), "a closed connection frees its place")
    }
}

/// A TCP connection that sends nothing (as a slow or hostile client holds one), from a chosen loopback address.
final class IdleConnection {
    let fd: Int32
    private var open = true

    init(port: Int, from address: String) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(address)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &local) { l in
            withUnsafePointer(to: &remote) { r in
                l.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } == 0
                    && r.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } == 0
            }
        }
        guard ok else { throw TestDaemonError.http("cannot connect from \(address)") }
    }

    /// Whether the server closes the connection (the read ends) within `seconds`.
    func closedByServer(within seconds: Double) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, Int32(seconds * 1000)) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) <= 0
    }

    func close() {
        if open { Glibc.close(fd) }
        open = false
    }

    deinit { close() }
}
