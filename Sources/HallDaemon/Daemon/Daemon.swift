import Foundation
import HTTPServer
import HallConfigFile
import HallCore
import HallStore
import Logging

/// How `hallqd serve` runs.
public struct DaemonOptions: Sendable {
    public var configPath = "config/demo-hall.toml"
    public var databasePath = "data/hall.sqlite"
    public var host = "127.0.0.1"
    public var port = 8080
    /// Folder holding `web/` and `displays/`.
    public var webRoot = "."
    public var threads = 4
    public var connectionLimit = 4096
    /// Most simultaneous connections from one client address (0: no limit).
    public var connectionsPerAddress = 128
    public var maxBodyBytes = 64 * 1024
    public var connectionTimeoutSeconds = 30
    /// Address phones use to reach the hall (printed in the ticket's QR code); nil: the Host the kiosk used.
    public var publicURL: String?
    /// Commit changes that arrive together in one transaction (false: one transaction per change).
    public var groupCommit = true
    /// Seconds between two checks of the alert conditions.
    public var alertCheckSeconds = 10.0
    /// Seconds between two looks at the hall day (it rolls over shortly after midnight without anyone writing) and at
    /// bookings due as no-shows.
    public var dayCheckSeconds = 2.0
    /// For tests: take the time from this file (an ISO 8601 instant plus the real time since it changed; see ``FileClock``).
    public var clockFile: String?
    /// How long a stop waits for requests in flight before the process exits regardless.
    public var shutdownGraceSeconds = 10.0
    /// A commit or request running longer than this makes `/healthz` answer 503.
    public var watchdogSeconds = 20.0
    /// …and longer than this ends the process (0: never), so the service manager restarts it.
    public var stallExitSeconds = 120.0
    /// Live-event streams: how many, and how far behind one may fall.
    public var streamLimits = StreamLimits()
    /// Which requests the access log writes: `all`, `errors` or `off`; and one successful request in how many.
    public var accessLog = "all"
    public var accessLogSample = 1
    /// Serve HTTPS with this certificate and key (nil: plain HTTP).
    public var tls: TLSCredentials?
    /// Reverse proxies whose `X-Forwarded-For` names the client for the per-address limits (nobody else's is read).
    public var trustedProxies: [String] = []
    public init() {}
}

/// Why the daemon would not start.
public struct DaemonStartError: Error, CustomStringConvertible {
    public var description: String
}

/// The running daemon: config, store, live hall, HTTP server.
public final class Daemon: Sendable {
    public let service: HallService
    public let api: HallAPI
    public let server: HTTPServer
    public let alerts: AlertMonitor
    public let watchdog: Watchdog
    let outbox: OutboxWorker
    /// The boards' voice: calls rendered to audio.
    let voice: HallVoice
    /// Texts to taxpayers whose turn is near.
    let reminders: TurnReminders
    let hallDay: HallDayKeeper
    let appointments: AppointmentKeeper
    let logger: Logger
    let options: DaemonOptions
    /// Every part with threads or timers of its own, in the order they start (they stop in the reverse order).
    let parts: [any DaemonPart]

