import BureauStore
import Foundation
import HTTPServer
import HallCore

/// `GET /api/bureau/dashboard`: every hall at a glance.
struct BureauDashboardView: Encodable, Sendable {
    struct Hall: Encodable, Sendable {
        var hallID: String
        var nameZh: String
        var nameEn: String
        /// The hall's day (its time zone, its clock) the day figures are of.
        var day: String
        var waiting: Int
        var openWindows: Int
        var windows: Int
        var longestWaitSeconds: Int
        var openAlerts: Int
        var acknowledgedAlerts: Int
        var issuedToday: Int
        var servedToday: Int
        var ratingsToday: Int
        @Nullable var meanRatingToday: Double?
        var dissatisfiedToday: Int
        @Nullable var staleSeconds: Double?
        var stale: Bool
        /// Journal rows the hall had at its last report that have not arrived yet.
        var lagEvents: Int64
    }
    struct Totals: Encodable, Sendable {
        var halls: Int
        var waiting: Int
        var openWindows: Int
        var openAlerts: Int
        var staleHalls: Int
    }
    var at: String
    var totals: Totals
    var halls: [Hall]
}

/// `GET /api/bureau/halls/{hall}`: one hall's lines and windows now, with its day so far per line.
struct BureauHallLinesView: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        var service: String
        var nameZh: String
        var nameEn: String
        @Nullable var waiting: Int?
        @Nullable var longestWaitSeconds: Int?
        @Nullable var estimatedWaitSeconds: Int?
        var issuedToday: Int
        var servedToday: Int
        var noShowsToday: Int
        @Nullable var meanWaitSecondsToday: Int?
    }
    struct Window: Encodable, Sendable {
        var number: Int
        var nameZh: String
        var nameEn: String
        var status: String
        @Nullable var officer: String?
        var services: [String]
    }
    var hallID: String
    var nameZh: String
    var nameEn: String
    var day: String
    @Nullable var hallTime: String?
    @Nullable var staleSeconds: Double?
    var stale: Bool
    var openAlerts: Int
    var lines: [Line]
    var windows: [Window]
}

extension BureauAPI {
    func dashboard() throws -> BureauDashboardView {
        let halls = try reader.halls().map { o -> BureauDashboardView.Hall in
            let s = o.status
            let t = o.today
            return BureauDashboardView.Hall(
                hallID: o.profile.hallID, nameZh: o.profile.listName.zh, nameEn: o.profile.listName.en, day: o.day, waiting: s?.waiting ?? 0,
                openWindows: s?.openWindows ?? 0, windows: o.profile.windows.count, longestWaitSeconds: s?.longestWaitSeconds ?? 0,
                openAlerts: s?.openAlerts ?? 0, acknowledgedAlerts: s?.acknowledgedAlerts ?? 0, issuedToday: t.arrivals, servedToday: t.served,
                ratingsToday: t.ratings, meanRatingToday: t.ratings > 0 ? (Double(t.ratingSum) / Double(t.ratings) * 100).rounded() / 100 : nil,
                dissatisfiedToday: t.dissatisfied, staleSeconds: o.staleSeconds.map { ($0 * 10).rounded() / 10 },
                stale: (o.staleSeconds ?? .infinity) > staleAfterSeconds, lagEvents: o.lagEvents)
        }
        let totals = BureauDashboardView.Totals(
            halls: halls.count, waiting: halls.reduce(0) { $0 + $1.waiting }, openWindows: halls.reduce(0) { $0 + $1.openWindows },
            openAlerts: halls.reduce(0) { $0 + $1.openAlerts }, staleHalls: halls.filter(\.stale).count)
        return BureauDashboardView(at: iso(Date())!, totals: totals, halls: halls)
    }

