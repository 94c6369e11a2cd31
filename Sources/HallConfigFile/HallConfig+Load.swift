import Foundation
import HallCore

extension HallConfig {
    /// Reads the configuration file at `path` (UTF-8) and validates it; errors name `path`.
    ///
    /// The only input/output in the configuration code.
    public static func load(path: String) throws(ConfigError) -> HallConfig {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(source: path, line: nil, key: "", message: "cannot read the file: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(source: path, line: nil, key: "", message: "the file is not valid UTF-8 text")
        }
        return try parse(toml: text, source: path)
    }
}
