/// Parses TOML 1.0 text (without dates and times) into a ``TOMLDocument``, remembering where every key was written.
///
/// Supports comments, bare, quoted and dotted keys, `[tables]`, `[[arrays of tables]]`, basic and literal strings
/// (single- and multi-line, with `\uXXXX` escapes), integers (decimal with `_`, hex, octal, binary), floats,
/// booleans, arrays (multi-line, trailing comma) and inline tables. Duplicate keys and tables defined twice are errors.
public struct TOMLParser {
    private var scanner: TOMLScanner

    private init(_ text: String) { scanner = TOMLScanner(text) }

    /// Parses `text`, or throws the first problem with its line and column.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLDocument {
        var parser = TOMLParser(text)
        return try parser.document()
    }

    private mutating func document() throws(TOMLError) -> TOMLDocument {
        let root = TOMLTableBuilder(origin: .root, line: 1, path: [])
        var current = root
        var headerLines: [Int] = []
        while true {
            scanner.skipSpaces()
            guard let next = scanner.peek else { break }
            if next == "#" {
                try scanner.skipComment()
                try scanner.finishLine()
            } else if scanner.atNewline || next == "\r" {
                try scanner.consumeNewline()
            } else if next == "[" {
                headerLines.append(scanner.line)
                current = try header(root: root)
                try scanner.finishLine()
            } else {
                try keyValue(into: current)
                try scanner.finishLine()
            }
        }
        return TOMLDocument(root: root.build(), headerLines: headerLines)
    }

    /// `[a.b]` or `[[a.b]]`; returns the table the following keys go into.
    private mutating func header(root: TOMLTableBuilder) throws(TOMLError) -> TOMLTableBuilder {
        let appending = scanner.looksAt("[[")
        scanner.advance(by: appending ? 2 : 1)
        let keys = try key()
        let closing = appending ? "]]" : "]"
        guard scanner.looksAt(closing) else {
            throw scanner.error("expected \(closing) to close the table header, found \(scanner.found)")
        }
        scanner.advance(by: closing.count)
        return try root.open(header: keys, appending: appending)
    }

    /// `key = value` (the key possibly dotted), added to `table`.
    private mutating func keyValue(into table: TOMLTableBuilder) throws(TOMLError) {
        let keys = try key()
        guard scanner.peek == "=" else {
            let name = keys.map(\.name).joined(separator: ".")
            throw scanner.error("expected \"=\" after the key \(name), found \(scanner.found)")
        }
        scanner.advance()
        scanner.skipSpaces()
        if scanner.atEnd || scanner.atNewline || scanner.peek == "#" {
            throw scanner.error("expected a value after \"=\"")
        }
        let value = try value()
        let span = TOMLSpan(line: keys[0].line, column: keys[0].column, endLine: scanner.line, endColumn: scanner.column)
        try table.insert(keys: keys, value: value, span: span)
    }

    /// A simple or dotted key, with the spaces around it.
    private mutating func key() throws(TOMLError) -> [TOMLKeyPart] {
        var parts: [TOMLKeyPart] = []
        while true {
            scanner.skipSpaces()
            let (line, column) = (scanner.line, scanner.column)
            let name: String
            if scanner.peek == "\"" || scanner.peek == "'" {
                name = try scanner.string(allowMultiLine: false)
            } else {
                name = scanner.bareWord()
                guard !name.isEmpty else {
                    throw scanner.error("expected a key (letters, digits, _ and - or a \"quoted key\"), found \(scanner.found)")
                }
            }
            parts.append(TOMLKeyPart(name: name, line: line, column: column))
            scanner.skipSpaces()
            guard scanner.peek == "." else { return parts }
            scanner.advance()
        }
    }

    private mutating func value() throws(TOMLError) -> TOMLValue {
        switch scanner.peek {
        case "\"", "'": .string(try scanner.string())
        case "[": try array()
        case "{": try inlineTable()
        default: try scanner.scalarValue()
        }
    }

    /// `[v, v, …]` over any number of lines, with comments and an optional trailing comma.
    private mutating func array() throws(TOMLError) -> TOMLValue {
        let (line, column) = (scanner.line, scanner.column)
        scanner.advance()
        var elements: [TOMLValue] = []
        while true {
            try scanner.skipSpacesCommentsAndNewlines()
            if scanner.peek == "]" { break }
            if scanner.atEnd { throw TOMLError(line: line, column: column, message: "this array is not closed by ]") }
            elements.append(try value())
            try scanner.skipSpacesCommentsAndNewlines()
            if scanner.peek == "," {
                scanner.advance()
            } else if scanner.peek != "]" {
                if scanner.atEnd { throw TOMLError(line: line, column: column, message: "this array is not closed by ]") }
                throw scanner.error("expected \",\" or \"]\" in the array, found \(scanner.found)")
            }
        }
        scanner.advance()
        return .array(elements)
    }

    /// `{ k = v, … }` on one line, without a trailing comma (TOML 1.0).
    private mutating func inlineTable() throws(TOMLError) -> TOMLValue {
        let table = TOMLTableBuilder(origin: .inline, line: scanner.line, path: [])
        scanner.advance()
        scanner.skipSpaces()
        if scanner.peek == "}" {
            scanner.advance()
            return .table(table.build())
        }
        while true {
            try keyValue(into: table)
            scanner.skipSpaces()
            if scanner.peek == "}" {
                scanner.advance()
                return .table(table.build())
            }
            guard scanner.peek == "," else {
                if scanner.atEnd || scanner.atNewline || scanner.peek == "\r" {
                    throw scanner.error("an inline table { … } must be closed on the same line")
                }
                throw scanner.error("expected \",\" or \"}\" in the inline table, found \(scanner.found)")
            }
            scanner.advance()
            scanner.skipSpaces()
            if scanner.peek == "}" { throw scanner.error("an inline table cannot end with a comma (TOML 1.0)") }
        }
    }
}
