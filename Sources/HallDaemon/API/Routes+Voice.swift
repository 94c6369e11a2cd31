import Foundation
import HTTPServer
import HallCore

extension HallAPI {
    /// How long a request for an announcement waits for a render under way: a board falls back to its chime after a second.
    static let announcementWait = 1.0

    static func addVoiceRoutes(_ router: inout Router) {
        // A call's announcement, named by the call's journal sequence number (the `id` of its live event); also what
        // the kiosk says once a green-channel ticket is issued ("您的号码是 …"), named by its `ticket.issued` event.
        router.add(.get, "/api/announcements/{seq}") { ctx in
            guard let seq = Int64(ctx.params["seq"]!), seq > 0 else { throw APIError(404, "no_announcement", "no call \(ctx.params["seq"]!)") }
            return ctx.announcement(.event(seq: seq), what: "event \(seq)")
        }
        // The kiosk's fixed prompts for the green channel.
        router.add(.get, "/api/prompts/{name}") { ctx in
            guard let prompt = KioskPrompt(rawValue: ctx.params["name"]!) else {
                throw APIError(404, "no_announcement", "no prompt \(ctx.params["name"]!); there are \(KioskPrompt.allCases.map(\.rawValue))")
            }
            return ctx.announcement(.prompt(prompt), what: "prompt \(prompt.rawValue)")
        }
    }
}

extension RouteContext {
    /// The audio of `key`, as soon as it is rendered (waiting at most ``HallAPI/announcementWait``): 404 when there is
    /// no such render, 503 when the hall has no voice or it is not ready in time.
    func announcement(_ key: HallVoice.Key, what: String) -> HTTPReply {
        guard let voice = api.voice, voice.speaks else {
            return .response(
                APIError(503, "voice_unavailable", "this hall renders no announcements; boards use their browser's voices and the chime").response)
        }
        return later { answer in
            voice.audio(for: key, wait: HallAPI.announcementWait) { outcome in
                answer {
                    switch outcome {
                    case .audio(let wav):
                        // The same call always sounds the same: boards and browsers may keep it.
                        return .response(
                            HTTPResponse(
                                status: 200, headers: [("Content-Type", "audio/wav"), ("Cache-Control", "public, max-age=3600, immutable")],
                                body: wav))
                    case .unknown:
                        throw APIError(404, "no_announcement", "no announcement of \(what): not a call, or not a recent one")
                    case .unavailable(let why):
                        throw APIError(503, "voice_unavailable", "\(what) is not rendered: \(why)", headers: [("Retry-After", "1")])
                    }
                }
            }
        }
    }
}
