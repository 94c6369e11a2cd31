import ArgumentParser
import Foundation
import HTTPServer
import HallDaemon
import Logging

/// `hallqd serve`: run the hall's server.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the API, live events and the hall's pages.")

    @OptionGroup var files: HallFiles

    @Option(help: "Address to listen on (demo passwords are refused unless it is loopback).")
    var host = "127.0.0.1"

    @Option(help: "TCP port (0 picks a free one).")
    var port = 8080

    @Option(
        name: .customLong("web-root"),
        help: "Folder that holds web/ and displays/ (default: share/hallq beside the installed binary, else the current folder).")
    var webRoot: String?

    @Option(name: .customLong("tls-cert"), help: "Serve HTTPS with this PEM certificate (chain) file; needs --tls-key.")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "The PEM private key of --tls-cert (unencrypted; keep it mode 0600).")
    var tlsKey: String?

    @Option(
        name: .customLong("trusted-proxy"),
        help: "Address of a reverse proxy whose X-Forwarded-For names the client (repeatable); nobody else's is believed.")
    var trustedProxies: [String] = []

    @Option(help: "Worker threads answering requests.")
    var threads = 4

    @Option(name: .customLong("max-connections"), help: "Most simultaneous connections (screens, phones, consoles).")
    var maxConnections = 4096

    @Option(name: .customLong("public-url"), help: "Address phones use to reach the hall, e.g. http://10.0.0.5:8080 (printed in ticket QR codes).")
    var publicURL: String?

    @Flag(inversion: .prefixedNo, help: "Commit changes that arrive together in one transaction (one fsync for many requests).")
    var groupCommit = true

    @Option(name: .customLong("alert-check-seconds"), help: "Seconds between two checks of the alert conditions.")
    var alertCheckSeconds = 10.0

    @Option(name: .customLong("shutdown-grace-seconds"), help: "On SIGTERM, how long requests in flight may take before the daemon exits anyway.")
    var shutdownGraceSeconds = 10.0

    @Option(name: .customLong("watchdog-seconds"), help: "A commit or request running longer than this makes /healthz answer 503.")
    var watchdogSeconds = 20.0

    @Option(
        name: .customLong("stall-exit-seconds"),
        help: "…and longer than this ends the daemon (status 70) for the service manager to restart; 0: never.")
    var stallExitSeconds = 120.0

    @Option(
        name: .customLong("max-connections-per-address"),
        help: "Most simultaneous connections from one client address (0: no limit); raise it when phones reach the hall through one NAT address.")
    var maxConnectionsPerAddress = 128

    @Option(name: .customLong("max-streams"), help: "Most live-event streams open at once (0: no limit).")
    var maxStreams = 3_000

    @Option(name: .customLong("max-streams-per-address"), help: "Most live-event streams from one client address (0: no limit).")
    var maxStreamsPerAddress = 32

    @Option(
        name: .customLong("stream-buffer-bytes"),
        help: "How far behind (bytes) a live-event stream may fall, its replay included, before it is cut off.")
    var streamBufferBytes = 1 << 20

    @Option(name: .customLong("access-log"), help: "Which requests the access log writes: all, errors (4xx and 5xx) or off.")
    var accessLog = "all"

    @Option(name: .customLong("access-log-sample"), help: "Write one successful request in this many (refusals and errors always).")
    var accessLogSample = 1

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.")
    var logLevel = "info"

    @Option(name: .customLong("log-format"), help: "text (one readable line per entry) or json (one JSON object per line, for log shippers).")
    var logFormat = "text"

    @Option(
        name: .customLong("clock-file"),
        help: ArgumentHelp("For tests: the hall's time is the ISO 8601 instant in this file plus the time since it changed.", visibility: .hidden))
    var clockFile: String?

    func run() throws {
        // Before any thread starts: a stop signal must reach the daemon's own waiter, not a worker that ignores it.
        Daemon.holdTerminationSignals()
        // Every log line's timestamp asks glibc for local time; without TZ it re-reads /etc/localtime each time (a
        // third of a trivial request's cost). Naming the same file lets glibc read it once.
        if getenv("TZ") == nil { setenv("TZ", ":/etc/localtime", 1) }
        var options = DaemonOptions()
        options.configPath = files.config
        options.databasePath = files.db
        options.host = host
        options.port = port
        options.webRoot = webRoot ?? WebRoot.located()
        options.threads = threads
        options.connectionLimit = maxConnections
        guard maxConnectionsPerAddress >= 0 else { throw ValidationError("--max-connections-per-address must be 0 (none) or more") }
        options.connectionsPerAddress = maxConnectionsPerAddress
        guard alertCheckSeconds >= 0.1, alertCheckSeconds <= 3600 else { throw ValidationError("--alert-check-seconds must be 0.1 to 3600") }
        options.alertCheckSeconds = alertCheckSeconds
        options.groupCommit = groupCommit
        guard shutdownGraceSeconds >= 0, shutdownGraceSeconds <= 600 else { throw ValidationError("--shutdown-grace-seconds must be 0 to 600") }
        options.shutdownGraceSeconds = shutdownGraceSeconds
        guard watchdogSeconds >= 0.5, watchdogSeconds <= 3600 else { throw ValidationError("--watchdog-seconds must be 0.5 to 3600") }
        guard stallExitSeconds == 0 || stallExitSeconds >= watchdogSeconds else {
            throw ValidationError("--stall-exit-seconds must be 0 (never) or at least --watchdog-seconds")
        }
        options.watchdogSeconds = watchdogSeconds
        options.stallExitSeconds = stallExitSeconds
        guard maxStreams >= 0, maxStreamsPerAddress >= 0 else { throw ValidationError("stream limits must be 0 (none) or more") }
        guard streamBufferBytes >= 4096, streamBufferBytes <= 64 << 20 else { throw ValidationError("--stream-buffer-bytes must be 4096 to 64 MiB") }
        guard ["all", "errors", "off"].contains(accessLog) else { throw ValidationError("--access-log must be all, errors or off") }
        guard accessLogSample >= 1 else { throw ValidationError("--access-log-sample must be 1 or more") }
        options.accessLog = accessLog
        options.accessLogSample = accessLogSample
        options.streamLimits.total = maxStreams
        options.streamLimits.perAddress = maxStreamsPerAddress
        options.streamLimits.bufferBytes = streamBufferBytes
        options.streamLimits.replayBytes = max(4 << 20, streamBufferBytes)
        options.clockFile = clockFile
        switch (tlsCert, tlsKey) {
        case (nil, nil): break
        case (let cert?, let key?):
            do {
                options.tls = try TLSCredentials(certificateFile: cert, keyFile: key)
            } catch {
                throw ValidationError("\(error)")
            }
        default: throw ValidationError("--tls-cert and --tls-key go together")
        }
        for proxy in trustedProxies where !ClientAddress.isAddress(proxy) {
            throw ValidationError("--trusted-proxy takes an IPv4 or IPv6 address, not \(proxy)")
        }
        options.trustedProxies = trustedProxies
        if let publicURL {
            guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--public-url must be an http:// or https:// address, e.g. http://10.0.0.5:8080")
            }
            options.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        }
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be trace, debug, info, notice, warning or error")
        }
        guard let format = LogFormat(rawValue: logFormat) else { throw ValidationError("--log-format must be text or json") }
        var logger = format.logger(label: "hallqd")
        logger.logLevel = level
        let daemon: Daemon
        do {
            daemon = try Daemon(options: options, logger: logger)
        } catch {
            throw ValidationError("\(error)")
        }
        // Tests and scripts read the actual port from this line.
        let listening = "hallqd listening on \(host):\(daemon.server.port)"
        FileHandle.standardOutput.write(
            Data((format == .json ? JSONLogHandler.entry(level: .notice, label: "hallqd", message: listening) : listening + "\n").utf8))
        ServiceManager.notify("READY=1\nSTATUS=serving on \(daemon.server.isTLS ? "https" : "http")://\(host):\(daemon.server.port)")
        let status = daemon.runUntilSignalled()
        // A stop that had to leave stuck threads behind ends the process at once, without joining them.
        if status != 0 { Daemon.exitNow(status) }
    }
}
