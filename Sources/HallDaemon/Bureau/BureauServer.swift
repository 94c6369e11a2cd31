import BureauStore
import Foundation
import HTTPServer
import Logging
import PostgresClient

/// How `hallqd bureau` runs.
public struct BureauOptions: Sendable {
    public var postgresURL = ""
    public var host = "127.0.0.1"
    public var port = 8090
    /// Folder holding `web/`.
    public var webRoot = "."
    /// HTTP worker threads, and the pool's connections beside them: on two cores, more only queue in PostgreSQL.
    public var threads = 4
    public var poolSize = 4
    /// A hall whose last report is older than this many seconds is shown as stale.
    public var staleAfterSeconds = 60.0
    public init() {}
}

/// The bureau service: applies the bureau's schema migrations, then serves the hall finder, the bureau dashboard and
/// statistics from PostgreSQL through the same HTTP server as the halls'.
public final class BureauServer: Sendable {
    public let server: HTTPServer
    public let api: BureauAPI
    let pool: PostgresPool
    let logger: Logger

    /// Connects, migrates and listens; throws with a readable reason when it cannot.
    public init(options: BureauOptions, logger: Logger) throws {
        self.logger = logger
        let settings: PostgresSettings
        do {
            settings = try PostgresSettings(options.postgresURL, applicationName: "hallq-bureau")
            let applied = try BureauSchema.migrate(try PostgresConnection(settings))
            if applied > 0 { logger.notice("bureau: applied \(applied) schema migration(s); schema version \(BureauSchema.version)") }
        } catch {
            throw DaemonStartError(description: "cannot prepare the bureau's database: \(error)")
        }
        pool = PostgresPool(settings: settings, size: options.poolSize, waitSeconds: 10)
        api = BureauAPI(pool: pool, webRoot: options.webRoot, logger: logger, staleAfterSeconds: options.staleAfterSeconds)
        var http = HTTPServerConfiguration()
        http.host = options.host
        http.port = options.port
        http.threads = options.threads
        http.connectionsPerAddress = 128
        http.defaultHeaders = SecurityHeaders.all
        let api = self.api
        server = HTTPServer(configuration: http) { request in api.handle(request) }
        do {
            try server.start()
        } catch {
            throw DaemonStartError(description: "cannot listen on \(options.host):\(options.port): \(error)")
        }
        logger.notice("HallQ bureau serving \(settings) on http://\(options.host):\(server.port)")
    }

    /// Serves until SIGINT or SIGTERM (held by ``Daemon/holdTerminationSignals()`` before start), then stops.
    public func runUntilSignalled() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        var signal: Int32 = 0
        sigwait(&set, &signal)
        logger.notice("bureau: shutting down")
        _ = server.stop(grace: 5)
        pool.close()
    }
}
