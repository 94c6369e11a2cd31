import Foundation
import HallTesting
import Locking
import Testing

/// `--tls-cert`/`--tls-key`: HTTPS straight from libmicrohttpd (GnuTLS), checked with curl against a certificate
/// made for the test; and the warning about staff logins over plain HTTP.
@Suite(.serialized) struct TLSTests {
    /// A self-signed certificate for 127.0.0.1 and its key, in a folder of their own.
    final class Certificate {
        let directory: URL
        var cert: String { directory.appendingPathComponent("cert.pem").path }
        var key: String { directory.appendingPathComponent("key.pem").path }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let made = try runTool(
                "openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1",
                ], mergingErrors: true)
            guard made.status == 0 else { throw TestDaemonError.http("openssl: \(made.output)") }
        }

        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    /// curl over HTTPS trusting only `certificate`; prints the body, then the status on a line of its own.
    static func curl(_ certificate: Certificate, _ port: Int, _ path: String, _ extra: [String] = []) throws -> (status: Int, body: String) {
        let result = try runTool(
            "curl", ["-sS", "--cacert", certificate.cert, "-w", "\n%{http_code}", "https://127.0.0.1:\(port)\(path)"] + extra, mergingErrors: true)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    @Test func servesHTTPSAndTheLiveStreamOverIt() throws {
        let certificate = try Certificate()
        let daemon = try TestDaemon.start(extraArguments: ["--tls-cert", certificate.cert, "--tls-key", certificate.key])
        defer { daemon.stop() }
        let port = daemon.port

        let health = try Self.curl(certificate, port, "/healthz")
        #expect(health.status == 200 && health.body.contains(#""status":"ok""#), "\(health)")
        #expect(try Self.curl(certificate, port, "/").status == 200, "the kiosk page over HTTPS")

        // Not trusted without the certificate, and no plain HTTP on the same port.
        let untrusted = try runTool("curl", ["-sS", "-o", "/dev/null", "https://127.0.0.1:\(port)/healthz"], mergingErrors: true)
        #expect(untrusted.status == 60, "curl refuses an unknown certificate: \(untrusted.output)")
        let plain = try runTool("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/healthz"], mergingErrors: true)
        #expect(plain.status != 0 || plain.output != "200", "plain HTTP is not answered as HTTP: \(plain.output)")

        // A board follows the live stream over TLS and sees a ticket taken meanwhile.
        let stream = Process()
        stream.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        stream.arguments = ["curl", "-sSN", "--cacert", certificate.cert, "--max-time", "20", "https://127.0.0.1:\(port)/api/events"]
        let pipe = Pipe()
        stream.standardOutput = pipe
        stream.standardError = pipe
        let received = Locked("")
        try stream.run()
        defer { if stream.isRunning { stream.terminate() } }
        Thread.detachNewThread {
            while true {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                received.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
            }
        }
        #expect(daemon.eventually(within: 10) { received.read { $0.contains("retry:") } }, "the stream opened: \(received.read { $0 })")
        let taken = try Self.curl(
            certificate, port, "/api/tickets", ["-H", "Content-Type: application/json", "-d", #"{"service":"C"}"#])
        #expect(taken.status == 201, "\(taken)")
        let number = (try? JSONSerialization.jsonObject(with: Data(taken.body.utf8)) as? [String: Any])?["number"] as? String ?? "?"
        #expect(
            daemon.eventually(within: 10) { received.read { $0.contains("event: ticket.issued") && $0.contains(#""number":"\#(number)""#) } },
            "the stream delivered \(number) over TLS: \(received.read { $0 })")
        stream.terminate()
    }

    @Test func refusesACertificateWithoutItsKey() throws {
        let certificate = try Certificate()
        let daemon = try? TestDaemon.start(extraArguments: ["--tls-cert", certificate.cert])
        #expect(daemon == nil, "--tls-cert alone does not start")
        let wrongKey = try Certificate()
        #expect(throws: TestDaemonError.self) {
            let d = try TestDaemon.start(extraArguments: ["--tls-cert", certificate.cert, "--tls-key", wrongKey.key])
            d.stop()
        }
    }

    /// A config whose one user has a real password, so the daemon may listen beyond loopback.
    static func realPasswordConfig() throws -> ConfigCopy {
        let config = try ConfigCopy { demo in String(demo[..<demo.range(of: "\n[[users]]\n")!.lowerBound]) + "\n" }
        let added = try runTool(
            TestDaemon.binary, ["user", "add", "director", "--role", "manager", "--config", config.path], input: "a-long-real-password\n",
            mergingErrors: true)
        guard added.status == 0 else { throw TestDaemonError.http("user add: \(added.output)") }
        return config
    }

    @Test func warnsWhenStaffLogInOverPlainHTTPBeyondLoopback() throws {
        let config = try Self.realPasswordConfig()
        let warning = "serving staff logins over plain HTTP"
        let open = try TestDaemon.start(config: config.path, extraArguments: ["--host", "0.0.0.0"])
        defer { open.stop() }
        #expect(open.eventually { open.log.contains(warning) }, "\(open.log)")

        let certificate = try Certificate()
        let encrypted = try TestDaemon.start(
            config: config.path, extraArguments: ["--host", "0.0.0.0", "--tls-cert", certificate.cert, "--tls-key", certificate.key])
        defer { encrypted.stop() }
        let proxied = try TestDaemon.start(config: config.path, extraArguments: ["--trusted-proxy", "127.0.0.1"])
        defer { proxied.stop() }
        let local = try TestDaemon.start(config: config.path)
        defer { local.stop() }
        #expect(try Self.curl(certificate, encrypted.port, "/healthz").status == 200)
        for quiet in [proxied, local] { #expect(try quiet.request("GET", "/healthz").status == 200) }
        for quiet in [encrypted, proxied, local] {
            #expect(!quiet.log.contains(warning), "no warning with TLS, behind a proxy or on loopback: \(quiet.log)")
        }
    }
}
