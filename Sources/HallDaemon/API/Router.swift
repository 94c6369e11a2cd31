import Foundation
import HTTPServer
import HallCore
import HallStore

/// Who may call a route.
enum Access: Sendable {
    case everyone
    /// An officer of the window in the path, or a manager/admin.
    case windowStaff
    case manager
    case anyUser
    /// A paired rating pad, by its own token (see ``PadKeeper``).
    case pad
}

/// What a handler gets: the request, path parameters and the caller's session if any.
struct RouteContext: Sendable {
    var api: HallAPI
    var request: HTTPRequest
    var params: [String: String]
    var session: Session?
    /// The rating pad whose token came with the request, if any (never together with a session).
    var pad: StoredPad?

    /// Decodes the JSON body, or throws a 400 that says what is wrong (415 when it is not declared as JSON).
    func body<T: Decodable>(_ type: T.Type) throws -> T { try request.jsonBody(type) }

    /// Whether the request declares a JSON body.
    var isJSON: Bool { request.isJSON }

    /// Answers from another thread: `start` gets `answer`, to call once with a function that makes the reply (or
    /// throws the refusal). Meanwhile the worker thread serves other connections.
    func later(_ start: (_ answer: @escaping @Sendable (_ make: () throws -> HTTPReply) -> Void) -> Void) -> HTTPReply {
        let pending = PendingResponse()
        let (api, request) = (self.api, self.request)
        start { make in pending.complete(making: make) { api.errorResponse($0, request: request) } }
        return .later(pending)
    }

    /// A path parameter as a positive integer (404 when it is not one).
    func intParam(_ name: String, _ what: String) throws -> Int {
        guard let value = params[name], let n = Int(value), n > 0 else { throw APIError.notFound("no \(what) \"\(params[name] ?? "")\"") }
        return n
    }
}

/// One API route: method, path pattern with `{name}` segments, who may call it, and its handler.
struct Route: Sendable {
    var method: HTTPMethod
    var pattern: String
    var access: Access
    /// Where the handler runs: on the HTTP worker, or in the reports lane (history reads that take milliseconds).
    var lane: Lane = .worker
    var handler: @Sendable (RouteContext) throws -> HTTPReply
    /// The pattern's segments, each a literal or a `{name}` (split once, when the route is added).
    let segments: [Segment]

    /// Where a handler runs.
    enum Lane: Sendable {
        /// On the libmicrohttpd worker that read the request: quick reads and writes (a write waits off the worker).
        case worker
        /// In ``ReportsLane``: a read of history that may take milliseconds, so a worker never waits for one.
        case reports
    }

    enum Segment: Sendable, Equatable {
        case literal(Substring)
        case parameter(String)
    }

    init(method: HTTPMethod, pattern: String, access: Access, handler: @escaping @Sendable (RouteContext) throws -> HTTPReply) {
        (self.method, self.pattern, self.access, self.handler) = (method, pattern, access, handler)
        segments = Self.segments(of: pattern)
    }

    /// A pattern's segments: `{name}` is a parameter, anything else a literal.
    static func segments(of pattern: String) -> [Segment] {
        pattern.split(separator: "/").map { $0.hasPrefix("{") && $0.hasSuffix("}") ? .parameter(String($0.dropFirst().dropLast())) : .literal($0) }
    }
}

/// Matches requests to routes; unknown paths are 404, known paths with another method 405.
struct Router: Sendable {
    var routes: [Route] = []

    mutating func add(
        _ method: HTTPMethod, _ pattern: String, _ access: Access = .everyone, lane: Route.Lane = .worker,
        _ handler: @escaping @Sendable (RouteContext) throws -> HTTPReply
    ) {
        var route = Route(method: method, pattern: pattern, access: access, handler: handler)
        route.lane = lane
        routes.append(route)
    }

    /// The route and its parameters for a request, or the methods the path allows when only the method is wrong.
    func match(method: HTTPMethod, path: String) -> (Route, [String: String])? {
        let parts = path.split(separator: "/")
        for route in routes where route.segments.count == parts.count && (route.method == method || (method == .head && route.method == .get)) {
            if let params = Self.bind(route.segments, parts) { return (route, params) }
        }
        return nil
    }

    /// The pattern of a route that matches `path` with any method.
    func pattern(path: String) -> String? {
        let parts = path.split(separator: "/")
        return routes.first { Self.bind($0.segments, parts) != nil }?.pattern
    }

    func allowedMethods(path: String) -> [String] {
        let parts = path.split(separator: "/")
        return routes.filter { Self.bind($0.segments, parts) != nil }.map(\.method.rawValue)
    }

    static func bind(_ pattern: [Route.Segment], _ parts: [Substring]) -> [String: String]? {
        guard pattern.count == parts.count else { return nil }
        var params: [String: String] = [:]
        for (p, v) in zip(pattern, parts) {
            switch p {
            case .parameter(let name): params[name] = String(v)
            case .literal(let text): if text != v { return nil }
            }
        }
        return params
    }
}

extension HTTPRequest {
    /// Decodes the JSON body, or throws a 400 that says what is wrong (415 when it is not declared as JSON: a form
    /// or text body is what another site's page can send without asking, so it is never taken for JSON).
    func jsonBody<T: Decodable>(_ type: T.Type) throws -> T {
        guard !body.isEmpty else { throw APIError.badRequest("a JSON body is required", code: "malformed_json") }
        guard isJSON else { throw APIError.unsupportedMediaType }
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw APIError.badRequest("the body is not valid JSON", code: "malformed_json")
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError.badRequest("missing field \"\(key.stringValue)\"", code: "invalid_field")
        } catch let DecodingError.typeMismatch(_, context) {
            throw APIError.badRequest(
                "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type", code: "invalid_field")
        } catch let DecodingError.dataCorrupted(context) {
            throw APIError.badRequest(
                "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\": \(context.debugDescription)", code: "invalid_field")
        } catch {
            throw APIError.badRequest("the body is not valid JSON", code: "malformed_json")
        }
    }

    /// Whether the request declares a JSON body: `Content-Type: application/json`, parameters such as `charset` allowed.
    var isJSON: Bool {
        guard let type = header("content-type") else { return false }
        let media = type.utf8.prefix { $0 != UInt8(ascii: ";") }.drop { $0 == 32 || $0 == 9 }
        let trimmed = media.reversed().drop { $0 == 32 || $0 == 9 }.reversed()
        return trimmed.count == 16 && String(decoding: trimmed, as: UTF8.self).lowercased() == "application/json"
    }
}