    /// Loads everything and starts it, listening last (or not at all with `listen: false`, for tests that call
    /// ``HallAPI/handle(_:)`` in this process); throws with a readable reason when it cannot.
    public init(options: DaemonOptions, logger: Logger, listen: Bool = true) throws {
        self.logger = logger
        self.options = options
        Self.ignoreBrokenPipes()
        let config = try HallConfig.load(path: options.configPath)
        try Self.checkPasswords(config, host: options.host, logger: logger)
        if let warning = Self.plainHTTPWarning(
            host: options.host, tls: options.tls != nil, trustedProxies: options.trustedProxies, users: config.users.count)
        {
            logger.warning("\(warning)")
        }
        Self.keepPrivate(config: options.configPath, logger: logger)
        let store = try HallStore(path: options.databasePath)
        var clock: @Sendable () -> Date = { Date() }
        if let path = options.clockFile {
            let file = try FileClock(path: path)
            clock = { file.now() }
            logger.warning("the hall's time comes from \(path) (a test clock): now \(clock())")
        }
        let activity = ActivityMonitor()
        let metrics = HallMetrics(hall: config)
        outbox = OutboxWorker(store: store, settings: config.notifiers, hours: IssuingHours(config: config), clock: clock, logger: logger)
        let renderer = SpeechRenderer(
            espeakPath: config.voice.espeakPath, clipsFolder: config.voice.clipsFolder.map { Self.path($0, besideConfig: options.configPath) })
        voice = HallVoice(
            settings: config.voice, renderer: renderer, folder: AudioFile.folder(besideDatabase: options.databasePath), logger: logger)
        reminders = TurnReminders(config: config, store: store, outbox: outbox, clock: clock, logger: logger)
        service = try HallService(
            config: config, store: store, clock: clock, groupCommit: options.groupCommit, streamLimits: options.streamLimits, activity: activity,
            metrics: metrics, observers: [voice, reminders])
        hallDay = HallDayKeeper(service: service, logger: logger, lookEvery: options.dayCheckSeconds)
        appointments = AppointmentKeeper(service: service, logger: logger, lookEvery: options.dayCheckSeconds)
        watchdog = Watchdog(
            activity: activity, stuckAfter: options.watchdogSeconds, exitAfter: options.stallExitSeconds, logger: logger,
            probe: { store.isHealthy() })
        let web = (options.webRoot as NSString).appendingPathComponent("web")
        let displays = (options.webRoot as NSString).appendingPathComponent("displays")
        alerts = AlertMonitor(service: service, outbox: outbox, logger: logger, checkEvery: options.alertCheckSeconds)
        let host = options.host
        let users = UserDirectory(service: service, configPath: options.configPath, logger: logger) {
            try Self.checkPasswords($0, host: host, logger: logger)
        }
        var settings = APISettings(staticRoots: [("/displays/", displays), ("/", web)], publicURL: options.publicURL)
        settings.accessLog = options.accessLog
        settings.accessLogSample = options.accessLogSample
        settings.trustedProxies = options.trustedProxies
        settings.tls = options.tls != nil
        var shipper: BureauShipper?
        if let link = config.bureau {
            do {
                shipper = try BureauShipper(link: link, service: service, logger: logger)
            } catch {
                throw DaemonStartError(description: "[bureau] postgres_url: \(error)")
            }
        }
        api = HallAPI(
            service: service, alerts: alerts, voice: voice, settings: settings, watchdog: watchdog, users: users, metrics: metrics, bureau: shipper,
            logger: logger)
        var http = HTTPServerConfiguration()
        http.host = options.host
        http.port = options.port
        http.threads = options.threads
        http.connectionLimit = options.connectionLimit
        // libmicrohttpd counts connections by the peer's address, and behind a proxy every client has the proxy's:
        // the cap would shut the whole hall out at the 128th screen, so it is left to the proxy.
        http.connectionsPerAddress = options.trustedProxies.isEmpty ? options.connectionsPerAddress : 0
        if !options.trustedProxies.isEmpty, options.connectionsPerAddress > 0 {
            logger.notice("connections per client address are not capped here behind --trusted-proxy: cap them at the proxy (nginx limit_conn)")
        }
        http.maxBodyBytes = options.maxBodyBytes
        http.connectionTimeoutSeconds = options.connectionTimeoutSeconds
        http.defaultHeaders = SecurityHeaders.all
        http.tls = options.tls
        let api = self.api
        server = HTTPServer(configuration: http, activity: activity) { request in api.handle(request) }
        // The server listens last, when everything that answers is running.
        let checkpointer = WALCheckpointer(store: store, activity: activity, logger: logger)
        parts =
            [service, checkpointer, service.events, api.accessLog, outbox, reminders, voice, alerts, hallDay, appointments, watchdog]
            + (shipper.map { [$0] } ?? [])
            + (listen ? [server] : [])
        var started: [any DaemonPart] = []
        do {
            for part in parts {
                try part.start()
                started.append(part)
            }
        } catch {
            for part in started.reversed() { part.stop(before: Date() + 2) }
            throw error is HTTPServerError
                ? DaemonStartError(description: "cannot listen on \(options.host):\(options.port): \(error)")
                : DaemonStartError(description: "cannot start: \(error)")
        }
        logger.notice(
            "HallQ serving \(config.name.en) on \(options.tls == nil ? "http" : "https")://\(options.host):\(server.port) with \(options.databasePath)"
        )
    }

