import Foundation
import HallConfigFile
import HallCore
import HallDaemon
import Testing

@Suite struct PasswordHasherTests {
    /// The lowest allowed count keeps the debug-build test quick; the format is the same.
    private let hasher = PasswordHasher(iterations: PasswordHashFormat.minimumIterations)

    @Test func hashesVerifyAndAreSalted() throws {
        let stored = try hasher.hash(password: "密码 demo")
        #expect(stored.hasPrefix("pbkdf2-sha256$100000$"))
        #expect(PasswordHashFormat.problem(in: stored) == nil)
        #expect(PasswordHashFormat(parsing: stored)?.salt.count == 16)
        #expect(hasher.verify(password: "密码 demo", against: stored))
        #expect(!hasher.verify(password: "密码 dem0", against: stored))
        #expect(!hasher.verify(password: "", against: stored))
        #expect(try hasher.hash(password: "密码 demo") != stored)
        #expect(throws: PasswordHasher.Failure.emptyPassword) { try hasher.hash(password: "") }
    }

    @Test func malformedStoredHashesNeverVerify() {
        #expect(!hasher.verify(password: "demo", against: "demo"))
        #expect(!hasher.verify(password: "demo", against: "pbkdf2-sha256$100000$AAAA$AAAA"))
    }

    @Test func demoHallPasswordsAreDemo() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try HallConfig.load(path: root.appendingPathComponent("config/demo-hall.toml").path)
        let officer = try #require(config.users.first { $0.login == "officer1" })
        #expect(PasswordHasher().verify(password: "demo", against: officer.passwordHash))
        #expect(PasswordHashFormat(parsing: officer.passwordHash)?.iterations == PasswordHasher.defaultIterations)
    }
}
