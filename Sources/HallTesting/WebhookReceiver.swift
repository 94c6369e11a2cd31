import Foundation
import HTTPServer

/// A webhook endpoint on a free loopback port that records every POST and answers with the status the test chooses.
///
/// ```swift
/// let hook = try WebhookReceiver()
/// hook.failNext(2)            // the first two tries get 503
/// let calls = hook.waitFor(count: 3, timeout: 20)
/// ```
public final class WebhookReceiver: @unchecked Sendable {
    /// One received request.
    public struct Call: Sendable {
        public var headers: [String: String]
        public var body: Data
        public var at: Date
        /// The status it was answered with.
        public var answered: Int
        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    private let lock = NSCondition()
    private var calls: [Call] = []
    private var failures = 0
    private var failAll = false
    private var server: HTTPServer!

    public var port: Int { server.port }
    public var url: String { "http://127.0.0.1:\(port)/hook" }

    public init() throws {
        var config = HTTPServerConfiguration()
        config.port = 0
        config.threads = 2
        server = HTTPServer(configuration: config) { [unowned self] request in
            let status = self.lock.withLock { () -> Int in
                let status: Int
                if failAll {
                    status = 503
                } else if failures > 0 {
                    failures -= 1
                    status = 503
                } else {
                    status = 200
                }
                calls.append(Call(headers: request.headers, body: Data(request.body), at: Date(), answered: status))
                lock.broadcast()
                return status
            }
            return .response(
                HTTPResponse(
                    status: HTTPStatus(code: status), headers: [("Content-Type", "text/plain")], body: Array((status == 200 ? "ok" : "busy").utf8)))
        }
        try server.start()
    }

    /// The next `n` requests are answered 503.
    public func failNext(_ n: Int) { lock.withLock { failures = n } }

    /// While on, every request is answered 503.
    public func failEverything(_ on: Bool) { lock.withLock { failAll = on } }

    /// Everything received so far.
    public var received: [Call] { lock.withLock { calls } }

    /// Waits until `count` requests matching `filter` have arrived (or the timeout passes); returns those received.
    public func waitFor(count: Int, timeout: TimeInterval, where filter: (Call) -> Bool = { _ in true }) -> [Call] {
        let deadline = Date() + timeout
        return lock.withLock {
            while calls.filter(filter).count < count, lock.wait(until: deadline) {}
            return calls.filter(filter)
        }
    }

    deinit { server.stop() }
}
