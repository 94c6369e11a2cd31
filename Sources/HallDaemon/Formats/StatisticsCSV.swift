import HallCore

/// The statistics table as CSV (RFC 4180): a header row, one row per line of the table and the total last, CRLF line
/// ends, fields quoted when they hold a comma, quote or line break. UTF-8, starting with a byte-order mark so that
/// spreadsheet programs on Chinese Windows read the Chinese labels correctly.
enum StatisticsCSV {
    static let byteOrderMark = "\u{FEFF}"

    /// The CSV text of a report.
    static func render(_ report: StatisticsReport) -> String {
        var lines = [StatisticsRow.columnNames.map(field).joined(separator: ",")]
        for row in report.rows + [report.total] { lines.append(row.values.map(cell).joined(separator: ",")) }
        return byteOrderMark + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func cell(_ value: StatValue) -> String {
        switch value {
        case .text(let s): field(s)
        case .int(let n): String(n)
        case .number(let x): number(x)
        case .none: ""
        }
    }

    /// A number as written in the CSV: no exponent, no trailing `.0`.
    static func number(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A text field, quoted (with quotes doubled) when it must be.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
