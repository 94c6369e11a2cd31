import Crypto
import HallCore
import _CryptoExtras

/// Hashes and checks staff passwords: PBKDF2-HMAC-SHA256 with a random 16-byte salt, stored as ``PasswordHashFormat``.
public struct PasswordHasher: Sendable {
    /// Iterations for new hashes: about 35 ms per hash in a release build on a two-core Debian 12 server (2026).
    public static let defaultIterations = 300_000

    /// Why a password cannot be hashed.
    public enum Failure: Error, Sendable, Hashable {
        case emptyPassword
    }

    /// Iterations used by ``hash(password:)``; stored hashes keep their own count when verified.
    public let iterations: Int

    /// A hasher making hashes with `iterations` (within ``PasswordHashFormat``'s allowed range).
    public init(iterations: Int = defaultIterations) {
        precondition(
            (PasswordHashFormat.minimumIterations...PasswordHashFormat.maximumIterations).contains(iterations),
            "PBKDF2 iterations outside the stored format's range")
        self.iterations = iterations
    }

    /// A new stored hash of `password`, e.g. `pbkdf2-sha256$300000$<salt>$<hash>`.
    public func hash(password: String) throws(Failure) -> String {
        guard !password.isEmpty else { throw .emptyPassword }
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<PasswordHashFormat.minimumSaltBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let hash = Self.derive(password: password, salt: salt, iterations: iterations)
        return PasswordHashFormat(iterations: iterations, salt: salt, hash: hash).encoded
    }

    /// Whether `password` matches `stored`; false for a malformed stored hash. The hashes are compared in constant time.
    public func verify(password: String, against stored: String) -> Bool {
        guard !password.isEmpty, let format = PasswordHashFormat(parsing: stored) else { return false }
        let candidate = Self.derive(password: password, salt: format.salt, iterations: format.iterations)
        guard candidate.count == format.hash.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(candidate, format.hash) { difference |= a ^ b }
        return difference == 0
    }

    private static func derive(password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        // Throws only for parameters this type never passes (an output size or round count BoringSSL rejects).
        let key = try! KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: PasswordHashFormat.hashBytes,
            unsafeUncheckedRounds: iterations)
        return key.withUnsafeBytes { Array($0) }
    }
}
