/// A problem in the hall's configuration file, naming the line and key to fix.
///
/// Reads like `config/demo-hall.toml:42: services[2].code: "a" is not a valid prefix (1–2 upper-case letters A–Z)`.
/// Indices in `key` count `[[services]]`, `[[windows]]` and `[[users]]` blocks from 0, in file order.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's path or name as the administrator knows it.
    public var source: String
    /// 1-based line of the offending key, or of its table when a required key is missing; nil when no line applies.
    public var line: Int?
    /// 1-based column, for malformed TOML.
    public var column: Int?
    /// Path of the offending key, e.g. `services[2].code`; empty for malformed TOML and unreadable files.
    public var key: String
    /// What is wrong and, where it helps, what is expected.
    public var message: String

    public init(source: String, line: Int?, column: Int? = nil, key: String, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = source
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": "
        if !key.isEmpty { text += key + ": " }
        return text + message
    }
}
