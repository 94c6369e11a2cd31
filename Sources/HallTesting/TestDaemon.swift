import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `hallqd serve` process on a free loopback port with its own temporary database, for end-to-end tests.
///
/// ```swift
/// let daemon = try TestDaemon.start()
/// defer { daemon.stop() }
/// let (status, body) = try daemon.request("POST", "/api/tickets", json: ["service": "A"])
/// ```
///
/// The daemon runs on a test clock (``TestClock``), by default last week's Tuesday at 10:00 in Beijing, inside the
/// demo hall's opening hours whatever the hour the tests run; `clock: nil` gives it the real time.
public final class TestDaemon: @unchecked Sendable {
    /// The repository root (config, web pages).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    public let directory: URL
    public let databasePath: String
    public let configPath: String
    public private(set) var port: Int = 0
    /// The daemon's clock file, when it runs on a test clock.
    public let clock: TestClock?
    /// The `hallqd` this runs, and the folder it serves pages from (nil: none given, the binary finds its own).
    public let executable: String
    public let webRoot: String?
    private var process: Process?
    private var output = OutputCollector()

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// Everything the daemon printed (stdout and stderr), for failure messages.
    public var log: String { output.text }

    private init(directory: URL, configPath: String, clock: TestClock?, executable: String, webRoot: String?) {
        self.directory = directory
        self.databasePath = directory.appendingPathComponent("hall.sqlite").path
        self.configPath = configPath
        self.clock = clock
        self.executable = executable
        self.webRoot = webRoot
    }

    /// Starts a daemon with the demo hall (or `config`) and an empty database on a test clock set to `clock`
    /// (nil: the real time); waits until it listens. `executable` and `webRoot` default to the build's binary and
    /// the repository's pages.
    public static func start(
        config: String? = nil, extraArguments: [String] = [], clock: Date? = TestClock.lastWeek(.tuesday, 10), executable: String = binary,
        webRoot: String? = repositoryRoot.path
    ) throws -> TestDaemon {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let testClock = try clock.map { try TestClock(path: dir.appendingPathComponent("clock.txt").path, at: $0) }
        let daemon = TestDaemon(
            directory: dir, configPath: config ?? repositoryRoot.appendingPathComponent("config/demo-hall.toml").path, clock: testClock,
            executable: executable, webRoot: webRoot)
        try daemon.launch(extraArguments: extraArguments)
        return daemon
    }

    /// The `hallqd` binary built next to the test bundle (or `HALLQD_BINARY`).
    public static var binary: String {
        if let path = ProcessInfo.processInfo.environment["HALLQD_BINARY"] { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hallqd").path
    }

    /// Starts the process again on the same database (after ``stop()`` or ``kill()``).
    public func launch(extraArguments: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            ["serve", "--config", configPath, "--db", databasePath, "--port", "0", "--host", "127.0.0.1", "--log-level", "warning"]
            + (webRoot.map { ["--web-root", $0] } ?? []) + (clock.map { ["--clock-file", $0.path] } ?? []) + extraArguments
        // Without --web-root, run from the test's own folder: pages found are found through the install, not by chance.
        if webRoot == nil { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        output = OutputCollector()
        output.read(pipe.fileHandleForReading)
        try process.run()
        self.process = process
        let deadline = Date() + 30
        while Date() < deadline {
            // "hallqd listening on 127.0.0.1:PORT", alone on its line or (--log-format json) as a JSON entry's message.
            if let match = output.text.firstMatch(of: /hallqd listening on [0-9.:a-f\[\]]*:([0-9]+)/), let p = Int(match.1) {
                port = p
                return
            }
            if !process.isRunning { throw TestDaemonError.exited(status: process.terminationStatus, log: output.text) }
            usleep(20_000)
        }
        process.terminate()
        throw TestDaemonError.timedOut(log: output.text)
    }

    /// SIGTERM and wait: a clean shutdown.
    @discardableResult
    public func stop() -> Int32 {
        guard let process, process.isRunning else { return process?.terminationStatus ?? 0 }
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGKILL: the process dies without any chance to clean up.
    public func kill() {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    public var isRunning: Bool { process?.isRunning ?? false }

    /// The daemon's process id (0 before it started).
    public var pid: Int32 { process?.processIdentifier ?? 0 }

    /// Sends `signal` (e.g. SIGTERM) without waiting for the process to end.
    public func send(signal: Int32) {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, signal)
    }

    /// Waits up to `timeout` seconds for the process to end; its exit status, or nil while it still runs.
    public func waitForExit(timeout: Double) -> Int32? {
        guard let process else { return nil }
        let deadline = Date() + timeout
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Why a test daemon did not come up.
public enum TestDaemonError: Error, CustomStringConvertible {
    case exited(status: Int32, log: String)
    case timedOut(log: String)
    case http(String)

    public var description: String {
        switch self {
        case .exited(let status, let log): "hallqd exited with \(status):\n\(log)"
        case .timedOut(let log): "hallqd did not start listening within 30 s:\n\(log)"
        case .http(let why): why
        }
    }
}

/// Collects a pipe's output on a background thread.
final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    func read(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { data.append(chunk) }
            }
        }
    }
}
