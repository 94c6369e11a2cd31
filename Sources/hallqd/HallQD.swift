import ArgumentParser
import Foundation

/// `hallqd`: the hall's daemon and its administration commands. There is no default command: a mistyped or
/// unknown one (`hallqd bakup`) must fail with a message, never start a server on the default port.
@main
struct HallQD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hallqd",
        abstract: "HallQ: queue and window management for a public service hall.",
        subcommands: [
            Serve.self, UserCommand.self, CheckConfig.self, Simulate.self, EvaluateEstimates.self, RebuildRollups.self, Prune.self, Backup.self,
            Restore.self, Bureau.self, BureauManager.self,
        ])

    /// Names the unknown command in the error (the parser would only complain about its first option).
    static func main() {
        let names = configuration.subcommands.map { $0._commandName }
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-"), first != "help", !names.contains(first) {
            var standardError = FileHandleOutput.standardError
            print("Error: unknown command '\(first)'; the commands are: \(names.joined(separator: ", "))", to: &standardError)
            exit(withError: ExitCode(64))
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Standard error as a `TextOutputStream`.
struct FileHandleOutput: TextOutputStream {
    static let standardError = FileHandleOutput()
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}

/// Options every command that reads the hall's files shares.
struct HallFiles: ParsableArguments {
    @Option(name: .long, help: "The hall's TOML configuration.")
    var config = "config/demo-hall.toml"

    @Option(name: .long, help: "The SQLite database file.")
    var db = "data/hall.sqlite"
}
