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
    /// Longest pad label kept, in characters.
    static let maxPadLabelLength = 60

    static func addPadRoutes(_ router: inout Router) {
        router.add("POST", "/api/windows/{window}/pad", .windowStaff) { ctx in
            let api = ctx.api
            let number = try ctx.intParam("window", "window")
            guard api.service.config.window(number) != nil else { throw APIError(HallError.unknownWindow(number)) }
            let label = try padLabel(ctx.request.body.isEmpty ? nil : ctx.body(PadPairingRequest.self).label)
            let login = ctx.session?.login ?? "?"
            let (token, pad) = try api.pads.pair(window: number, label: label, by: login, now: api.service.clock())
            api.logger.notice("rating pad \(pad.id) paired for window \(number) by \(login)")
            return try json(201, PadPairingView(pad: PadView(pad), token: token))
        }
        router.add("GET", "/api/pad", .pad) { ctx in try json(200, PadView(ctx.pad!)) }
        router.add("GET", "/api/pads", .manager) { ctx in try json(200, ["pads": try ctx.api.service.store.pads().map(PadView.init)]) }
        router.add("DELETE", "/api/pads/{id}", .manager) { ctx in
            guard let id = Int64(ctx.params["id"] ?? ""), id > 0, try ctx.api.service.store.revokePad(id) else {
                throw APIError.notFound("no paired pad \(ctx.params["id"] ?? "")")
            }
            ctx.api.logger.notice("rating pad \(id) revoked by \(ctx.session?.login ?? "?")")
            return .response(HTTPResponse(status: 204, headers: [("Cache-Control", "no-store")], body: []))
        }
    }

    /// A pad's label, trimmed; nil when empty; 400 when too long or holding control characters.
    static func padLabel(_ raw: String?) throws -> String? {
        guard let text = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        guard text.count <= maxPadLabelLength, !text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw APIError.badRequest("label must be at most \(maxPadLabelLength) characters, without control characters", code: "invalid_field")
        }
        return text
    }
}
