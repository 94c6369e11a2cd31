import Foundation

/// The stored form of a password: `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>`.
///
/// Pure, so the config validator can check a `password_hash` without any cryptography; the daemon's hasher makes and verifies them.
public struct PasswordHashFormat: Sendable, Hashable {
    /// The scheme named in the first field.
    public static let scheme = "pbkdf2-sha256"
    /// Fewer PBKDF2 iterations than this are refused as too weak.
    public static let minimumIterations = 100_000
    /// More than this would let a hand-edited file stall every login.
    public static let maximumIterations = 10_000_000
    /// Salts are at least this many random bytes.
    public static let minimumSaltBytes = 16
    /// A PBKDF2-HMAC-SHA256 output: 32 bytes.
    public static let hashBytes = 32

    public var iterations: Int
    public var salt: [UInt8]
    public var hash: [UInt8]

    public init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    /// Reads a stored hash; nil, with ``problem(in:)`` explaining why, if it is not in the format.
    public init?(parsing text: String) {
        guard Self.problem(in: text) == nil else { return nil }
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        self.init(
            iterations: Int(fields[1])!, salt: [UInt8](Data(base64Encoded: String(fields[2]))!),
            hash: [UInt8](Data(base64Encoded: String(fields[3]))!))
    }

    /// The text stored in the configuration file.
    public var encoded: String {
        [Self.scheme, String(iterations), Data(salt).base64EncodedString(), Data(hash).base64EncodedString()].joined(separator: "$")
    }

    /// Why `text` is not a valid stored hash, or nil if it is.
    public static func problem(in text: String) -> String? {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        let shape = "expected \(scheme)$<iterations>$<salt base64>$<hash base64>"
        guard fields.count == 4, fields[0] == scheme else { return shape }
        guard fields[1].allSatisfy(\.isASCII), let iterations = Int(fields[1]), iterations > 0 else {
            return "the iteration count \"\(fields[1])\" is not a positive integer"
        }
        guard (minimumIterations...maximumIterations).contains(iterations) else {
            return "\(iterations) iterations is outside \(minimumIterations)…\(maximumIterations)"
        }
        guard let salt = Data(base64Encoded: String(fields[2])), salt.count >= minimumSaltBytes else {
            return "the salt must be at least \(minimumSaltBytes) bytes in base64"
        }
        guard let hash = Data(base64Encoded: String(fields[3])), hash.count == hashBytes else {
            return "the hash must be \(hashBytes) bytes in base64"
        }
        return nil
    }
}