    func hallLines(_ hallID: String) throws -> BureauHallLinesView {
        guard BureauLink.isValidHallID(hallID), let o = try reader.halls(only: hallID).first else {
            throw APIError(404, "unknown_hall", "the bureau has no hall \"\(hallID.prefix(40))\"")
        }
        let p = o.profile
        let stale = (o.staleSeconds ?? .infinity) > staleAfterSeconds
        let today = Dictionary(
            try reader.statistics(from: o.day, to: o.day, halls: [hallID]).map { ($0.service, $0.tally) }, uniquingKeysWith: { a, _ in a })
        let lines = Dictionary(o.status?.lines.map { ($0.service, $0) } ?? [], uniquingKeysWith: { a, _ in a })
        let windows = Dictionary(o.status?.windows.map { ($0.number, $0) } ?? [], uniquingKeysWith: { a, _ in a })
        return BureauHallLinesView(
            hallID: hallID, nameZh: p.listName.zh, nameEn: p.listName.en, day: o.day, hallTime: iso(o.status?.hallTime),
            staleSeconds: o.staleSeconds.map { ($0 * 10).rounded() / 10 }, stale: stale, openAlerts: o.status?.openAlerts ?? 0,
            lines: p.services.map { s in
                let line = lines[s.code]
                let t = today[s.code] ?? Tally()
                return BureauHallLinesView.Line(
                    service: s.code, nameZh: s.name.zh, nameEn: s.name.en, waiting: line?.waiting, longestWaitSeconds: line?.longestWaitSeconds,
                    estimatedWaitSeconds: line?.estimatedWaitSeconds, issuedToday: t.arrivals, servedToday: t.served, noShowsToday: t.noShows,
                    meanWaitSecondsToday: t.waitCount > 0 ? Int((t.waitSum / Double(t.waitCount)).rounded()) : nil)
            },
            windows: p.windows.map { w in
                BureauHallLinesView.Window(
                    number: w.number, nameZh: w.name.zh, nameEn: w.name.en, status: windows[w.number]?.status ?? "closed",
                    officer: windows[w.number]?.officer, services: w.services)
            })
    }

    /// The manager of the request's bearer token (401 when there is none, or it is unknown or ended).
    func manager(of request: HTTPRequest) throws -> String {
        guard let header = request.header("authorization"), header.hasPrefix("Bearer "), header.utf8.count < 200 else {
            throw APIError(401, "unauthorized", "log in as a bureau manager first: send Authorization: Bearer <token>")
        }
        guard let login = try managers.session(tokenHash: BearerToken.hash(String(header.dropFirst(7)))) else {
            throw APIError(401, "unauthorized", "the session is unknown or has ended; log in again")
        }
        return login
    }

    func login(_ ctx: Context) throws -> HTTPReply {
        struct Body: Decodable {
            var user: String
            var password: String
        }
        let body = try ctx.request.jsonBody(Body.self)
        let now = Date()
        if let wait = limiter.retryAfter(address: ctx.request.remoteAddress, account: body.user, now: now) {
            throw APIError(429, "too_many_attempts", "too many failed logins; try again in \(wait) s", headers: [("Retry-After", "\(wait)")])
        }
        let account = body.user.utf8.count <= 64 ? try managers.account(body.user) : nil
        let ok = PasswordHasher().verify(password: body.password, against: account?.passwordHash ?? HallAPI.dummyPasswordHash)
        guard ok, let account else {
            limiter.recordFailure(address: ctx.request.remoteAddress, account: body.user, now: now)
            throw APIError(401, "invalid_credentials", "unknown bureau manager or wrong password")
        }
        limiter.recordSuccess(account: body.user)
        let token = BearerToken.make(prefix: "bq_")
        try managers.startSession(tokenHash: BearerToken.hash(token), login: body.user, hours: sessionHours)
        struct Reply: Encodable {
            var token: String
            var user: String
            @Nullable var displayName: String?
        }
        return try json(200, Reply(token: token, user: body.user, displayName: account.displayName))
    }

    func logout(_ ctx: Context) throws -> HTTPReply {
        if let header = ctx.request.header("authorization") { try managers.endSession(tokenHash: BearerToken.hash(String(header.dropFirst(7)))) }
        return try json(200, ["status": "logged out"])
    }
}
