import Foundation
import HTTPServer
import HallCore
import HallStore

/// `POST /api/windows/{window}/pad` optional body.
struct PadPairingRequest: Decodable {
    /// A name to tell pads apart in the managers' list, e.g. "tablet by window 3".
    var label: String?
}

/// A paired pad as listed (never with its token).
struct PadView: Encodable {
    var id: Int64
    var window: Int
    @Nullable var label: String?
    var pairedBy: String
    var pairedAt: String
    @Nullable var lastUsedAt: String?

    init(_ pad: StoredPad) {
        (id, window, label, pairedBy) = (pad.id, pad.window, pad.label, pad.pairedBy)
        (pairedAt, lastUsedAt) = (iso(pad.pairedAt)!, iso(pad.lastUsedAt))
    }

}

/// The reply to pairing: the pad and, this once, its token.
struct PadPairingView: Encodable {
    var pad: PadView
    var token: String
}

extension HallAPI {
    /// Longest pad label taken, in characters (Unicode code points).
    static let maxPadLabelLength = 60

    static func addPadRoutes(_ router: inout Router) {
        router.add(.post, "/api/windows/{window}/pad", .windowStaff) { ctx in
            let api = ctx.api
            let number = try ctx.intParam("window", "window")
            guard api.service.config.window(number) != nil else { throw APIError(HallError.unknownWindow(number)) }
            let label = try padLabel(ctx.request.body.isEmpty ? nil : ctx.body(PadPairingRequest.self).label)
            let login = ctx.session?.login ?? "?"
            let (token, pad) = try api.pads.pair(window: number, label: label, by: login, now: api.service.clock())
            api.logger.notice("rating pad \(pad.id) paired for window \(number) by \(login)")
            return try json(201, PadPairingView(pad: PadView(pad), token: token))
        }
        router.add(.get, "/api/pad", .pad) { ctx in try json(200, PadView(ctx.pad!)) }
        router.add(.get, "/api/pads", .manager) { ctx in try json(200, ["pads": try ctx.api.service.store.pads().map(PadView.init)]) }
        router.add(.delete, "/api/pads/{id}", .manager) { ctx in
            guard let id = Int64(ctx.params["id"] ?? ""), id > 0, try ctx.api.service.store.revokePad(id) else {
                throw APIError.notFound("no paired pad \(ctx.params["id"] ?? "")")
            }
            ctx.api.logger.notice("rating pad \(id) revoked by \(ctx.session?.login ?? "?")")
            return .response(HTTPResponse(status: 204, headers: [("Cache-Control", "no-store")], body: []))
        }
    }

    /// A pad's label, trimmed; nil when empty; 400 when longer than 60 characters (code points, as the spec's
    /// `maxLength` counts them) or holding a control character or an invisible format character of the Basic
    /// Multilingual Plane (zero-width and bidirectional marks, soft hyphen, byte-order mark: text that hides or
    /// reorders itself in the managers' list). Emoji tag sequences (plane 14) stay allowed.
    static func padLabel(_ raw: String?) throws -> String? {
        guard let raw else { return nil }
        let hidden = raw.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .control: true
            case .format: scalar.value <= 0xFFFF
            default: false
            }
        }
        guard raw.unicodeScalars.count <= maxPadLabelLength, !hidden else {
            throw APIError.badRequest(
                "label must be at most \(maxPadLabelLength) characters, without control or invisible format characters", code: "invalid_field")
        }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
