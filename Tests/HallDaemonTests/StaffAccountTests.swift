import Foundation
import HallTesting
import Testing

/// Sessions answer to the users in force (the config file changes under a running daemon); logins are limited per
/// address and per account.
@Suite struct StaffAccountTests {
    static let password = "correct horse battery"

    /// `hallqd user add` on `config`, with `password` on its input.
    static func userAdd(_ arguments: [String], config: String, password: String = password) throws -> ToolResult {
        try runTool(TestDaemon.binary, ["user", "add"] + arguments + ["--config", config], input: password + "\n", mergingErrors: true)
    }

    @Test func sessionsFollowUserChangesWithoutARestart() throws {
        let config = try ConfigCopy()
        let daemon = try TestDaemon.start(config: config.path)
        defer { daemon.stop() }
        let moved = try daemon.login("officer3")
        let promoted = try daemon.login("officer4")
        let removed = try daemon.login("officer6")
        #expect(try daemon.request("POST", "/api/windows/3/open", token: moved).status == 200)
        #expect(try daemon.request("GET", "/api/alerts", token: promoted).status == 403)

        let move = try Self.userAdd(["officer3", "--role", "officer", "--window", "5"], config: config.path)
        #expect(move.status == 0, "\(move.output)")
        #expect(try daemon.eventually { try daemon.request("POST", "/api/windows/3/pause", token: moved).status == 403 }, "\(daemon.log)")
        #expect(try daemon.request("POST", "/api/windows/5/open", token: moved).status == 200, "the moved officer works at window 5 now")
        #expect(try daemon.request("GET", "/api/me", token: moved).json["window"] as? Int == 5)
        #expect(try daemon.request("POST", "/api/login", json: ["user": "officer3", "password": "demo"]).status == 401, "the old password")
        #expect(try daemon.login("officer3", password: Self.password).isEmpty == false, "the new password, without a restart")

        #expect(try Self.userAdd(["officer4", "--role", "manager"], config: config.path).status == 0)
        #expect(try daemon.eventually { try daemon.request("GET", "/api/alerts", token: promoted).status == 200 }, "a new role's rights")
        let manager = try daemon.request("GET", "/api/me", token: promoted).json
        #expect(manager["role"] as? String == "manager" && manager["window"] == nil, "a manager has no window, as at login: \(manager)")

        // Removing a user by editing the file: their session ends.
        let blocks = config.text.components(separatedBy: "\n[[users]]\n")
        let kept = blocks.filter { !$0.hasPrefix("login = \"officer6\"\n") }
        #expect(kept.count == blocks.count - 1)
        try kept.joined(separator: "\n[[users]]\n").write(toFile: config.path, atomically: true, encoding: .utf8)
        #expect(try daemon.eventually { try daemon.request("GET", "/api/me", token: removed).status == 401 })
        #expect(try daemon.request("POST", "/api/windows/6/open", token: removed).errorCode == "invalid_token")
        #expect(try daemon.request("POST", "/api/login", json: ["user": "officer6", "password": "demo"]).status == 401)

        // A file that no longer parses changes nothing.
        try (config.text + "\n[[users]]\nlogin = \"broken\"\n").write(toFile: config.path, atomically: true, encoding: .utf8)
        #expect(
            try daemon.eventually { try daemon.request("GET", "/api/me", token: moved).status == 200 && daemon.log.contains("were not taken") },
            "\(daemon.log)")
        #expect(try daemon.request("GET", "/api/me", token: moved).json["window"] as? Int == 5, "the users in force stay")
    }

    @Test func anotherAccountsSuccessDoesNotResetTheAddresssFailures() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        for _ in 0..<4 { #expect(try daemon.request("POST", "/api/login", json: ["user": "manager", "password": "guess"]).status == 401) }
        _ = try daemon.login("officer1")  // a login the guesser holds
        #expect(try daemon.request("POST", "/api/login", json: ["user": "manager", "password": "guess"]).status == 401)
        let limited = try daemon.request("POST", "/api/login", json: ["user": "manager", "password": "demo"])
        #expect(limited.status == 429 && limited.errorCode == "too_many_attempts")
        #expect(Int(limited.headers["retry-after"] ?? "") ?? 0 > 0)
        #expect(try daemon.request("POST", "/api/login", json: ["user": "officer2", "password": "demo"]).status == 429, "the address is limited")
    }

    @Test func oneAccountGuessedFromManyAddressesIsLimited() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        /// A login attempt from another loopback address (curl binds it); returns the HTTP status.
        func login(_ user: String, _ password: String, from address: String) throws -> String {
            try runTool(
                "curl",
                [
                    "-s", "-o", "/dev/null", "-w", "%{http_code}", "--interface", address, "-H", "Content-Type: application/json",
                    "--data", #"{"user":"\#(user)","password":"\#(password)"}"#, "\(daemon.baseURL)/api/login",
                ]
            ).output
        }
        for i in 0..<10 { #expect(try login("manager", "guess", from: "127.0.0.\(10 + i / 2)") == "401") }
        #expect(try login("manager", "demo", from: "127.0.0.30") == "429", "the account is limited, whatever the address")
        #expect(try login("officer1", "demo", from: "127.0.0.30") == "200", "other accounts from that address are not")
    }

    @Test func newPasswordsHaveAtLeastTwelveCharactersAndTheConfigStaysPrivate() throws {
        let config = try ConfigCopy()
        chmod(config.path, 0o644)
        let before = config.text
        let short = try Self.userAdd(["director", "--role", "manager"], config: config.path, password: "elevenchars")
        #expect(short.status != 0)
        #expect(short.output.contains("at least 12 characters"), "\(short.output)")
        #expect(config.text == before, "nothing was written")

        let added = try Self.userAdd(["director", "--role", "manager"], config: config.path, password: "twelve chars")
        #expect(added.status == 0, "\(added.output)")
        #expect(config.text.contains("login = \"director\""))
        #expect(try Self.mode(config.path) == 0o600, "user add leaves the config readable by its owner only")
        #expect(try FileManager.default.contentsOfDirectory(atPath: config.directory.path) == ["hall.toml"], "no temporary file left")
    }

    @Test func theDatabaseAndTheConfigAreReadableByTheirOwnerOnly() throws {
        let config = try ConfigCopy()
        chmod(config.path, 0o644)
        let daemon = try TestDaemon.start(config: config.path)
        defer { daemon.stop() }
        try daemon.request("POST", "/api/tickets", json: ["service": "A"])
        for file in [daemon.databasePath, daemon.databasePath + "-wal", daemon.databasePath + "-shm", config.path] {
            #expect(try Self.mode(file) == 0o600, "\(file)")
        }
        daemon.stop()
        // A database made before (with the default mode) is made private when it is opened again.
        chmod(daemon.databasePath, 0o644)
        try daemon.launch()
        #expect(try Self.mode(daemon.databasePath) == 0o600)
    }

    static func mode(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
    }
}
