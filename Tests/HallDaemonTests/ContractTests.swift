import Foundation
import HallTesting
import Testing

/// The API contract check: schemathesis (from PyPI, in the virtual environment `make tools` makes) fuzzes
/// openapi.yaml against a live daemon with every check, once anonymously and once with a manager's token. No request
/// may get a 5xx or go unanswered, every answer must be one the spec allows (status, content type, headers, schema),
/// every schema-valid request must be accepted and every invalid one refused; afterwards `/healthz` answers at once.
///
/// Deterministic and bounded: a fixed seed, 20 examples per operation, one worker (two make the order of requests,
/// and so the hall's state, differ from run to run; on two cores one is also the faster), a 5 s request timeout, a stop
/// after five failures (a broken daemon fails fast, its first failures printed) and a deadline against hangs. Both
/// passes take 20–40 s together on two cores (about twice that while the rest of the suite runs beside them).
@Suite struct ContractTests {
    /// The fuzzer's hall: the demo hall with limits that let it work, so its requests reach the routes' logic instead
    /// of stopping at a limit. It takes every ticket from 127.0.0.1, which is exempt from the per-address limit (still
    /// on, so its code runs); the daily cap is on but far above the hundred or two tickets a run takes. The test clock
    /// (last week's Tuesday, 10:00) is inside opening hours, so tickets are issued rather than refused with 409. The
    /// login limiter has no setting: the fuzzer's wrong passwords trip it for 127.0.0.1 after five (429 from then on,
    /// which the spec documents), so the manager logs in before the fuzzer starts.
    static let fuzzedHall: [(String, String)] = [
        (#"exempt_addresses = ["127.0.0.1", "::1"]"#, #"exempt_addresses = ["127.0.0.1"]"#),
        ("tickets_per_service_per_day = 0", "tickets_per_service_per_day = 10000"),
    ]

    @Test func theDaemonKeepsToOpenAPIUnderASchemaFuzzer() throws {
        let python = try projectPython()
        let daemon = try TestDaemon.start(config: TestDaemon.demoConfig(Self.fuzzedHall))
        defer { daemon.stop() }
        let manager = try daemon.login("manager")
        let services = (try daemon.request("GET", "/api/hall").json["services"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(services == ["A", "B", "C", "D", "E"])

        let passes: [(who: String, arguments: [String])] = [
            ("anonymous", []),
            // Without /api/logout, which would end the token's session halfway through.
            ("manager", ["-H", "Authorization: Bearer \(manager)", "--exclude-path", "/api/logout"]),
        ]
        for pass in passes {
            let run = try Fuzzer.run(
                python: python, spec: "openapi.yaml", baseURL: daemon.baseURL, directory: daemon.directory, services: services, name: pass.who,
                arguments: pass.arguments)
            #expect(run.status == 0, "schemathesis (\(pass.who)) exited \(run.status):\n\(run.failures)")
            // Proof that it did fuzz the daemon, not fail early: about 1,500 requests a pass.
            #expect(run.summary.requests >= 500, "schemathesis (\(pass.who)) sent only \(run.summary.requests) requests:\n\(run.failures)")
            #expect(run.summary.serverErrors == [], "5xx answers (\(pass.who))")
            #expect(run.summary.noResponse == [], "requests without an answer (\(pass.who)): \(run.summary.errors.prefix(5))")
        }

        // The daemon's own count agrees: no request of either pass was answered 5xx.
        let metrics = try daemon.request("GET", "/metrics").text.split(separator: "\n")
        let failed = metrics.filter { $0.hasPrefix("hallq_http_request_duration_seconds_count{") && $0.contains(#"status="5xx""#) }
        #expect(failed == [], "the daemon counted 5xx answers")

        let asked = Date()
        let health = try? daemon.request("GET", "/healthz", timeout: 1)
        let seconds = Date().timeIntervalSince(asked)
        let answer = health.map { "\($0.status) \($0.text)" } ?? "no answer"
        #expect(health?.status == 200 && seconds < 1, "/healthz after the fuzzer: \(answer) in \(seconds) s")
        #expect(daemon.isRunning)
    }
}

/// One schemathesis pass and what it found.
struct Fuzzer {
    /// What `scripts/contract/summary.py` reads from the pass's report.
    struct Summary: Decodable {
        var requests: Int
        var serverErrors: [String]
        var noResponse: [String]
        var errors: [String]
        var slowest: [[JSONScalar]]
    }

    /// A number or a string, as `slowest` pairs them.
    enum JSONScalar: Decodable, CustomStringConvertible {
        case number(Double), text(String)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            self = if let n = try? c.decode(Double.self) { .number(n) } else { .text(try c.decode(String.self)) }
        }
        var description: String {
            switch self {
            case .number(let n): "\(n)"
            case .text(let s): s
            }
        }
    }

    var status: Int32
    var output: String
    var summary: Summary

    /// The failures section and summary of schemathesis' output (all of it when it printed none).
    var failures: String {
        guard let start = output.range(of: "= FAILURES =") ?? output.range(of: "= ERRORS =") else { return String(output.suffix(4000)) }
        return String(output[(output.index(start.lowerBound, offsetBy: -30, limitedBy: output.startIndex) ?? output.startIndex)...])
    }

    static let seed = "20261124"
    /// Far above the 10–30 s a pass takes (more while the whole suite runs on two cores): only a hang reaches it.
    static let deadlineSeconds = 120.0

    /// Runs `schemathesis run` on `spec` (a file of the repository: openapi.yaml, bureau-openapi.yaml) against the
    /// server at `baseURL` with the project's Python, every check and the contract settings in scripts/contract
    /// (`hooks.py` tells the generator the hall's service codes and the resident-ID check character;
    /// `schemathesis.toml` holds the rules the schema language cannot state); its reports go to `directory`.
    static func run(
        python: String, spec: String, baseURL: String, directory: URL, services: [String], name: String, arguments: [String]
    ) throws -> Fuzzer {
        let root = TestDaemon.repositoryRoot
        let contract = root.appendingPathComponent("scripts/contract")
        let reports = directory.appendingPathComponent("schemathesis-\(name)")
        let log = directory.appendingPathComponent("schemathesis-\(name).txt")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [
                "-m", "schemathesis.cli", "--config-file", contract.appendingPathComponent("schemathesis.toml").path, "run",
                root.appendingPathComponent(spec).path, "--url", baseURL, "--checks", "all", "--seed", seed, "--max-examples",
                "20", "--workers", "1", "--request-timeout", "5", "--max-failures", "5", "--generation-database", "none", "--no-color",
                // An event stream never ends, so a client that reads whole answers can only time out on it; the streams
                // are tested by StreamStormTests and the HTTP layer's EventStreamTests.
                "--exclude-path", "/api/events", "--report", "ndjson", "--report-dir", reports.path,
            ] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SCHEMATHESIS_HOOKS"] = contract.appendingPathComponent("hooks.py").path
        environment["HALLQ_SERVICES"] = services.joined(separator: ",")
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        process.currentDirectoryURL = directory
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let started = Date()
        let deadline = started + deadlineSeconds
        while process.isRunning && Date() < deadline { usleep(50_000) }
        let overran = process.isRunning
        if overran {
            process.terminate()
            process.waitUntilExit()
        }
        let text = try String(contentsOf: log, encoding: .utf8)
        let report = (try? FileManager.default.contentsOfDirectory(atPath: reports.path))?.first { $0.hasSuffix(".ndjson") }
        guard let report else { throw TestDaemonError.http("schemathesis (\(name)) wrote no report:\n\(text.suffix(3000))") }
        let summarised = try runTool(python, [contract.appendingPathComponent("summary.py").path, reports.appendingPathComponent(report).path])
        let summary = try? JSONDecoder().decode(Summary.self, from: Data(summarised.output.utf8))
        if overran {
            let story = "its report so far: \(summarised.output)\n\(text.suffix(2000))"
            throw TestDaemonError.http("schemathesis (\(name)) did not finish within \(Int(deadlineSeconds)) s; \(story)")
        }
        guard summarised.status == 0, let summary else { throw TestDaemonError.http("summary.py failed: \(summarised.output)") }
        let slowest = summary.slowest.prefix(3).map { "\($0)" }.joined(separator: ", ")
        print("schemathesis (\(name)): \(summary.requests) requests in \(Int(Date().timeIntervalSince(started))) s, slowest \(slowest)")
        return Fuzzer(status: process.terminationStatus, output: text, summary: summary)
    }
}
