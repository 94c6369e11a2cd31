import Foundation
import HTTPServer
import HallDaemon
import Locking
import Logging

/// The hall's whole API in this process, on a temporary database and a test clock, with no socket in between: a
/// request goes straight to ``HallAPI/handle(_:)``, so a test of access rules, errors, view shapes or metrics runs as
/// fast as a unit test. Everything but the HTTP server runs as in `hallqd serve` (the committer, the hub, the
/// alert monitor …). What needs a real process (a crash, signals, streams, a browser) stays with ``TestDaemon``.
///
/// ```swift
/// let hall = try InProcessHall()
/// let reply = try hall.request("POST", "/api/tickets", json: ["service": "A"])
/// ```
public final class InProcessHall: Sendable {
    public let daemon: Daemon
    public let directory: URL
    public let clock: TestClock?

    /// The demo hall (or `config`) on an empty database, its time pinned at `clock` (nil: the machine's).
    public init(config: String? = nil, clock: Date? = TestClock.lastWeek(.tuesday, 10), extraOptions: (inout DaemonOptions) -> Void = { _ in }) throws
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-inproc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        self.clock = try clock.map { try TestClock(path: directory.appendingPathComponent("clock.txt").path, at: $0) }
        var options = DaemonOptions()
        options.configPath = config ?? TestDaemon.repositoryRoot.appendingPathComponent("config/demo-hall.toml").path
        options.databasePath = directory.appendingPathComponent("hall.sqlite").path
        options.webRoot = TestDaemon.repositoryRoot.path
        options.clockFile = self.clock?.path
        extraOptions(&options)
        var logger = Logger(label: "hallq-test")
        logger.logLevel = .error
        daemon = try Daemon(options: options, logger: logger, listen: false)
    }

    deinit {
        _ = daemon.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    /// One request, answered in this process (waiting for an answer given later, as a commit's).
    @discardableResult
    public func request(
        _ method: String, _ target: String, json: [String: Any]? = nil, body: Data? = nil, token: String? = nil,
        headers: [String: String] = [:], from address: String = "127.0.0.1"
    ) throws -> TestResponse {
        let (path, query) = Self.split(target)
        var lowered = Dictionary(uniqueKeysWithValues: headers.map { ($0.key.lowercased(), $0.value) })
        var bytes = [UInt8](body ?? Data())
        if let json {
            bytes = [UInt8](try JSONSerialization.data(withJSONObject: json))
            lowered["content-type"] = lowered["content-type"] ?? "application/json"
        }
        if let token { lowered["authorization"] = "Bearer \(token)" }
        guard let typed = HTTPMethod(method) else { throw TestDaemonError.http("not an HTTP method: \(method)") }
        let request = HTTPRequest(method: typed, path: path, query: query, headers: lowered, body: bytes, remoteAddress: address)
        let response: HTTPResponse
        switch daemon.api.handle(request) {
        case .response(let r): response = r
        case .eventStream(let stream):
            stream.close()
            throw TestDaemonError.http("\(method) \(target) answered with an event stream: test it against a TestDaemon")
        case .later(let pending):
            let answer = Locked<HTTPResponse?>(nil)
            pending.whenComplete { given in answer.withLock { $0 = given } }
            guard let r = answer.withLock(when: { $0 != nil }, until: Date() + 30, { $0! }) else {
                throw TestDaemonError.http("no answer to \(method) \(target) within 30 s")
            }
            response = r
        }
        var replyHeaders: [String: String] = [:]
        for (name, value) in response.headers { replyHeaders[name.lowercased()] = value }
        return TestResponse(status: response.status.code, headers: replyHeaders, body: Data(response.body))
    }

    /// Logs a demo user in (password `demo`) and returns the token.
    public func login(_ user: String, password: String = "demo") throws -> String {
        let reply = try request("POST", "/api/login", json: ["user": user, "password": password])
        guard reply.status == 200, let token = reply.json["token"] as? String else {
            throw TestDaemonError.http("login \(user) failed: \(reply.status) \(reply.text)")
        }
        return token
    }

    /// Path (percent-decoded, as libmicrohttpd gives it) and query parameters of a request target.
    static func split(_ target: String) -> (String, [String: String]) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0]).removingPercentEncoding ?? String(parts[0])
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(kv[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[0])
                let value = kv.count > 1 ? (String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[1])) : ""
                query[key] = value
            }
        }
        return (path, query)
    }
}
