import Foundation
import GRDB

/// Reads one stored row strictly. A value of the wrong type, a name the hall does not know, malformed JSON or an
/// impossible time is a ``StoreError/badRow(table:row:column:problem:)`` naming the table, the row and the column,
/// never a silent default (GRDB's statement fast path would read text as 0, and its subscripts stop the process).
struct StoredRow {
    let row: Row
    let table: String
    /// The column that names the row in errors, e.g. `id`.
    let key: String

    init(_ row: Row, table: String, key: String) {
        self.row = row
        self.table = table
        self.key = key
    }

    /// The error for `column`, naming the row by its key.
    func bad(_ column: String, _ problem: String) -> StoreError {
        let named = (try? row.decode(DatabaseValue.self, forColumn: key)).map { "\(key) \($0)" } ?? "without \(key)"
        return .badRow(table: table, row: named, column: column, problem: problem)
    }

    /// The raw value of `column`; a missing column is an error.
    func value(_ column: String) throws -> DatabaseValue {
        do {
            return try row.decode(DatabaseValue.self, forColumn: column)
        } catch {
            throw bad(column, "no such column")
        }
    }

    // MARK: Plain values

    func optionalInt64(_ column: String) throws -> Int64? {
        switch try value(column).storage {
        case .null: return nil
        case .int64(let n): return n
        case let other: throw bad(column, "expected an integer, found \(Self.describe(other))")
        }
    }

    func int64(_ column: String) throws -> Int64 {
        guard let n = try optionalInt64(column) else { throw bad(column, "expected an integer, found NULL") }
        return n
    }

    func optionalInt(_ column: String) throws -> Int? {
        guard let n = try optionalInt64(column) else { return nil }
        guard let int = Int(exactly: n) else { throw bad(column, "\(n) is out of range") }
        return int
    }

    func int(_ column: String) throws -> Int {
        guard let n = try optionalInt(column) else { throw bad(column, "expected an integer, found NULL") }
        return n
    }

    /// A 0/1 column written from a Bool.
    func flag(_ column: String) throws -> Bool {
        switch try int(column) {
        case 0: return false
        case 1: return true
        case let n: throw bad(column, "expected 0 or 1, found \(n)")
        }
    }

    /// A REAL column; SQLite stores whole numbers written to it as integers, which read as the same number.
    func double(_ column: String) throws -> Double {
        switch try value(column).storage {
        case .double(let x): return x
        case .int64(let n): return Double(n)
        case let other: throw bad(column, "expected a number, found \(Self.describe(other))")
        }
    }

    func optionalText(_ column: String) throws -> String? {
        switch try value(column).storage {
        case .null: return nil
        case .string(let text): return text
        case let other: throw bad(column, "expected text, found \(Self.describe(other))")
        }
    }

    func text(_ column: String) throws -> String {
        guard let text = try optionalText(column) else { throw bad(column, "expected text, found NULL") }
        return text
    }

    // MARK: The hall's values

    /// A stored instant: whole milliseconds since 1970 (``Foundation/Date/millis``), from 1970 to the end of year 9999.
    func optionalInstant(_ column: String) throws -> Date? {
        guard let ms = try optionalInt64(column) else { return nil }
        guard Date.storableMillis.contains(ms) else {
            throw bad(column, "\(ms) is not a time in milliseconds since 1970 the hall could have written")
        }
        return Date(millis: ms)
    }

    func instant(_ column: String) throws -> Date {
        guard let date = try optionalInstant(column) else { throw bad(column, "expected a time in milliseconds, found NULL") }
        return date
    }

    /// One of the names of `T` (an enum's raw values).
    func optionalName<T: RawRepresentable & CaseIterable>(_ column: String, as type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = try optionalText(column) else { return nil }
        guard let value = T(rawValue: text) else {
            throw bad(column, "\"\(text)\" is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    func name<T: RawRepresentable & CaseIterable>(_ column: String, as type: T.Type) throws -> T where T.RawValue == String {
        guard let value = try optionalName(column, as: type) else { throw bad(column, "expected a name, found NULL") }
        return value
    }

    /// A JSON object of strings (NULL: none), as ``DetailsJSON`` and Foundation write them.
    func details(_ column: String) throws -> [String: String] {
        do {
            return try DetailsJSON.decode(try optionalText(column))
        } catch let error as DetailsJSON.Malformed {
            throw bad(column, error.description)
        }
    }

    /// A value a JSON decoder reads from a text column.
    func decoded<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        let text = try text(column)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw bad(column, "not the JSON of \(T.self): \(text.prefix(80))")
        }
    }

    static func describe(_ storage: DatabaseValue.Storage) -> String {
        switch storage {
        case .null: "NULL"
        case .int64(let n): "the integer \(n)"
        case .double(let x): "the number \(x)"
        case .string(let s): "the text \"\(s.prefix(40))\""
        case .blob(let data): "a blob of \(data.count) bytes"
        }
    }
}
