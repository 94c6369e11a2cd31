import Foundation
import HallTesting
import Testing

/// Every kind of answer the daemon gives carries the hall's Content-Security-Policy, X-Frame-Options, Referrer-Policy
/// and nosniff, each once; and the pages need no exception from the policy.
@Suite struct SecurityHeadersTests {
    /// What is wrong with one response's security headers (names lowercased), or nothing.
    static func problems(_ headers: [String: String]) -> [String] {
        var problems: [String] = []
        let directives = Dictionary(
            (headers["content-security-policy"] ?? "").split(separator: ";").map { directive in
                let words = directive.split(separator: " ").map(String.init)
                return (words.first ?? "", words.dropFirst().joined(separator: " "))
            }, uniquingKeysWith: { a, b in a + " | " + b })
        let expected = [
            "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self'", "connect-src": "'self'",
            "object-src": "'none'", "base-uri": "'none'", "form-action": "'self'", "frame-ancestors": "'none'",
        ]
        for (name, sources) in expected where directives[name] != sources {
            problems.append("CSP \(name) is \(directives[name] ?? "missing"), expected \(sources)")
        }
        if (headers["content-security-policy"] ?? "").contains("unsafe") { problems.append("CSP allows something unsafe") }
        // A header sent twice reaches the client joined with ", ", so these comparisons also catch duplicates.
        for (name, value) in [("x-frame-options", "DENY"), ("referrer-policy", "no-referrer"), ("x-content-type-options", "nosniff")]
        where headers[name] != value {
            problems.append("\(name) is \(headers[name] ?? "missing"), expected \(value)")
        }
        return problems
    }

    @Test func everyKindOfAnswerCarriesTheHallsHeaders() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let ticket = try daemon.request("POST", "/api/tickets", json: ["service": "A"])
        #expect(ticket.status == 201)
        let id = ticket.json["id"] as? String ?? "", secret = ticket.json["secret"] as? String ?? ""

        let page = try daemon.request("GET", "/peak")
        let etag = try #require(page.headers["etag"])
        let answers: [(String, TestResponse, Int)] = [
            ("a JSON reply", try daemon.request("GET", "/api/hall"), 200),
            ("a ticket taken", ticket, 201),
            ("a JSON error", try daemon.request("GET", "/api/tickets/nosuchticket"), 404),
            (
                "a body too large",
                try daemon.request("POST", "/api/tickets", body: Data(repeating: 0x61, count: 70_000), headers: ["Content-Type": "application/json"]),
                413
            ),
            ("a page", page, 200),
            ("a page revalidated", try daemon.request("GET", "/peak", headers: ["If-None-Match": etag]), 304),
            ("a module", try daemon.request("GET", "/assets/peak.js"), 200),
            ("the heatmap image", try daemon.request("GET", "/heatmap.svg?metric=waiting&weeks=12"), 200),
            ("a ticket's QR code", try daemon.request("GET", "/api/tickets/\(id)/qr.svg?secret=\(secret)"), 200),
        ]
        for (what, reply, status) in answers {
            #expect(reply.status == status, "\(what): \(reply.status)")
            #expect(Self.problems(reply.headers) == [], "\(what)")
        }

        let stream = try SSEClient(port: daemon.port)
        let deadline = Date() + 10
        while stream.status == 0 && Date() < deadline { _ = stream.next(timeout: 0.1) }  // reads the head; no event needed
        #expect(stream.status == 200)
        #expect(stream.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        #expect(Self.problems(stream.headers) == [], "the event stream's head")
    }

    /// The pages' markup holds no inline script, style or event handler, so the policy needs no exception for them
    /// (the browser walk-throughs check the same at run time, for the code paths they reach).
    @Test func pagesAndTheirModulesNeedNoInlineScriptOrStyle() throws {
        let root = TestDaemon.repositoryRoot
        let forbidden: [(String, String)] = [
            (#"<script(?![^>]*\bsrc=)[^>]*>"#, "an inline <script>"), (#"<style\b|createElement\(\s*["']style["']"#, "a <style> block"),
            (#"<[a-zA-Z][^<>]*\s(style|on[a-z]+)\s*="#, "a style or on… attribute"), (#"javascript:"#, "a javascript: address"),
            (#"\beval\(|new Function\("#, "eval"), (#"url\(\s*["']?data:"#, "a data: image"),
        ]
        var files: [String] = []
        for folder in ["web", "web/assets", "displays"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
            files += names.filter { $0.hasSuffix(".html") || $0.hasSuffix(".js") || $0.hasSuffix(".css") }.map { "\(folder)/\($0)" }
        }
        #expect(files.contains("web/peak.html") && files.contains("web/assets/stats.js") && files.contains("displays/hall.html"))
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for (pattern, what) in forbidden where text.range(of: pattern, options: .regularExpression) != nil {
                Issue.record("\(file) holds \(what)")
            }
        }
    }
}
