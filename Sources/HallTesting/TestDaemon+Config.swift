import Foundation

extension TestDaemon {
    /// The demo hall's configuration text.
    public static var demoConfigText: String {
        get throws { try String(contentsOf: repositoryRoot.appendingPathComponent("config/demo-hall.toml"), encoding: .utf8) }
    }

    /// Writes the demo hall's configuration with each `(text, replacement)` applied (every one must match) to a
    /// new temporary file and returns its path.
    public static func demoConfig(_ edits: [(String, String)]) throws -> String {
        var text = try demoConfigText
        for (old, new) in edits {
            guard text.contains(old) else { throw TestDaemonError.http("the demo configuration has no \"\(old)\" to replace") }
            text = text.replacingOccurrences(of: old, with: new)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-config-\(UUID().uuidString).toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Hours that cover every minute of every day (for tests about midnight), in `[hours]` of the demo hall.
    public static let allDayEveryDay: [(String, String)] = [
        (#"mon = ["09:00-17:00"]"#, #"mon = ["00:00-24:00"]"#), (#"tue = ["09:00-17:00"]"#, #"tue = ["00:00-24:00"]"#),
        (#"wed = ["09:00-17:00"]"#, #"wed = ["00:00-24:00"]"#), (#"thu = ["09:00-17:00"]"#, #"thu = ["00:00-24:00"]"#),
        (#"fri = ["09:00-17:00"]"#, "fri = [\"00:00-24:00\"]\nsat = [\"00:00-24:00\"]\nsun = [\"00:00-24:00\"]"),
    ]
}
