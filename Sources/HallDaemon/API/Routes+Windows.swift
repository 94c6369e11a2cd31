import Foundation
import HTTPServer
import HallCore

/// `POST /api/windows/{window}/transfer` body: exactly one of the two.
struct TransferRequest: Decodable {
    var service: String?
    var window: Int?
}

/// `POST /api/windows/{window}/pause` optional body.
struct PauseRequest: Decodable {
    var reason: String?
}

extension HallAPI {
    static func addWindowRoutes(_ router: inout Router) {
        router.add(.get, "/api/windows/{window}") { ctx in
            let number = try ctx.intParam("window", "window")
            return try json(200, try ctx.api.windowView(number))
        }
        router.add(.post, "/api/windows/{window}/call-next", .windowStaff) { ctx in
            let api = ctx.api
            let number = try ctx.intParam("window", "window")
            return ctx.later { answer in
                api.service.change({ hall, now in try hall.callNext(window: number, now: now) }) { result in
                    answer {
                        guard let ticket = try result.get() else {
                            return .response(HTTPResponse(status: 204, headers: [("Cache-Control", "no-store")], body: []))
                        }
                        return try json(200, api.view(of: ticket))
                    }
                }
            }
        }
        let actions: [(String, @Sendable (inout Hall, Int, Date, RouteContext) throws -> [HallEvent])] = [
            ("recall", { hall, n, now, _ in try hall.recall(window: n, now: now) }),
            ("start", { hall, n, now, _ in try hall.start(window: n, now: now) }),
            ("finish", { hall, n, now, _ in try hall.finish(window: n, now: now) }),
            ("no-show", { hall, n, now, _ in try hall.noShow(window: n, now: now) }),
            ("resume", { hall, n, now, _ in try hall.resume(window: n, now: now) }),
            ("close", { hall, n, now, _ in try hall.close(window: n, now: now) }),
            ("open", { hall, n, now, ctx in try hall.open(window: n, officer: ctx.session?.login, now: now) }),
            (
                "pause",
                { hall, n, now, ctx in
                    let reason = ctx.request.body.isEmpty ? nil : try ctx.body(PauseRequest.self).reason
                    return try hall.pause(window: n, reason: reason, now: now)
                }
            ),
            (
                "transfer",
                { hall, n, now, ctx in
                    let body = try ctx.body(TransferRequest.self)
                    switch (body.service, body.window) {
                    case (let service?, nil): return try hall.transfer(window: n, to: .service(service), now: now)
                    case (nil, let window?): return try hall.transfer(window: n, to: .window(window), now: now)
                    default: throw APIError.badRequest("give exactly one of \"service\" or \"window\"", code: "invalid_field")
                    }
                }
            ),
        ]
        for (name, action) in actions {
            router.add(.post, "/api/windows/{window}/\(name)", .windowStaff) { ctx in
                let api = ctx.api
                let number = try ctx.intParam("window", "window")
                return ctx.later { answer in
                    api.service.change(
                        { hall, now in
                            let events = try action(&hall, number, now, ctx)
                            return (events, events)
                        },
                        completion: { result in
                            answer {
                                _ = try result.get()
                                return try json(200, try api.windowView(number))
                            }
                        })
                }
            }
        }
    }

    /// A window with its ticket, as screens show it.
    func windowView(_ number: Int) throws -> WindowStateView {
        try service.read { hall in
            guard let config = hall.config.window(number), let state = hall.windows[number] else { throw HallError.unknownWindow(number) }
            return windowView(config: config, state: state, hall: hall)
        }
    }

    func windowView(config: WindowConfig, state: WindowState, hall: Hall) -> WindowStateView {
        let ticket = state.ticket.flatMap { hall.ticket($0) }.map { TicketView($0) }
        return WindowStateView(
            number: state.number, status: state.status.rawValue, officer: state.officer, ticket: ticket, pausedAt: iso(state.pausedAt),
            pauseReason: state.pauseReason, since: iso(state.since), services: config.services)
    }
}
