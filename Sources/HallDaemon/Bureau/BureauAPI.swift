import BureauStore
import Foundation
import HTTPServer
import HallCore
import Logging
import PostgresClient

/// The bureau service's HTTP API (`hallqd bureau`): the public hall finder, the bureau managers' login, dashboard,
/// drill-down, statistics and heatmaps across halls. It answers from PostgreSQL only; its pages come from `web/`.
public final class BureauAPI: Sendable {
    /// A request as a handler sees it: path parameters and, on manager routes, the manager's login.
    struct Context: Sendable {
        var api: BureauAPI
        var request: HTTPRequest
        var params: [String: String]
        var manager: String?
    }

    struct BureauRoute: Sendable {
        var method: HTTPMethod
        var pattern: String
        var managersOnly: Bool
        /// Runs in ``BureauAPI/reports``, not on the HTTP worker (a query over every hall's history).
        var report: Bool
        var segments: [Route.Segment]
        var handler: @Sendable (Context) throws -> HTTPReply
    }

    let reader: BureauReader
    let managers: BureauManagers
    let staticFiles: StaticFiles
    let logger: Logger
    let limiter = LoginLimiter()
    /// Where statistics and heatmaps across halls run: two at a time, so the workers (and the pool's other
    /// connections) stay free for the public hall finder and the dashboard.
    let reports = ReportsLane()
    let routes: [BureauRoute]
    /// A hall whose last report is older than this is stale: shown as such, and never the best hall to go to.
    let staleAfterSeconds: Double
    /// How long a manager's session lasts.
    let sessionHours: Double

    init(pool: PostgresPool, webRoot: String, logger: Logger, staleAfterSeconds: Double = 60, sessionHours: Double = 12) {
        reader = BureauReader(pool: pool)
        managers = BureauManagers(pool: pool)
        staticFiles = StaticFiles(roots: [("/", (webRoot as NSString).appendingPathComponent("web"))])
        self.logger = logger
        self.staleAfterSeconds = staleAfterSeconds
        self.sessionHours = sessionHours
        routes = Self.makeRoutes()
    }

    /// Every (method, pattern) the bureau answers, for the OpenAPI agreement test.
    public static var routeTable: [(method: String, pattern: String)] { makeRoutes().map { ($0.method.rawValue, $0.pattern) } }

    static func makeRoutes() -> [BureauRoute] {
        var routes: [BureauRoute] = []
        func add(
            _ method: HTTPMethod, _ pattern: String, managers: Bool = false, report: Bool = false,
            _ handler: @escaping @Sendable (Context) throws -> HTTPReply
        ) {
            routes.append(
                BureauRoute(
                    method: method, pattern: pattern, managersOnly: managers, report: report, segments: Route.segments(of: pattern),
                    handler: handler))
        }
        add(.get, "/healthz") { ctx in try json(200, ["status": "ok"]) }
        add(.get, "/api/halls") { ctx in try json(200, try ctx.api.finder(service: ctx.request.query["service"])) }
        add(.post, "/api/bureau/login") { ctx in try ctx.api.login(ctx) }
        add(.post, "/api/bureau/logout", managers: true) { ctx in try ctx.api.logout(ctx) }
        add(.get, "/api/bureau/dashboard", managers: true) { ctx in try json(200, try ctx.api.dashboard()) }
        add(.get, "/api/bureau/halls/{hall}", managers: true) { ctx in try json(200, try ctx.api.hallLines(ctx.params["hall"] ?? "")) }
        add(.get, "/api/bureau/stats", managers: true, report: true) { ctx in
            try json(200, try ctx.api.statistics(try StatsQuery(ctx.request.query, api: ctx.api)))
        }
        add(.get, "/api/bureau/stats.csv", managers: true, report: true) { ctx in
            try ctx.api.statisticsCSV(try StatsQuery(ctx.request.query, api: ctx.api))
        }
        add(.get, "/api/bureau/heatmap", managers: true, report: true) { ctx in
            try json(200, try ctx.api.heatmap(try StatsQuery(ctx.request.query, api: ctx.api)))
        }
        return routes
    }

    /// Answers one request: a route, a page (`/halls`, `/bureau`) or a file of `web/`, else 404 (405 for a known
    /// path asked with another method).
    public func handle(_ request: HTTPRequest) -> HTTPReply {
        let parts = request.path.split(separator: "/")
        let matching = routes.filter { Router.bind($0.segments, parts) != nil }
        if let route = matching.first(where: { $0.method == request.method || (request.method == .head && $0.method == .get) }) {
            do {
                var context = Context(api: self, request: request, params: Router.bind(route.segments, parts) ?? [:])
                if route.managersOnly { context.manager = try manager(of: request) }
                guard route.report else { return try route.handler(context) }
                let handler = route.handler
                return try reports.run({ [context] in try handler(context) }, refusal: { [self] in errorResponse($0, request: request) })
            } catch {
                return .response(errorResponse(error, request: request))
            }
        }
        if !matching.isEmpty {
            var refusal = APIError(405, "method_not_allowed", "\(request.method.rawValue) is not allowed on \(request.path)")
            refusal.headers = [("Allow", Set(matching.map(\.method.rawValue)).sorted().joined(separator: ", "))]
            return .response(refusal.response)
        }
        if request.path.hasPrefix("/api/") { return .response(APIError.notFound("no route \(request.path)").response) }
        guard request.method == .get || request.method == .head else {
            return .response(APIError(405, "method_not_allowed", "pages are read with GET", headers: [("Allow", "GET")]).response)
        }
        var page = request
        switch request.path {
        case "/", "/halls": page.path = "/halls.html"
        case "/bureau": page.path = "/bureau.html"
        case "/favicon.ico": page.path = "/assets/icon.svg"
        default: break
        }
        return .response(staticFiles.respond(to: page) ?? APIError.notFound("no page at \(request.path)").response)
    }

    func errorResponse(_ error: any Error, request: HTTPRequest) -> HTTPResponse {
        switch error {
        case let error as APIError: return error.response
        case let error as PostgresError where error.isUnavailable:
            logger.warning("\(request.method) \(LogText.printable(request.path)): the bureau's database is unavailable: \(error)")
            return APIError(503, "database_unavailable", "the bureau's database is not answering; try again shortly", headers: [("Retry-After", "5")])
                .response
        default:
            logger.error("\(request.method) \(LogText.printable(request.path)) failed: \(error)")
            return APIError(500, "internal", "the bureau could not answer this request").response
        }
    }
}