    /// Stops every part in the reverse order of their start: first the server (it stops taking requests, closes live
    /// streams and waits up to the grace period for requests in flight), last the hall's committer; then checkpoints
    /// the WAL. Returns false when a request was still running at the end of the grace period: the threads are then
    /// left as they are (one stuck in a handler could never be joined) and the caller exits.
    public func shutdown() -> Bool {
        logger.notice("shutting down")
        for part in parts.reversed() {
            if part === server {
                guard server.stop(before: Date() + options.shutdownGraceSeconds) else {
                    let left = server.activity.requestsInFlight.map { "\(LogText.printable($0.what)) (\(Int($0.seconds)) s)" }
                    logger.error(
                        "still answering after \(options.shutdownGraceSeconds) s: \(left.joined(separator: ", ")); exiting without waiting for them")
                    return false
                }
            } else if !part.stop(before: Date() + 2) {
                logger.warning("\(part.partName) did not stop within two seconds; going on")
            }
        }
        service.store.checkpoint()
        return true
    }

    /// A path from the config file: absolute as written, else relative to the file's folder.
    static func path(_ path: String, besideConfig config: String) -> String {
        path.hasPrefix("/") ? path : ((config as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
    }

    /// Makes the config file (password hashes, the webhook secret) readable by its owner only, or says why not.
    static func keepPrivate(config path: String, logger: Logger) {
        do {
            if let was = try PrivateFile.restrict(path) {
                logger.notice("\(path) was readable by others (mode \(String(was, radix: 8))); it is now 0600")
            }
        } catch {
            logger.warning("\(error); it holds password hashes and secrets, make it readable by this account only")
        }
    }

    /// Whether `host` is a loopback address (only this machine can connect).
    static func isLoopback(_ host: String) -> Bool { host == "localhost" || host == "::1" || host.hasPrefix("127.") }

    /// The warning to log when staff would log in over plain HTTP from other machines: passwords and tokens would cross
    /// the hall's network readable by anyone on it. Nil with TLS, on loopback, without staff, or behind a proxy
    /// (which then must be the one to speak HTTPS).
    static func plainHTTPWarning(host: String, tls: Bool, trustedProxies: [String], users: Int) -> String? {
        guard !tls, !isLoopback(host), users > 0, trustedProxies.isEmpty else { return nil }
        return "serving staff logins over plain HTTP on \(host): passwords and session tokens cross the network readable; "
            + "give --tls-cert and --tls-key, or serve on 127.0.0.1 behind a TLS proxy (--trusted-proxy)"
    }

    /// Warns while a demo password is in use; refuses demo passwords unless listening on loopback only.
    static func checkPasswords(_ config: HallConfig, host: String, logger: Logger) throws {
        let hasher = PasswordHasher()
        let demo = config.users.filter { hasher.verify(password: "demo", against: $0.passwordHash) }.map(\.login)
        guard !demo.isEmpty else { return }
        guard isLoopback(host) else {
            throw DaemonStartError(
                description:
                    "users \(demo.joined(separator: ", ")) still have the demo password; set real ones with `hallqd user add` before listening on \(host)"
            )
        }
        logger.warning("demo password in use for \(demo.joined(separator: ", ")); fine on loopback, change before opening the hall")
    }
}

extension HTTPServer: DaemonPart {
    var partName: String { "HTTP server" }

    /// Stops taking requests and waits for those in flight until `deadline` (see ``HTTPServer/stop(grace:)``).
    func stop(before deadline: Date) -> Bool { stop(grace: max(0, deadline.timeIntervalSinceNow)) }
}
