import Foundation
import HTTPServer
import HallCore
import HallStore
import Locking
import Logging

/// The daemon's HTTP face: routes, access checks, errors as JSON, static pages, request logs and metrics.
public final class HallAPI: Sendable {
    let service: HallService
    let sessions: SessionKeeper
    let pads: PadKeeper
    /// The staff accounts in force (followed from the config file).
    let users: UserDirectory
    let limiter = LoginLimiter()
    /// The per-address ticket limit (`[limits] tickets_per_address_per_minute`).
    let ticketBuckets = AddressBuckets()
    /// The per-address booking limit (`[limits] bookings_per_address_per_minute`).
    let bookingBuckets = AddressBuckets()
    /// Wrong codes and numbers typed at check-in per address (`[limits] check_in_attempts_per_address_per_minute`).
    let checkInBuckets = AddressBuckets()
    /// The issuing window the last ticket was admitted in (`from`…`until`): a ticket inside it is admitted without
    /// working out the hall's calendar again, which cost more than the rest of the checks together.
    let issuingWindow = Locked<(from: Date, until: Date)?>(nil)
    let metrics: HallMetrics
    /// Where history reads run, so that workers never wait for one.
    let reports = ReportsLane()
    let accessLog: AccessLog
    let staticFiles: StaticFiles
    let logger: Logger
    let settings: APISettings
    let router: Router
    /// The alert watcher (with its outbox worker) that rating and alert routes drive.
    let alerts: AlertMonitor
    /// What `/healthz` reports as stuck.
    let watchdog: Watchdog?
    /// The boards' voice (nil: the boards use their browser's voices and the chime).
    let voice: HallVoice?
    /// Whose address a request counts under (the peer's, or a configured proxy's forwarded client).
    let clientAddress: ClientAddress
    /// How far behind the bureau is, when the hall ships its journal to one (`[bureau]`).
    let bureau: BureauShipper?

    /// `users` follows the config file's users; nil keeps the users `service` started with.
    public convenience init(
        service: HallService, alerts: AlertMonitor, voice: HallVoice? = nil, settings: APISettings, watchdog: Watchdog? = nil,
        users: UserDirectory? = nil, metrics: HallMetrics? = nil, logger: Logger
    ) {
        self.init(
            service: service, alerts: alerts, voice: voice, settings: settings, watchdog: watchdog, users: users, metrics: metrics, bureau: nil,
            logger: logger)
    }

    init(
        service: HallService, alerts: AlertMonitor, voice: HallVoice?, settings: APISettings, watchdog: Watchdog?, users: UserDirectory?,
        metrics: HallMetrics?, bureau: BureauShipper?, logger: Logger
    ) {
        self.bureau = bureau
        self.service = service
        self.voice = voice
        self.metrics = metrics ?? HallMetrics(hall: service.config)
        self.accessLog = AccessLog(logger: logger, mode: AccessLog.Mode(rawValue: settings.accessLog) ?? .all, sampleEvery: settings.accessLogSample)
        self.alerts = alerts
        self.watchdog = watchdog
        self.settings = settings
        self.clientAddress = ClientAddress(trustedProxies: settings.trustedProxies)
        self.logger = logger
        let users = users ?? UserDirectory(service: service, configPath: nil, logger: logger)
        self.users = users
        self.sessions = SessionKeeper(store: service.store, lifetime: settings.sessionHours * 3600, users: users)
        self.pads = PadKeeper(store: service.store)
        self.staticFiles = StaticFiles(roots: settings.staticRoots)
        self.router = Self.makeRouter()
    }

    static func makeRouter() -> Router {
        var router = Router()
        addHallRoutes(&router)
        addTicketRoutes(&router)
        addAppointmentRoutes(&router)
        addIssuingRoutes(&router)
        addWindowRoutes(&router)
        addAuthRoutes(&router)
        addSystemRoutes(&router)
        addRatingRoutes(&router)
        addPadRoutes(&router)
        addAlertRoutes(&router)
        addDashboardRoutes(&router)
        addHistoryRoutes(&router)
        addVoiceRoutes(&router)
        return router
    }

    /// Every (method, pattern) the server answers, for the OpenAPI agreement test.
    public static var routeTable: [(method: String, pattern: String)] { makeRouter().routes.map { ($0.method.rawValue, $0.pattern) } }

    /// Answers one request (called on the server's worker threads): routed, then observed (metrics and the access
    /// log see every answer, given now or later).
    public func handle(_ request: HTTPRequest) -> HTTPReply {
        let started = DispatchTime.now()
        let request = clientAddress.resolve(request)
        let (pattern, reply) = route(request)
        observe(reply, of: request, pattern: pattern, started: started)
        return reply
    }

    /// The answer to a request and the route pattern it is counted under (`static` for files, `unknown` for API paths
    /// the router does not know: never the path a client made up).
    private func route(_ request: HTTPRequest) -> (pattern: String, reply: HTTPReply) {
        if let (route, params) = router.match(method: request.method, path: request.path) {
            return (route.pattern, run(route, params: params, request: request))
        }
        let allowed = router.allowedMethods(path: request.path)
        if !allowed.isEmpty {
            // A route's path with another method (also outside /api/, e.g. `TRACE /heatmap.svg`): 405, never a page lookup.
            let refusal = APIError(
                405, "method_not_allowed", "\(request.path) allows \(allowed.joined(separator: ", "))",
                headers: [("Allow", allowed.joined(separator: ", "))])
            return (router.pattern(path: request.path) ?? "unknown", .response(refusal.response))
        }
        if request.path.hasPrefix("/api/") || request.path == "/healthz" || request.path == "/metrics" {
            return ("unknown", .response(APIError.notFound("no route \(request.method) \(request.path)").response))
        }
        return ("static", .response(staticFiles.respond(to: Pages.rewrite(request)) ?? APIError.notFound("no page at \(request.path)").response))
    }

