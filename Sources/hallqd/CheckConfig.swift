import ArgumentParser
import HallConfigFile
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
        let h = hall.hours
        let until = h.issueUntilMinutesBeforeClosing == 0 ? "closing" : "\(h.issueUntilMinutesBeforeClosing) min before closing"
        print("  tickets: from \(h.issueFromMinutesBeforeOpening) min before opening until \(until)")
        let l = hall.limits
        var limits = [
            l.ticketsPerAddressPerMinute == 0 ? "none per address" : "\(l.ticketsPerAddressPerMinute) per address per minute",
            l.ticketsPerServicePerDay == 0 ? "no daily cap" : "\(l.ticketsPerServicePerDay) per service per day",
        ]
        if !l.exemptAddresses.isEmpty { limits.append("not limited per address: " + l.exemptAddresses.joined(separator: ", ")) }
        print("  limits: " + limits.joined(separator: "; "))
    }
}
