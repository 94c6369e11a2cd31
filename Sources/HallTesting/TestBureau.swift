import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `hallqd bureau` process on a free loopback port, serving from a test PostgreSQL (see ``TestPostgres``).
public final class TestBureau: @unchecked Sendable {
    public private(set) var port = 0
    public let postgresURL: String
    private var process: Process?
    private var output = OutputCollector()

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// Everything the service printed, for failure messages.
    public var log: String { output.text }

    private init(postgresURL: String) { self.postgresURL = postgresURL }

    /// Starts the bureau service against `postgresURL` (it applies the schema); waits until it listens.
    public static func start(postgresURL: String, extraArguments: [String] = []) throws -> TestBureau {
        let bureau = TestBureau(postgresURL: postgresURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestDaemon.binary)
        process.arguments =
            ["bureau", "--postgres", postgresURL, "--port", "0", "--web-root", TestDaemon.repositoryRoot.path, "--log-level", "warning"]
            + extraArguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        bureau.output.read(pipe.fileHandleForReading)
        try process.run()
        bureau.process = process
        let deadline = Date() + 30
        while Date() < deadline {
            if let line = bureau.output.text.split(separator: "\n").first(where: { $0.hasPrefix("hallqd bureau listening on ") }),
                let p = line.split(separator: ":").last.flatMap({ Int($0) })
            {
                bureau.port = p
                return bureau
            }
            if !process.isRunning { throw TestDaemonError.exited(status: process.terminationStatus, log: bureau.output.text) }
            usleep(20_000)
        }
        process.terminate()
        throw TestDaemonError.timedOut(log: bureau.output.text)
    }

    /// Adds a bureau manager with `password` (`hallqd bureau-manager`).
    public func addManager(_ login: String, password: String) throws {
        let result = try runTool(
            TestDaemon.binary, ["bureau-manager", "--postgres", postgresURL, login], input: password + "\n", mergingErrors: true)
        guard result.status == 0 else { throw TestDaemonError.http("bureau-manager failed: \(result.output)") }
    }

    /// Logs in a bureau manager; returns the token.
    public func login(_ login: String, password: String) throws -> String {
        let reply = try request("POST", "/api/bureau/login", json: ["user": login, "password": password])
        guard reply.status == 200, let token = reply.json["token"] as? String else {
            throw TestDaemonError.http("bureau login failed: \(reply.status) \(reply.text)")
        }
        return token
    }

    /// A blocking HTTP request to the service.
    @discardableResult
    public func request(_ method: String, _ path: String, json: [String: Any]? = nil, token: String? = nil) throws -> TestResponse {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        return try TestDaemon.send(request)
    }

    /// SIGTERM and wait.
    public func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
