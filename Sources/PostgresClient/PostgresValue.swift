import Foundation

/// A value that can be sent as a statement parameter, in PostgreSQL's text format. Values only ever travel as
/// parameters (`$1`, `$2` …), never inside the SQL text, so no input can change a statement.
public protocol PostgresBindable: Sendable {
    /// The parameter's text, or nil for SQL NULL.
    var postgresText: String? { get }
}

extension String: PostgresBindable {
    public var postgresText: String? { self }
}

extension Int: PostgresBindable {
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresBindable {
    public var postgresText: String? { String(self) }
}

extension Int32: PostgresBindable {
    public var postgresText: String? { String(self) }
}

extension Double: PostgresBindable {
    /// Finite numbers as Swift writes them (round-trip exact); infinities and NaN as PostgreSQL spells them.
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return "\(self)"
    }
}

extension Bool: PostgresBindable {
    public var postgresText: String? { self ? "true" : "false" }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    public var postgresText: String? { self?.postgresText }
}

/// An array parameter (`$1::bigint[]`, `$2::text[]`), written as a PostgreSQL array literal: every element quoted,
/// with `"` and `\` escaped, NULL elements unquoted. One statement then takes a whole batch of rows through
/// `unnest($1::bigint[], $2::text[], …)`.
public struct PostgresArray: PostgresBindable {
    public let elements: [String?]

    public init<T: PostgresBindable>(_ values: [T]) { elements = values.map(\.postgresText) }

    public var postgresText: String? {
        var out = "{"
        out.reserveCapacity(elements.count * 8 + 2)
        for (i, element) in elements.enumerated() {
            if i > 0 { out += "," }
            guard let text = element else {
                out += "NULL"
                continue
            }
            out += "\""
            for scalar in text.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { out += "\\" }
                out.unicodeScalars.append(scalar)
            }
            out += "\""
        }
        return out + "}"
    }
}
