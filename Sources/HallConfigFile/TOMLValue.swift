/// A value in a TOML document (the TOML 1.0 kinds a hall configuration uses; no dates or times).
public enum TOMLValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    /// The kind's name as an administrator reads it in an error, e.g. "a string", "an integer".
    public var kindDescription: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float(let number) where !number.isFinite: "\(number)"
        case .float: "a number with a fraction"
        case .boolean: "true or false"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A TOML table: its keys in the order they were written, each with the place it was written.
public struct TOMLTable: Sendable, Hashable {
    /// One key of a table, its value and where both sit in the text.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: TOMLValue
        /// 1-based line of the key (for a table made by a `[header]`, the header's line).
        public var line: Int
        /// 1-based column of the key's first character.
        public var column: Int
        /// Line of the value's last character.
        public var endLine: Int
        /// Column just after the value's last character.
        public var endColumn: Int

        public init(key: String, value: TOMLValue, line: Int, column: Int, endLine: Int, endColumn: Int) {
            self.key = key
            self.value = value
            self.line = line
            self.column = column
            self.endLine = endLine
            self.endColumn = endColumn
        }
    }

    /// The keys in the order they were written.
    public var entries: [Entry]
    /// 1-based line where the table starts: its `[header]`, its `{`, or 1 for the document's root.
    public var line: Int

    public init(entries: [Entry] = [], line: Int = 1) {
        self.entries = entries
        self.line = line
    }

    /// The entry for `key`, if the table has it.
    public func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }

    /// The value for `key`, if the table has it.
    public subscript(key: String) -> TOMLValue? { entry(key)?.value }

    /// The keys in the order they were written.
    public var keys: [String] { entries.map(\.key) }
}

/// A parsed TOML document: the root table and the lines of its `[table]` and `[[array]]` headers.
public struct TOMLDocument: Sendable, Hashable {
    public var root: TOMLTable
    /// 1-based lines of every table header, ascending; a header's block of keys ends before the next one.
    public var headerLines: [Int]

    public init(root: TOMLTable, headerLines: [Int]) {
        self.root = root
        self.headerLines = headerLines
    }
}

/// Malformed TOML, with the 1-based line and column where reading stopped.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(line):\(column): \(message)" }
}

extension TOMLValue {
    /// `text` as a TOML basic string literal, quoted and escaped, for writing a value back into a file.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
