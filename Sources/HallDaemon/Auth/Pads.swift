import Foundation
import HallStore

/// Pairs and recognises rating pads. A pad's token is a device credential for one window: given once at pairing,
/// stored only as SHA-256, good for nothing but rating tickets served at that window (it is no staff session, so
/// every staff route refuses it), and valid until a manager revokes it.
struct PadKeeper: Sendable {
    let store: HallStore
    /// Starts every pad token, so a request's bearer token is looked up among pads, never among sessions.
    static let tokenPrefix = "pad_"

    /// Pairs a new pad for `window`; the token is returned here and never again.
    func pair(window: Int, label: String?, by login: String, now: Date) throws -> (token: String, pad: StoredPad) {
        let token = BearerToken.make(prefix: Self.tokenPrefix)
        let pad = try store.savePad(tokenHash: BearerToken.hash(token), window: window, label: label, pairedBy: login, now: now)
        return (token, pad)
    }

    /// The paired pad a token belongs to, or nil for an unknown or revoked one.
    func pad(token: String) throws -> StoredPad? { try store.pad(tokenHash: BearerToken.hash(token)) }

    static func isPadToken(_ token: String) -> Bool { token.hasPrefix(tokenPrefix) }
}
