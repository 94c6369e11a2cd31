import ArgumentParser
import Foundation
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

    @Option(name: .customLong("web-root"), help: "Folder that holds web/ and displays/.")
    var webRoot = "."

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

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.")
    var logLevel = "info"

    @Option(
        name: .customLong("clock-file"),
        help: ArgumentHelp("For tests: the hall's time is the ISO 8601 instant in this file plus the time since it changed.", visibility: .hidden))
    var clockFile: String?

    func run() throws {
        var options = DaemonOptions()
        options.configPath = files.config
        options.databasePath = files.db
        options.host = host
        options.port = port
        options.webRoot = webRoot
        options.threads = threads
        options.connectionLimit = maxConnections
        guard alertCheckSeconds >= 0.1, alertCheckSeconds <= 3600 else { throw ValidationError("--alert-check-seconds must be 0.1 to 3600") }
        options.alertCheckSeconds = alertCheckSeconds
        options.groupCommit = groupCommit
        options.clockFile = clockFile
        if let publicURL {
            guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--public-url must be an http:// or https:// address, e.g. http://10.0.0.5:8080")
            }
            options.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        }
        var logger = Logger(label: "hallqd")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let daemon: Daemon
        do {
            daemon = try Daemon(options: options, logger: logger)
        } catch {
            throw ValidationError("\(error)")
        }
        // Tests and scripts read the actual port from this line.
        FileHandle.standardOutput.write(Data("hallqd listening on \(host):\(daemon.server.port)\n".utf8))
        Daemon.waitForTerminationSignal()
        daemon.shutdown()
    }
}
