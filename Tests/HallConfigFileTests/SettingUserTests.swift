import HallConfigFile
import HallCore
import Testing

@Suite struct SettingUserTests {
    private let newHash = PasswordHashFormat(iterations: 200_000, salt: Array(repeating: 1, count: 16), hash: Array(repeating: 2, count: 32)).encoded

    /// Whether `part`'s lines appear in `whole` in the same order.
    private func keepsOrder(_ part: [String], in whole: [String]) -> Bool {
        var rest = whole[...]
        for line in part {
            guard let index = rest.firstIndex(of: line) else { return false }
            rest = rest[(index + 1)...]
        }
        return true
    }

    @Test func addsANewUserAfterTheLastUserKeepingEveryLine() throws {
        let demo = try ConfigFixtures.demoHallText
        let user = UserAccount(login: "officer13", role: .officer, window: 12, passwordHash: newHash, displayName: "新 \"同事\"")
        let updated = try HallConfig.settingUser(user, in: demo)
        let before = demo.components(separatedBy: "\n")
        let after = updated.components(separatedBy: "\n")
        #expect(after.count == before.count + 7)
        #expect(keepsOrder(before, in: after))
        let config = try HallConfig.parse(toml: updated)
        #expect(config.users.last == user)
        #expect(try config.users.count == HallConfig.parse(toml: demo).users.count + 1)
    }

    @Test func replacesHashRoleAndWindowOfAnExistingLoginInPlace() throws {
        let demo = try ConfigFixtures.demoHallText
        let user = UserAccount(login: "officer3", role: .manager, passwordHash: newHash)
        let updated = try HallConfig.settingUser(user, in: demo)
        let before = demo.components(separatedBy: "\n")
        let after = updated.components(separatedBy: "\n")
        let login = try #require(before.firstIndex(of: "login = \"officer3\""))
        // The block was login, role, window, display_name, password_hash: role and hash change, window goes.
        let expected = before[...login] + ["role = \"manager\"", before[login + 3], "password_hash = \"\(newHash)\""] + before[(login + 5)...]
        #expect(after == Array(expected))
        let config = try HallConfig.parse(toml: updated)
        let officer3 = try #require(config.users.first { $0.login == "officer3" })
        #expect(officer3 == UserAccount(login: "officer3", role: .manager, passwordHash: newHash, displayName: "张伟"))
        #expect(try config.users.count == HallConfig.parse(toml: demo).users.count)
    }

    @Test func keepsTrailingCommentsIndentationAndAddsMissingKeysInOrder() throws {
        let text = ConfigFixtures.minimal.replacingOccurrences(
            of: "role = \"manager\"\npassword_hash = \"\(ConfigFixtures.hash)\"",
            with: "  role = \"manager\"   # the boss\n  password_hash = \"\(ConfigFixtures.hash)\"  # set in 2025\n# end of users")
        let user = UserAccount(login: "boss", role: .officer, window: 2, passwordHash: newHash, displayName: "Boss")
        let updated = try HallConfig.settingUser(user, in: text)
        #expect(
            updated.contains(
                "  role = \"officer\"   # the boss\nwindow = 2\ndisplay_name = \"Boss\"\n"
                    + "  password_hash = \"\(newHash)\"  # set in 2025\n# end of users"
            ))
        #expect(try HallConfig.parse(toml: updated).users[1] == user)
    }

    @Test func appendsUsersToAFileWithoutAny() throws {
        let start = ConfigFixtures.minimal.components(separatedBy: "[[users]]")[0].trimmingCharacters(in: .newlines)  // no trailing newline
        let admin = UserAccount(login: "admin", role: .admin, passwordHash: newHash)
        let updated = try HallConfig.settingUser(admin, in: start)
        #expect(updated == start + "\n\n[[users]]\nlogin = \"admin\"\nrole = \"admin\"\npassword_hash = \"\(newHash)\"\n")
        let again = try HallConfig.settingUser(UserAccount(login: "officer2", role: .officer, window: 2, passwordHash: newHash), in: updated)
        #expect(try HallConfig.parse(toml: again).users.map(\.login) == ["admin", "officer2"])
    }

    @Test func keepsWindowsLineEndings() throws {
        let text = ConfigFixtures.minimal.replacingOccurrences(of: "\n", with: "\r\n")
        let updated = try HallConfig.settingUser(UserAccount(login: "clerk", role: .officer, window: 2, passwordHash: newHash), in: text)
        let scalars = Array(updated.unicodeScalars)
        #expect(scalars.indices.allSatisfy { scalars[$0] != "\n" || ($0 > 0 && scalars[$0 - 1] == "\r") })
        #expect(try HallConfig.parse(toml: updated).users.count == 3)
    }

    @Test func refusesAUserTheHallCannotHave() {
        #expect(throws: ConfigError.self) {
            try HallConfig.settingUser(UserAccount(login: "x", role: .officer, window: 99, passwordHash: newHash), in: ConfigFixtures.minimal)
        }
        #expect(throws: ConfigError.self) {
            try HallConfig.settingUser(UserAccount(login: "Bad Login", role: .admin, passwordHash: newHash), in: ConfigFixtures.minimal)
        }
        #expect(throws: ConfigError.self) {
            try HallConfig.settingUser(UserAccount(login: "x", role: .admin, passwordHash: "demo"), in: ConfigFixtures.minimal)
        }
    }
}
