import Foundation
import HTTPServer
import HallCore

/// `POST /api/login` body.
struct LoginRequest: Decodable {
    var user: String
    var password: String
}

/// `POST /api/login` reply.
struct LoginReply: Encodable {
    var token: String
    var role: String
    var window: Int?
    var user: String
    var displayName: String?
    var expiresAt: String
}

/// `GET /api/me`: the token's user as the hall's users give it now, the window as in ``LoginReply``.
struct MeReply: Encodable {
    var user: String
    var role: String
    var window: Int?
}

extension HallAPI {
    /// A well-formed hash no password matches, checked for unknown logins so they cost as much as known ones.
    static let dummyPasswordHash = (try? PasswordHasher().hash(password: UUID().uuidString)) ?? ""

    static func addAuthRoutes(_ router: inout Router) {
        router.add(.post, "/api/login") { ctx in
            let api = ctx.api
            let now = api.service.clock()
            let address = ctx.request.remoteAddress
            let body = try ctx.body(LoginRequest.self)
            // Failures count per address and per account, so neither many accounts from one address nor one account
            // from many addresses can be guessed at freely.
            if let wait = api.limiter.retryAfter(address: address, account: body.user, now: now) {
                throw APIError(429, "too_many_attempts", "too many failed logins; try again in \(wait) s", headers: [("Retry-After", String(wait))])
            }
            let user = api.users.user(body.user)
            // Verify against a dummy hash for unknown users too, so timing does not reveal which logins exist.
            let ok = PasswordHasher().verify(password: body.password, against: user?.passwordHash ?? Self.dummyPasswordHash)
            guard let user, ok else {
                api.limiter.recordFailure(address: address, account: body.user, now: now)
                throw APIError(401, "wrong_credentials", "unknown user or wrong password")
            }
            api.limiter.recordSuccess(account: user.login)
            let (token, expires) = try api.sessions.open(for: user, now: now)
            return try json(
                200,
                LoginReply(
                    token: token, role: user.role.rawValue, window: user.window, user: user.login, displayName: user.displayName,
                    expiresAt: iso(expires)!))
        }
        router.add(.post, "/api/logout", .anyUser) { ctx in
            try ctx.api.sessions.close(ctx.session!)
            return .response(HTTPResponse(status: 204, headers: [], body: []))
        }
        router.add(.get, "/api/me", .anyUser) { ctx in
            let s = ctx.session!
            return try json(200, MeReply(user: s.login, role: s.role.rawValue, window: s.window))
        }
    }
}
