import ArgumentParser
import HallCore

/// `hallqd check-config`: validate the configuration file and summarise it.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-config", abstract: "Check the hall's configuration file.")

    @Option(help: "The hall's TOML configuration.")
    var config = "config/demo-hall.toml"

    func run() throws {
        let hall: HallConfig
        do {
            hall = try HallConfig.load(path: config)
        } catch {
            throw ValidationError("\(error)")
        }
        print("\(config): OK — \(hall.name.zh) / \(hall.name.en), \(hall.timeZoneIdentifier)")
        print("  services: " + hall.services.map { "\($0.code) \($0.name.en)" }.joined(separator: ", "))
        print("  windows: \(hall.windows.count), users: \(hall.users.count)")
    }
}
