import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An HTTP reply as tests see it.
public struct TestResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    /// The body as a JSON object (empty when it is not one).
    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    public var text: String { String(decoding: body, as: UTF8.self) }
    /// `error.code` of an error reply.
    public var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

extension TestDaemon {
    /// A blocking HTTP request to the daemon.
    @discardableResult
    public func request(
        _ method: String, _ path: String, json: [String: Any]? = nil, body: Data? = nil, token: String? = nil, headers: [String: String] = [:],
        timeout: Double = 30
    ) throws -> TestResponse {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.timeoutInterval = timeout
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        return try Self.send(request)
    }

    /// Logs in a demo user (password `demo`) and returns the token.
    public func login(_ user: String, password: String = "demo") throws -> String {
        let reply = try request("POST", "/api/login", json: ["user": user, "password": password])
        guard reply.status == 200, let token = reply.json["token"] as? String else {
            throw TestDaemonError.http("login \(user) failed: \(reply.status) \(reply.text)")
        }
        return token
    }

    static func send(_ request: URLRequest) throws -> TestResponse {
        final class Box: @unchecked Sendable { var result: Result<TestResponse, any Error>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                box.result = .failure(error)
            } else if let http = response as? HTTPURLResponse {
                var headers: [String: String] = [:]
                for (k, v) in http.allHeaderFields { headers[String(describing: k).lowercased()] = String(describing: v) }
                box.result = .success(TestResponse(status: http.statusCode, headers: headers, body: data ?? Data()))
            } else {
                box.result = .failure(TestDaemonError.http("no HTTP response"))
            }
            done.signal()
        }
        task.resume()
        // URLSession's own timeout counts idle time only; a reply that never comes must end the wait too.
        if done.wait(timeout: .now() + request.timeoutInterval + 5) == .timedOut {
            task.cancel()
            throw TestDaemonError.http("no reply to \(request.httpMethod ?? "") \(request.url?.path ?? "") within \(request.timeoutInterval) s")
        }
        return try box.result!.get()
    }
}