    /// Counts and logs a request once its answer is known.
    private func observe(_ reply: HTTPReply, of request: HTTPRequest, pattern: String, started: DispatchTime) {
        let record: @Sendable (HTTPStatus) -> Void = { [self] status in
            let nanoseconds = DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds
            metrics.request(pattern: pattern, method: request.method.rawValue, status: status.code, nanoseconds: nanoseconds)
            accessLog.record(method: request.method.rawValue, path: request.path, route: pattern, status: status.code, nanoseconds: nanoseconds)
        }
        switch reply {
        case .response(let response): record(response.status)
        case .eventStream: record(200)
        case .later(let pending): pending.whenComplete { record($0.status) }
        }
    }

    /// Runs a route's handler for a caller its access admits, in the route's lane; refusals become error answers.
    private func run(_ route: Route, params: [String: String], request: HTTPRequest) -> HTTPReply {
        do {
            let (session, pad) = try authenticate(request)
            try admit(session: session, pad: pad, to: route, params: params)
            let context = RouteContext(api: self, request: request, params: params, session: session, pad: pad)
            guard route.lane == .reports else { return try route.handler(context) }
            return try reports.run(context) { try route.handler(context) }
        } catch {
            return .response(errorResponse(error, request: request))
        }
    }

    /// Throws the refusal when the caller (a staff session, a pad, or nobody) may not call `route`.
    private func admit(session: Session?, pad: StoredPad?, to route: Route, params: [String: String]) throws {
        if pad != nil, route.access != .everyone, route.access != .pad {
            throw APIError(403, "pad_not_staff", "a rating pad's token rates tickets and nothing else; log in as staff for this")
        }
        switch route.access {
        case .everyone: break
        case .pad:
            guard pad == nil else { break }
            if session != nil { throw APIError.forbidden("only a paired rating pad may ask this; a staff login is not one") }
            throw APIError(401, "unauthorized", "only a paired rating pad may ask this: send Authorization: Bearer <pad token>")
        case .anyUser:
            guard session != nil else { throw APIError.unauthorized }
        case .manager:
            guard let session else { throw APIError.unauthorized }
            guard session.role != .officer else { throw APIError.forbidden("managers only") }
        case .windowStaff:
            guard let session else { throw APIError.unauthorized }
            let window = Int(params["window"] ?? "") ?? -1
            guard session.mayAct(atWindow: window) else {
                throw APIError.forbidden("\(session.login) works at window \(session.window.map(String.init) ?? "-"), not \(params["window"] ?? "")")
            }
        }
    }

    /// A refusal as the client sees it: the error's own status, or 503 for anything the store threw.
    func errorResponse(_ error: any Error, request: HTTPRequest) -> HTTPResponse {
        switch error {
        case let error as APIError: return error.response
        case let error as HallError: return APIError(error).response
        default:
            logger.error("\(request.method) \(LogText.printable(request.path)) failed: \(error)")
            return APIError(503, "unavailable", "the hall's database did not accept the change; nothing was changed, try again").response
        }
    }

    /// The staff session or the rating pad of the request's bearer token; a token that is present but invalid
    /// (unknown, expired, revoked, or its user removed) is a 401.
    func authenticate(_ request: HTTPRequest) throws -> (session: Session?, pad: StoredPad?) {
        guard let header = request.header("authorization") else { return (nil, nil) }
        guard header.lowercased().hasPrefix("bearer ") else {
            throw APIError(401, "invalid_token", "the login token is unknown or expired; log in again")
        }
        let token = String(header.dropFirst(7))
        if PadKeeper.isPadToken(token) {
            guard let pad = try pads.pad(token: token) else {
                throw APIError(401, "invalid_token", "this rating pad is not paired (or its pairing was revoked); pair it again")
            }
            return (nil, pad)
        }
        guard let session = try sessions.session(token: token, now: service.clock()) else {
            throw APIError(401, "invalid_token", "the login token is unknown or expired; log in again")
        }
        return (session, nil)
    }
}

/// Tunables of the API layer.
public struct APISettings: Sendable {
    public var staticRoots: [(urlPrefix: String, directory: String)]
    public var sessionHours: Double = 12
    /// Address phones use to reach the hall, for the ticket's QR code (nil: the Host header of the kiosk's request).
    public var publicURL: String?
    /// Which requests the access log writes (`all`, `errors`, `off`), and one successful request in how many.
    public var accessLog = "all"
    public var accessLogSample = 1
    /// Reverse proxies whose `X-Forwarded-For` names the client (see ``ClientAddress``).
    public var trustedProxies: [String] = []
    /// Whether the daemon itself serves HTTPS (the scheme of the ticket's QR code when no proxy says otherwise).
    public var tls = false
    public init(staticRoots: [(urlPrefix: String, directory: String)], sessionHours: Double = 12, publicURL: String? = nil) {
        self.staticRoots = staticRoots
        self.sessionHours = sessionHours
        self.publicURL = publicURL
    }
}

/// JSON reply helper (the hot views write themselves; everything else goes through ``JSONEncoder/api``).
func json(_ status: HTTPStatus, _ value: some Encodable) throws -> HTTPReply {
    let body = if let writable = value as? any JSONWritable { writable.jsonBytes } else { Array(try JSONEncoder.api.encode(value)) }
    return .response(
        HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")], body: body))
}
