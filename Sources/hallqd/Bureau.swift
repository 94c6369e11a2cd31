import ArgumentParser
import BureauStore
import Foundation
import HallDaemon
import Logging
import PostgresClient

/// `hallqd bureau`: the bureau of many halls, served from PostgreSQL.
struct Bureau: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the bureau of many halls from PostgreSQL: the hall finder (/halls), the bureau dashboard (/bureau), statistics.")

    @Option(help: "The bureau's PostgreSQL, e.g. postgresql://bureau:secret@10.0.0.9:5432/bureau (or BUREAU_POSTGRES_URL).")
    var postgres: String?

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "TCP port (0 picks a free one).")
    var port = 8090

    @Option(name: .customLong("web-root"), help: "Folder that holds web/.")
    var webRoot = "."

    @Option(name: .customLong("stale-after-seconds"), help: "A hall silent for longer than this is shown as stale and never recommended.")
    var staleAfterSeconds = 60.0

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.")
    var logLevel = "info"

    func run() throws {
        Daemon.holdTerminationSignals()
        guard let url = postgres ?? ProcessInfo.processInfo.environment["BUREAU_POSTGRES_URL"] else {
            throw ValidationError("--postgres URL (or BUREAU_POSTGRES_URL) is required")
        }
        guard (1...3600).contains(staleAfterSeconds) else { throw ValidationError("--stale-after-seconds must be 1 to 3600") }
        var options = BureauOptions()
        options.postgresURL = url
        options.host = host
        options.port = port
        options.webRoot = webRoot
        options.staleAfterSeconds = staleAfterSeconds
        var logger = Logger(label: "hallqd-bureau")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let bureau: BureauServer
        do {
            bureau = try BureauServer(options: options, logger: logger)
        } catch {
            throw ValidationError("\(error)")
        }
        FileHandle.standardOutput.write(Data("hallqd bureau listening on \(host):\(bureau.server.port)\n".utf8))
        bureau.runUntilSignalled()
    }
}

/// `hallqd bureau-manager LOGIN`: adds a bureau manager (or sets a new password), the password read from standard input.
struct BureauManager: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bureau-manager", abstract: "Add a bureau manager or set a new password (read from standard input).")

    @Option(help: "The bureau's PostgreSQL (or BUREAU_POSTGRES_URL).")
    var postgres: String?

    @Option(name: .customLong("display-name"), help: "The name the dashboard shows.")
    var displayName: String?

    @Argument(help: "The manager's login (1–64 characters).")
    var login: String

    func run() throws {
        guard let url = postgres ?? ProcessInfo.processInfo.environment["BUREAU_POSTGRES_URL"] else {
            throw ValidationError("--postgres URL (or BUREAU_POSTGRES_URL) is required")
        }
        guard (1...64).contains(login.count), login.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw ValidationError("the login must be 1–64 letters, digits, '-', '_' or '.'")
        }
        guard let password = readLine(strippingNewline: true), password.count >= 8 else {
            throw ValidationError("give a password of at least 8 characters on standard input")
        }
        do {
            let settings = try PostgresSettings(url, applicationName: "hallq-bureau")
            try BureauSchema.migrate(try PostgresConnection(settings))
            let pool = PostgresPool(settings: settings, size: 1)
            try BureauManagers(pool: pool).save(login: login, displayName: displayName, passwordHash: try PasswordHasher().hash(password: password))
        } catch {
            throw ValidationError("\(error)")
        }
        print("bureau manager \(login) saved")
    }
}
