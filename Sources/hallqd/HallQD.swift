import ArgumentParser

/// `hallqd`: the hall's daemon and its administration commands.
@main
struct HallQD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hallqd",
        abstract: "HallQ: queue and window management for a public service hall.",
        subcommands: [
            Serve.self, UserCommand.self, CheckConfig.self, Simulate.self, EvaluateEstimates.self, RebuildRollups.self, Prune.self,
        ],
        defaultSubcommand: Serve.self)
}

/// Options every command that reads the hall's files shares.
struct HallFiles: ParsableArguments {
    @Option(name: .long, help: "The hall's TOML configuration.")
    var config = "config/demo-hall.toml"

    @Option(name: .long, help: "The SQLite database file.")
    var db = "data/hall.sqlite"
}
