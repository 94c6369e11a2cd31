/// Why a PostgreSQL call failed: the server's SQLSTATE and message when it answered, or what went wrong on the way.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure it was.
    public enum Kind: Sendable, Equatable {
        /// The connection could not be made (server down, refused, wrong password, unknown database).
        case connect
        /// The server refused or failed a statement; ``PostgresError/sqlState`` says why.
        case statement
        /// The connection broke (or was already broken) during the call.
        case connectionLost
        /// No connection of the pool came free in time.
        case poolTimeout
        /// A value read back was not of the type asked for.
        case badValue
        /// The connection settings could not be read (a malformed URL or unknown keyword).
        case settings
    }

    public var kind: Kind
    /// The five-character SQLSTATE code (e.g. `23505` unique violation), when the server gave one.
    public var sqlState: String?
    public var message: String

    public init(_ kind: Kind, _ message: String, sqlState: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String {
        let state = sqlState.map { " [\($0)]" } ?? ""
        return "PostgreSQL: \(message)\(state)"
    }

    /// A failure a later attempt on a new connection may not meet: the server or the network, not the statement.
    public var isUnavailable: Bool {
        switch kind {
        case .connect, .connectionLost, .poolTimeout: return true
        case .statement:
            // Class 08 (connection exception), 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now).
            guard let state = sqlState else { return false }
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        case .badValue, .settings: return false
        }
    }

    /// SQLSTATE of a unique or primary-key violation.
    public static let uniqueViolation = "23505"
    /// SQLSTATE of a relation (table) that does not exist.
    public static let undefinedTable = "42P01"
}
