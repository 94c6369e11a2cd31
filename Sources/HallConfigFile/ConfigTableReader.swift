/// Reads one table of the configuration file with typed, located errors; unknown keys are refused on creation.
struct ConfigTableReader {
    let table: TOMLTable
    /// Path of the table, e.g. `services[2]`; empty for the root.
    let path: String
    let source: String

    init(_ table: TOMLTable, path: String, source: String, allowed: [String]) throws(ConfigError) {
        self.table = table
        self.path = path
        self.source = source
        for entry in table.entries where !allowed.contains(entry.key) {
            var message = "unknown key"
            if let guess = Self.closest(to: entry.key, in: allowed) { message += " (did you mean \(guess)?)" }
            message += "; \(path.isEmpty ? "the file" : path) may have: " + allowed.joined(separator: ", ")
            throw ConfigError(source: source, line: entry.line, key: keyPath(entry.key), message: message)
        }
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The line of `key`, or of the table itself when the key is absent.
    func line(_ key: String) -> Int { table.entry(key)?.line ?? table.line }

    func error(_ key: String, _ message: String) -> ConfigError {
        ConfigError(source: source, line: line(key), key: keyPath(key), message: message)
    }

    /// The value of `key` converted by `extract`, nil if absent; a value of the wrong kind is an error naming `expected`.
    func optional<T>(_ key: String, _ expected: String, _ extract: (TOMLValue) -> T?) throws(ConfigError) -> T? {
        guard let value = table[key] else { return nil }
        guard let converted = extract(value) else { throw error(key, "expected \(expected), found \(value.kindDescription)") }
        return converted
    }

    func required<T>(_ key: String, _ expected: String, _ extract: (TOMLValue) -> T?) throws(ConfigError) -> T {
        guard let value = try optional(key, expected, extract) else { throw error(key, "missing required key (\(expected))") }
        return value
    }

    // MARK: Kinds

    static func string(_ value: TOMLValue) -> String? {
        if case .string(let text) = value { text } else { nil }
    }

    static func integer(_ value: TOMLValue) -> Int? {
        if case .integer(let number) = value { number } else { nil }
    }

    /// Integers and floats alike, for minutes and ratios.
    static func number(_ value: TOMLValue) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .float(let number) where number.isFinite: number
        default: nil
        }
    }

    static func boolean(_ value: TOMLValue) -> Bool? {
        if case .boolean(let flag) = value { flag } else { nil }
    }

    static func strings(_ value: TOMLValue) -> [String]? {
        guard case .array(let elements) = value else { return nil }
        var texts: [String] = []
        for element in elements {
            guard case .string(let text) = element else { return nil }
            texts.append(text)
        }
        return texts
    }

    static func table(_ value: TOMLValue) -> TOMLTable? {
        if case .table(let table) = value { table } else { nil }
    }

    static func tables(_ value: TOMLValue) -> [TOMLTable]? {
        guard case .array(let elements) = value else { return nil }
        var tables: [TOMLTable] = []
        for element in elements {
            guard case .table(let table) = element else { return nil }
            tables.append(table)
        }
        return tables
    }

    // MARK: Common checks

    /// A required string that is not blank.
    func text(_ key: String) throws(ConfigError) -> String {
        let value = try required(key, "a string", Self.string)
        guard !value.allSatisfy(\.isWhitespace) else { throw error(key, "must not be empty") }
        return value
    }

    /// An optional integer within `range`, or `fallback`.
    func integer(_ key: String, in range: ClosedRange<Int>, or fallback: Int) throws(ConfigError) -> Int {
        guard let value = try optional(key, "an integer", Self.integer) else { return fallback }
        guard range.contains(value) else { throw error(key, "\(value) is outside \(Self.describe(range))") }
        return value
    }

    /// An optional positive number of at most `maximum`, or `fallback`.
    func positive(_ key: String, atMost maximum: Double, or fallback: Double) throws(ConfigError) -> Double {
        guard let value = try optional(key, "a number", Self.number) else { return fallback }
        guard value > 0, value <= maximum else {
            throw error(key, "\(Self.format(value)) must be greater than 0 and at most \(Self.format(maximum))")
        }
        return value
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "the allowed range (at least \(range.lowerBound))" : "the allowed range \(range.lowerBound)…\(range.upperBound)"
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    /// The allowed key nearest to a misspelt one, if it is close enough to be a typo.
    static func closest(to key: String, in allowed: [String]) -> String? {
        let key = key.lowercased()
        if let stem = allowed.first(where: { $0.count >= 3 && (key.hasPrefix($0) || $0.hasPrefix(key)) && key.count >= 3 }) { return stem }
        let scored = allowed.map { ($0, distance(Array(key), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, min(5, max(key.count, best.0.count) / 4)) else { return nil }
        return best.0
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
