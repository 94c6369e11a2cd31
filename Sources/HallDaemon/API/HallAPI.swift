import Foundation
import HTTPServer
import HallCore
import HallStore
import Logging

/// The daemon's HTTP face: routes, access checks, errors as JSON, static pages, request logs and metrics.
public final class HallAPI: Sendable {
    let service: HallService
    let sessions: SessionKeeper
    let limiter = LoginLimiter()
    /// The per-address ticket limit (`[limits] tickets_per_address_per_minute`).
    let ticketBuckets = AddressBuckets()
    let metrics = Metrics()
    let staticFiles: StaticFiles
    let logger: Logger
    let settings: APISettings
    let router: Router
    /// The alert watcher (with its outbox worker) that rating and alert routes drive.
    let alerts: AlertMonitor

    public init(service: HallService, alerts: AlertMonitor, settings: APISettings, logger: Logger) {
        self.service = service
        self.alerts = alerts
        self.settings = settings
        self.logger = logger
        self.sessions = SessionKeeper(store: service.store, lifetime: settings.sessionHours * 3600)
        self.staticFiles = StaticFiles(roots: settings.staticRoots)
        self.router = Self.makeRouter()
        service.events.render = { [unowned service] in Self.render($0, hall: $1, service: service) }
    }

    static func makeRouter() -> Router {
        var router = Router()
        addHallRoutes(&router)
        addTicketRoutes(&router)
        addIssuingRoutes(&router)
        addWindowRoutes(&router)
        addAuthRoutes(&router)
        addSystemRoutes(&router)
        addRatingRoutes(&router)
        addAlertRoutes(&router)
        addDashboardRoutes(&router)
        addHistoryRoutes(&router)
        return router
    }

    /// Every (method, pattern) the server answers, for the OpenAPI agreement test.
    public static var routeTable: [(method: String, pattern: String)] { makeRouter().routes.map { ($0.method, $0.pattern) } }

    /// Answers one request (called on the server's worker threads).
    public func handle(_ request: HTTPRequest) -> HTTPReply {
        let started = DispatchTime.now()
        var pattern = "static"
        let reply: HTTPReply
        if let (route, params) = router.match(method: request.method, path: request.path) {
            pattern = route.pattern
            reply = run(route, params: params, request: request)
        } else if request.path.hasPrefix("/api/") || request.path == "/healthz" || request.path == "/metrics" {
            let allowed = router.allowedMethods(path: request.path)
            pattern = allowed.isEmpty ? "unknown" : request.path
            reply = .response(
                allowed.isEmpty
                    ? APIError.notFound("no route \(request.method) \(request.path)").response
                    : APIError(
                        405, "method_not_allowed", "\(request.path) allows \(allowed.joined(separator: ", "))",
                        headers: [("Allow", allowed.joined(separator: ", "))]
                    ).response)
        } else {
            reply = .response(staticFiles.respond(to: Pages.rewrite(request)) ?? APIError.notFound("no page at \(request.path)").response)
        }
        let status: Int = if case .response(let r) = reply { r.status } else { 200 }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000
        metrics.count(route: "\(request.method) \(pattern)", status: status)
        logger.info("\(request.method) \(request.path) \(status) \(String(format: "%.1f", ms))ms", metadata: ["route": "\(pattern)"])
        return reply
    }

    private func run(_ route: Route, params: [String: String], request: HTTPRequest) -> HTTPReply {
        do {
            let session = try authenticate(request)
            switch route.access {
            case .everyone: break
            case .anyUser:
                guard session != nil else { throw APIError.unauthorized }
            case .manager:
                guard let session else { throw APIError.unauthorized }
                guard session.role != .officer else { throw APIError.forbidden("managers only") }
            case .windowStaff:
                guard let session else { throw APIError.unauthorized }
                let window = Int(params["window"] ?? "") ?? -1
                guard session.mayAct(atWindow: window) else {
                    throw APIError.forbidden(
                        "\(session.login) works at window \(session.window.map(String.init) ?? "-"), not \(params["window"] ?? "")")
                }
            }
            return try route.handler(RouteContext(api: self, request: request, params: params, session: session))
        } catch let error as APIError {
            return .response(error.response)
        } catch let error as HallError {
            return .response(APIError(error).response)
        } catch {
            logger.error("\(request.method) \(request.path) failed: \(error)")
            return .response(APIError(503, "unavailable", "the hall's database did not accept the change; nothing was changed, try again").response)
        }
    }

    /// The session of the request's bearer token; a token that is present but invalid is a 401.
    func authenticate(_ request: HTTPRequest) throws -> Session? {
        guard let header = request.header("authorization") else { return nil }
        guard header.lowercased().hasPrefix("bearer "), let session = try sessions.session(token: String(header.dropFirst(7)), now: service.clock())
        else { throw APIError(401, "invalid_token", "the login token is unknown or expired; log in again") }
        return session
    }
}

/// Tunables of the API layer.
public struct APISettings: Sendable {
    public var staticRoots: [(urlPrefix: String, directory: String)]
    public var sessionHours: Double = 12
    /// Address phones use to reach the hall, for the ticket's QR code (nil: the Host header of the kiosk's request).
    public var publicURL: String?
    public init(staticRoots: [(urlPrefix: String, directory: String)], sessionHours: Double = 12, publicURL: String? = nil) {
        self.staticRoots = staticRoots
        self.sessionHours = sessionHours
        self.publicURL = publicURL
    }
}

/// JSON reply helper.
func json(_ status: Int, _ value: some Encodable) throws -> HTTPReply {
    .response(
        HTTPResponse(
            status: status, headers: [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")],
            body: Array(try JSONEncoder.api.encode(value))))
}
