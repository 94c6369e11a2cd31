import CLibPQ
import Foundation

/// Where and how to connect: a libpq connection string (`postgresql://user:secret@host:5432/bureau` or
/// `host=… dbname=…`), checked when made, with defaults that keep a dead server or network from holding a caller
/// for minutes: 5 s to connect, TCP keepalives, and 15 s for unacknowledged data (`tcp_user_timeout`). Anything the
/// string sets itself wins.
public struct PostgresSettings: Sendable, CustomStringConvertible {
    /// Keywords and values as libpq reads them, the defaults filled in.
    let keywords: [(String, String)]

    /// Defaults added when the connection string does not set them.
    static let defaults: [(String, String)] = [
        ("connect_timeout", "5"), ("keepalives", "1"), ("keepalives_idle", "10"), ("keepalives_interval", "5"),
        ("keepalives_count", "3"), ("tcp_user_timeout", "15000"), ("application_name", "hallq"),
    ]

    /// Reads `connection` (a URL or key=value string); throws when libpq cannot parse it.
    public init(_ connection: String, applicationName: String? = nil) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(connection, &message) else {
            let why = message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not a connection string"
            if let message { PQfreemem(message) }
            throw PostgresError(.settings, "cannot read the PostgreSQL connection string: \(why)")
        }
        defer { PQconninfoFree(parsed) }
        var set: [(String, String)] = []
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { set.append((String(cString: keyword), String(cString: value))) }
            option += 1
        }
        var defaults = Self.defaults
        if let applicationName { defaults = defaults.map { $0.0 == "application_name" ? ($0.0, applicationName) : $0 } }
        for (keyword, value) in defaults where !set.contains(where: { $0.0 == keyword }) { set.append((keyword, value)) }
        keywords = set
    }

    /// The value of `keyword`, if set.
    public func value(_ keyword: String) -> String? { keywords.first { $0.0 == keyword }?.1 }

    /// Where it connects, without the password: `postgresql://user@host:port/dbname`, for logs and messages.
    public var description: String {
        let user = value("user").map { "\($0)@" } ?? ""
        let host = value("host") ?? value("hostaddr") ?? "localhost"
        let port = value("port").map { ":\($0)" } ?? ""
        return "postgresql://\(user)\(host)\(port)/\(value("dbname") ?? "")"
    }
}
