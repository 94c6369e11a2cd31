import ArgumentParser
import Foundation
import HallConfigFile
import HallCore
import HallDaemon

/// `hallqd user add`: add a login or set its password, role and window.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage logins.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user or replace its password (12 characters or more), role and window.",
            discussion: "Reads the password from standard input and stores only its hash; a running daemon takes the change within a second.")

        @Argument(help: "Login name ([a-z0-9._-], up to 32).")
        var login: String

        @Option(help: "officer, manager or admin.")
        var role: Role

        @Option(help: "Window number (officers).")
        var window: Int?

        @Option(name: .customLong("name"), help: "Name shown on screens.")
        var displayName: String?

        @Option(help: "The hall's TOML configuration to update.")
        var config = "config/demo-hall.toml"

        func run() throws {
            let password = try readPassword()
            let user = UserAccount(
                login: login, role: role, window: window, passwordHash: try PasswordHasher().hash(password: password), displayName: displayName)
            let text: String
            do {
                text = try String(contentsOfFile: config, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read \(config): \(error.localizedDescription)")
            }
            let updated = try HallConfig.settingUser(user, in: text)
            do {
                _ = try HallConfig.parse(toml: updated, source: config)
            } catch {
                throw ValidationError("the change would make the configuration invalid: \(error)")
            }
            // Written 0600 beside the old file and renamed over it: the daemon reads the old users or the new, never
            // half a file, and the hashes are never readable by others. A running daemon takes the change within a second.
            do {
                try PrivateFile.replace(config, with: updated)
            } catch {
                throw ValidationError("\(error)")
            }
            print("\(login) (\(role.rawValue)\(window.map { ", window \($0)" } ?? "")) saved in \(config)")
        }

        func readPassword() throws -> String {
            let interactive = isatty(STDIN_FILENO) != 0
            if interactive { FileHandle.standardError.write(Data("Password for \(login): ".utf8)) }
            guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("no password on standard input") }
            let least = UserAccount.minimumPasswordLength
            guard line.count >= least else { throw ValidationError("the password is too short: at least \(least) characters") }
            return line
        }
    }
}

extension Role: ExpressibleByArgument {}
