extension TOMLScanner {
    /// Reads a string of any of the four kinds; the scanner is at its opening quote.
    mutating func string(allowMultiLine: Bool = true) throws(TOMLError) -> String {
        let quote = peek!
        if looksAt(String(repeating: Character(quote), count: 3)) {
            guard allowMultiLine else { throw error("a key cannot be a multi-line string") }
            return quote == "\"" ? try multiLineBasicString() : try multiLineLiteralString()
        }
        return quote == "\"" ? try basicString() : try literalString()
    }

    /// `"…"` with escapes, on one line.
    private mutating func basicString() throws(TOMLError) -> String {
        let (startLine, startColumn) = (line, column)
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek, !atNewline, scalar != "\r" else {
                throw TOMLError(line: startLine, column: startColumn, message: "this string is not closed by a \" on the same line")
            }
            switch scalar {
            case "\"":
                advance()
                return String(text)
            case "\\":
                text.append(try escape())
            default:
                if isForbiddenControl(scalar) { throw error("control character U+\(hex(scalar)) must be escaped in a string") }
                text.append(scalar)
                advance()
            }
        }
    }

    /// `'…'` as written, on one line.
    private mutating func literalString() throws(TOMLError) -> String {
        let (startLine, startColumn) = (line, column)
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek, !atNewline, scalar != "\r" else {
                throw TOMLError(line: startLine, column: startColumn, message: "this string is not closed by a ' on the same line")
            }
            advance()
            if scalar == "'" { return String(text) }
            if isForbiddenControl(scalar) { throw error("control character U+\(hex(scalar)) is not allowed in a literal string") }
            text.append(scalar)
        }
    }

    /// `"""…"""`: escapes, newlines, and a backslash at a line's end joins it to the next non-blank text.
    private mutating func multiLineBasicString() throws(TOMLError) -> String {
        let (startLine, startColumn) = (line, column)
        advance(by: 3)
        if atNewline { try consumeNewline() }
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek else {
                throw TOMLError(line: startLine, column: startColumn, message: "this multi-line string is not closed by \"\"\"")
            }
            if scalar == "\"", looksAt("\"\"\"") {
                try closeMultiLine(quote: "\"", into: &text)
                return String(text)
            }
            if scalar == "\\" {
                if lineEndingBackslashFollows() {
                    advance()
                    while peek == " " || peek == "\t" || atNewline { if atNewline { try consumeNewline() } else { advance() } }
                } else {
                    text.append(try escape())
                }
            } else if atNewline {
                try consumeNewline()
                text.append("\n")
            } else {
                if isForbiddenControl(scalar) { throw error("control character U+\(hex(scalar)) must be escaped in a string") }
                text.append(scalar)
                advance()
            }
        }
    }

    /// `'''…'''` as written, newlines included.
    private mutating func multiLineLiteralString() throws(TOMLError) -> String {
        let (startLine, startColumn) = (line, column)
        advance(by: 3)
        if atNewline { try consumeNewline() }
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek else {
                throw TOMLError(line: startLine, column: startColumn, message: "this multi-line string is not closed by '''")
            }
            if scalar == "'", looksAt("'''") {
                try closeMultiLine(quote: "'", into: &text)
                return String(text)
            }
            if atNewline {
                try consumeNewline()
                text.append("\n")
            } else {
                if isForbiddenControl(scalar) { throw error("control character U+\(hex(scalar)) is not allowed in a literal string") }
                text.append(scalar)
                advance()
            }
        }
    }

    /// At three closing quotes: up to two more quotes right before the delimiter belong to the string.
    private mutating func closeMultiLine(quote: Unicode.Scalar, into text: inout String.UnicodeScalarView) throws(TOMLError) {
        var count = 0
        while peek(at: count) == quote { count += 1 }
        guard count <= 5 else { throw error("too many quotes in a row to close a multi-line string") }
        for _ in 0..<(count - 3) { text.append(quote) }
        advance(by: count)
    }

    /// Whether the backslash here is followed only by spaces up to the end of the line.
    private func lineEndingBackslashFollows() -> Bool {
        var offset = 1
        while peek(at: offset) == " " || peek(at: offset) == "\t" { offset += 1 }
        return peek(at: offset) == "\n" || (peek(at: offset) == "\r" && peek(at: offset + 1) == "\n")
    }

    /// Reads one escape sequence; the scanner is at the backslash.
    private mutating func escape() throws(TOMLError) -> Unicode.Scalar {
        let (startLine, startColumn) = (line, column)
        advance()
        guard let letter = peek else { throw error("a backslash must start an escape such as \\n or \\u00E9") }
        advance()
        switch letter {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let width = letter == "u" ? 4 : 8
            var digits = ""
            for _ in 0..<width {
                guard let digit = peek, digit.properties.isASCIIHexDigit else {
                    throw TOMLError(line: startLine, column: startColumn, message: "\\\(letter) needs exactly \(width) hexadecimal digits")
                }
                digits.unicodeScalars.append(digit)
                advance()
            }
            guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                throw TOMLError(line: startLine, column: startColumn, message: "\\\(letter)\(digits) is not a Unicode scalar value")
            }
            return scalar
        default:
            throw TOMLError(
                line: startLine, column: startColumn,
                message: "\\\(Character(letter)) is not a valid escape (use \\\\ for a backslash, or a 'literal string')")
        }
    }
}
