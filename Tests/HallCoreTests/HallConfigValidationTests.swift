import HallCore
import Testing

/// The rules a configuration's values follow, whichever file or form they come from.
@Suite struct HallConfigValidationTests {
    /// A well-formed stored hash (fixed bytes; no password matches it).
    let hash = PasswordHashFormat(iterations: 100_000, salt: Array(repeating: 7, count: 16), hash: Array(repeating: 9, count: 32)).encoded

    @Test func passwordHashFormatChecks() {
        #expect(PasswordHashFormat.problem(in: hash) == nil)
        #expect(PasswordHashFormat(parsing: hash)?.iterations == 100_000)
        #expect(PasswordHashFormat.problem(in: "pbkdf2-sha1$100000$AAAA$BBBB") != nil)
        #expect(PasswordHashFormat.problem(in: hash + "$") != nil)
        let shortSalt = PasswordHashFormat(iterations: 100_000, salt: [1, 2, 3], hash: Array(repeating: 0, count: 32)).encoded
        #expect(PasswordHashFormat.problem(in: shortSalt)?.contains("salt") == true)
        let shortHash = PasswordHashFormat(iterations: 100_000, salt: Array(repeating: 0, count: 16), hash: [1]).encoded
        #expect(PasswordHashFormat.problem(in: shortHash)?.contains("hash") == true)
    }

    @Test func codesLoginsTimeZonesAndAddresses() {
        #expect(HallConfig.isValidServiceCode("A") && HallConfig.isValidServiceCode("ZZ"))
        #expect(!HallConfig.isValidServiceCode("a") && !HallConfig.isValidServiceCode("ABC") && !HallConfig.isValidServiceCode("Ä"))
        #expect(HallConfig.isValidLogin("officer.1_a-b") && !HallConfig.isValidLogin("Officer") && !HallConfig.isValidLogin(""))
        #expect(!HallConfig.isValidLogin(String(repeating: "a", count: 33)))
        #expect(HallConfig.isIANATimeZone("Asia/Shanghai") && HallConfig.isIANATimeZone("UTC"))
        #expect(!HallConfig.isIANATimeZone("CST") && !HallConfig.isIANATimeZone("Mars/Olympus"))
        for address in ["10.0.0.21", "::1", "fe80::1", "2001:db8:0:0:0:0:0:1", "::ffff:10.0.0.1"] {
            #expect(HallConfig.isIPAddress(address), "\(address)")
        }
        for address in ["10.0.0.300", "10.0.0", "1::2::3", "kiosk", "2001:db8:0:0:0:0:0:0:1", "0x10.0.0.1"] {
            #expect(!HallConfig.isIPAddress(address), "\(address)")
        }
    }
}
