import Foundation
import HallTesting
import Testing

/// `GET /metrics` as Prometheus reads it, and the access log as an operator reads it.
@Suite(.serialized) struct MetricsTests {
    /// Parses the exposition with the Prometheus project's own client parser; prints `name{labels} value` lines, sorted.
    static let parse = """
        import sys
        from prometheus_client.parser import text_string_to_metric_families
        text = sys.stdin.read() if len(sys.argv) < 2 else open(sys.argv[1]).read()
        rows = []
        for family in text_string_to_metric_families(text):
            for s in family.samples:
                labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
                rows.append(f"{family.type} {s.name}{{{labels}}} {s.value}")
        print("\\n".join(sorted(rows)))
        """

    static func samples(_ daemon: TestDaemon) throws -> [String: Double] {
        let file = daemon.directory.appendingPathComponent("metrics-\(UUID().uuidString).txt")
        try daemon.request("GET", "/metrics").body.write(to: file)
        let result = try runPython(parse, [file.path])
        #expect(result.status == 0, "the exposition parses: \(result.output.prefix(500))")
        var out: [String: Double] = [:]
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let value = Double(parts[2]) else { continue }
            out[String(parts[1])] = value
        }
        return out
    }

    @Test func theExpositionParsesAndHistogramsMove() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let before = try Self.samples(daemon)
        let series = #"method="POST",route="/api/tickets",status="2xx""#
        for _ in 0..<3 { try daemon.request("POST", "/api/tickets", json: ["service": "B"]) }
        let after = try Self.samples(daemon)
        func moved(_ key: String) -> Double { after[key, default: 0] - before[key, default: 0] }
        #expect(moved("hallq_http_request_duration_seconds_bucket{le=\"+Inf\",\(series)}") == 3, "three take-ticket requests in the +Inf bucket")
        #expect(moved("hallq_http_request_duration_seconds_count{\(series)}") == 3)
        // Each request lands in a finite bucket too (none takes 10 s), and the buckets count cumulatively.
        #expect(moved("hallq_http_request_duration_seconds_bucket{le=\"10.0\",\(series)}") == 3)
        let buckets = Self.buckets(after, "hallq_http_request_duration_seconds", series)
        #expect(buckets.count == 15, "14 bounds and +Inf: \(buckets)")
        #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.1.count >= $0.0.count }, "cumulative: \(buckets)")
        #expect(buckets.last?.count == after["hallq_http_request_duration_seconds_count{\(series)}"])
        #expect(moved("hallq_http_request_duration_seconds_sum{\(series)}") > 0)

        #expect(after[#"hallq_tickets_issued_total{service="B"}"#] == 3)
        #expect(after[#"hallq_waiting{service="B"}"#] == 3)
        #expect(after["hallq_commit_batch_size_sum{}"] == 3, "three changes committed (in one or more batches)")
        let commits = after["hallq_commit_duration_seconds_count{}", default: 0]
        #expect(commits >= 1 && commits <= 3)
        #expect(after[#"hallq_commit_duration_seconds_bucket{le="10.0"}"#] == commits, "every commit in a finite bucket")
        #expect(after[#"hallq_commit_batch_size_bucket{le="+Inf"}"#] == commits)
    }

    /// A histogram's buckets of one series, in the order of their bounds (`+Inf` last).
    static func buckets(_ samples: [String: Double], _ name: String, _ labels: String) -> [(bound: Double, count: Double)] {
        samples.compactMap { key, value -> (Double, Double)? in
            guard key.hasPrefix(name + "_bucket{le=\""), key.hasSuffix("," + labels + "}") else { return nil }
            let bound = key.dropFirst(name.count + 12).prefix { $0 != "\"" }
            return (bound == "+Inf" ? .infinity : Double(bound) ?? .nan, value)
        }.sorted { $0.0 < $1.0 }
    }

    /// The sample Grafana dashboard asks only for series the daemon exposes, by labels they carry.
    @Test func theGrafanaDashboardQueriesSeriesThatExist() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        try daemon.request("POST", "/api/tickets", json: ["service": "A"])
        _ = try Self.samples(daemon)
        let samples = try Self.samples(daemon)
        var exposed: Set<String> = []
        var labels: Set<String> = ["le"]
        for key in samples.keys {
            let name = String(key.prefix { $0 != "{" })
            exposed.insert(name)
            for suffix in ["_bucket", "_count", "_sum"] where name.hasSuffix(suffix) { exposed.insert(String(name.dropLast(suffix.count))) }
            let pairs = key.drop(while: { $0 != "{" }).dropFirst().dropLast().split(separator: ",")
            for pair in pairs { labels.insert(String(pair.prefix { $0 != "=" })) }
        }
        let file = TestDaemon.repositoryRoot.appendingPathComponent("docs/grafana-dashboard.json")
        let dashboard = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        let queries = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        #expect(queries.count >= 20)
        for query in queries {
            for match in query.matches(of: /hallq_[a-z_]+/) {
                #expect(exposed.contains(String(match.output)), "\(match.output) in \(query)")
            }
            for by in query.matches(of: /by \(([a-z_, ]+)\)/) {
                for label in by.output.1.split(separator: ",") {
                    let name = label.trimmingCharacters(in: .whitespaces)
                    #expect(labels.contains(name), "label \(name) in \(query)")
                }
            }
        }
        let used = Set(queries.flatMap { $0.matches(of: /hallq_[a-z_]+/).map { String($0.output) } })
        for family in [
            "hallq_http_request_duration_seconds_bucket", "hallq_commit_duration_seconds_bucket", "hallq_tickets_issued_total",
            "hallq_tickets_no_show_total", "hallq_sse_dropped_total", "hallq_outbox_notifications", "hallq_alerts_open", "hallq_waiting",
        ] {
            #expect(used.contains(family), "the dashboard shows \(family)")
        }
    }

    /// Paths and methods a client makes up never become new series: they count as `unknown`/`static`/`other`.
    @Test func madeUpPathsAndMethodsAddNoSeries() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        func probe(_ i: Int) throws {
            try daemon.request("GET", "/api/nothing-\(i)")
            for method in ["DELETE", "PATCH", "BREW\(i)"] { try daemon.request(method, "/api/hall") }
            try daemon.request("GET", "/page-\(i).html")
            try daemon.request("POST", "/api/tickets/\(i)/qr.svg%22%0A%7Bevil=%221%22%7D")
        }
        try probe(0)
        _ = try Self.samples(daemon)  // a scrape's own series appears from the next scrape on
        let settled = try Self.samples(daemon).count
        for i in 1..<150 { try probe(i) }
        let grown = try Self.samples(daemon)
        #expect(grown.count == settled, "the same series, however many made-up paths and methods: \(grown.count) vs \(settled)")
        #expect(!grown.keys.contains { $0.contains("nothing-") || $0.contains("page-") || $0.contains("evil") || $0.contains("BREW") })
        #expect(grown[#"hallq_http_request_duration_seconds_count{method="GET",route="unknown",status="4xx"}"#] == 150)
        #expect(grown[#"hallq_http_request_duration_seconds_count{method="other",route="/api/hall",status="4xx"}"#] == 150)
        #expect(grown[#"hallq_http_request_duration_seconds_count{method="GET",route="static",status="4xx"}"#] == 150)
    }

    /// A path with a control character is logged escaped: it cannot forge a log line.
    @Test func theAccessLogEscapesPathsAndIsWrittenOffTheRequest() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--log-level", "info"])
        defer { daemon.stop() }
        try daemon.request("GET", "/api/queues")
        try daemon.request("GET", "/api/nope%0A2026-01-01T00:00:00+0000%20error%20forged")
        var log = ""
        for _ in 0..<40 where !log.contains("forged") {
            usleep(100_000)
            log = daemon.log
        }
        #expect(log.contains("GET /api/queues 200"))
        #expect(log.contains(#"GET /api/nope\u{a}2026-01-01T00:00:00+0000 error forged 404"#))
        #expect(!log.split(separator: "\n").contains { $0.hasPrefix("2026-01-01T00:00:00+0000 error forged") }, "no forged line")
    }

    @Test func theAccessLogCanBeOffOrKeepOnlyErrors() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--log-level", "info", "--access-log", "errors"])
        defer { daemon.stop() }
        try daemon.request("GET", "/api/queues")
        try daemon.request("GET", "/api/nope")
        var log = ""
        for _ in 0..<40 where !log.contains("/api/nope") {
            usleep(100_000)
            log = daemon.log
        }
        #expect(log.contains("GET /api/nope 404"))
        #expect(!log.contains("GET /api/queues"))
    }
}
