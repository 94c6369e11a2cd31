import Foundation

/// What a statement returned: its columns and rows (values in text format, as PostgreSQL writes them), and how many
/// rows it changed.
public struct PostgresRows: Sendable {
    public let columns: [String]
    public let rows: [PostgresRow]
    /// Rows inserted, updated or deleted (0 for a query).
    public let affected: Int

    public init(columns: [String], rows: [PostgresRow], affected: Int) {
        self.columns = columns
        self.rows = rows
        self.affected = affected
    }

    /// The first row, if any.
    public var first: PostgresRow? { rows.first }
}

/// One row: values by column name, read as the type asked for (a value of another type throws, naming the column).
public struct PostgresRow: Sendable {
    let index: [String: Int]
    public let values: [String?]

    public init(index: [String: Int], values: [String?]) {
        self.index = index
        self.values = values
    }

    /// The text of `column`, nil for NULL; throws when the row has no such column.
    public func text(_ column: String) throws -> String? {
        guard let i = index[column] else { throw PostgresError(.badValue, "the result has no column \"\(column)\"") }
        return values[i]
    }

    public func string(_ column: String) throws -> String {
        guard let value = try text(column) else { throw PostgresError(.badValue, "column \"\(column)\" is NULL") }
        return value
    }

    public func optionalInt(_ column: String) throws -> Int? {
        guard let value = try text(column) else { return nil }
        guard let n = Int(value) else { throw PostgresError(.badValue, "column \"\(column)\": \"\(value)\" is not an integer") }
        return n
    }

    public func int(_ column: String) throws -> Int {
        guard let n = try optionalInt(column) else { throw PostgresError(.badValue, "column \"\(column)\" is NULL") }
        return n
    }

    public func int64(_ column: String) throws -> Int64 { Int64(try int(column)) }

    public func optionalDouble(_ column: String) throws -> Double? {
        guard let value = try text(column) else { return nil }
        guard let x = Double(value) else { throw PostgresError(.badValue, "column \"\(column)\": \"\(value)\" is not a number") }
        return x
    }

    public func double(_ column: String) throws -> Double {
        guard let x = try optionalDouble(column) else { throw PostgresError(.badValue, "column \"\(column)\" is NULL") }
        return x
    }

    public func bool(_ column: String) throws -> Bool {
        switch try text(column) {
        case "t": return true
        case "f": return false
        case let other: throw PostgresError(.badValue, "column \"\(column)\": \(other ?? "NULL") is not a boolean")
        }
    }
}
