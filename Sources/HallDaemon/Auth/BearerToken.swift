import Crypto
import Foundation

/// Bearer tokens for staff sessions and rating pads: 256 random bits as hex, handed out once and stored only as
/// their SHA-256 (a fast hash suffices for values that cannot be guessed).
enum BearerToken {
    /// A new token: `prefix` followed by 64 hexadecimal digits.
    static func make(prefix: String = "") -> String {
        var rng = SystemRandomNumberGenerator()
        return prefix + Hex.string((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    /// What is stored for `token`.
    static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }
}
