import CLibPQ
import Foundation

/// One libpq connection, used by one thread at a time (a pool hands it out, see ``PostgresPool``). Statements are
/// sent with their values as parameters (`PQexecParams`, text format), never spliced into the SQL. The only type
/// with libpq's pointers.
public final class PostgresConnection {
    private let connection: OpaquePointer
    public let settings: PostgresSettings

    /// Connects (waiting at most the settings' `connect_timeout`); throws ``PostgresError/Kind/connect`` with
    /// libpq's reason when it cannot.
    public init(_ settings: PostgresSettings) throws {
        self.settings = settings
        let keywords = settings.keywords.map { strdup($0.0) } + [nil]
        let values = settings.keywords.map { strdup($0.1) } + [nil]
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let made = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { k in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { v in PQconnectdbParams(k.baseAddress, v.baseAddress, 0) }
        }
        guard let made else { throw PostgresError(.connect, "out of memory connecting to \(settings)") }
        guard PQstatus(made) == CONNECTION_OK else {
            let why = String(cString: PQerrorMessage(made)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(made)
            throw PostgresError(.connect, "cannot connect to \(settings): \(why)")
        }
        connection = made
        // Notices ("relation already exists, skipping") would go to standard error: the log says what matters.
        PQsetNoticeProcessor(made, { _, _ in }, nil)
    }

    deinit { PQfinish(connection) }

    /// Whether the connection broke (the server went away, the network failed): a pool drops it.
    public var isBroken: Bool { PQstatus(connection) != CONNECTION_OK }

    /// Runs one statement with `parameters` as `$1`, `$2` …; returns its rows. A value holding a NUL character is
    /// refused before anything is sent (the text format cannot carry one).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PostgresBindable] = []) throws -> PostgresRows {
        let texts = parameters.map(\.postgresText)
        if let bad = texts.firstIndex(where: { $0?.utf8.contains(0) ?? false }) {
            throw PostgresError(.badValue, "parameter $\(bad + 1) holds a NUL character, which PostgreSQL text cannot hold")
        }
        let copies = texts.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let result = copies.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
            PQexecParams(connection, sql, Int32(copies.count), nil, values.baseAddress, nil, nil, 0)
        }
        guard let result else { throw lost("no result") }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return Self.rows(of: result)
        default:
            let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            if isBroken { throw lost(message) }
            throw PostgresError(.statement, message.isEmpty ? "the statement failed" : message, sqlState: state)
        }
    }

    /// Runs a script of several statements that take no parameters (a schema migration), in one round trip.
    public func executeScript(_ sql: String) throws {
        guard let result = PQexec(connection, sql) else { throw lost("no result") }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default:
            let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            if isBroken { throw lost(message) }
            throw PostgresError(.statement, message, sqlState: state)
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws (the error is rethrown).
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            if !isBroken { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    private func lost(_ why: String) -> PostgresError {
        let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
        return PostgresError(.connectionLost, "the connection to \(settings) broke: \(message.isEmpty ? why : message)")
    }

    private static func rows(of result: OpaquePointer) -> PostgresRows {
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var index: [String: Int] = [:]
        for (i, name) in columns.enumerated() where index[name] == nil { index[name] = i }
        let rows = (0..<Int(PQntuples(result))).map { r in
            PostgresRow(
                index: index,
                values: (0..<columnCount).map { c in
                    PQgetisnull(result, Int32(r), Int32(c)) == 1 ? nil : String(cString: PQgetvalue(result, Int32(r), Int32(c)))
                })
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(columns: columns, rows: rows, affected: affected)
    }
}
