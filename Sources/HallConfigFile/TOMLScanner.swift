/// Reads a TOML text scalar by scalar, keeping the 1-based line and column of the next scalar.
struct TOMLScanner {
    private let scalars: [Unicode.Scalar]
    private(set) var index = 0
    private(set) var line = 1
    private var lineStart = 0

    init(_ text: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }  // a byte-order mark some editors write
        self.scalars = scalars
    }

    var column: Int { index - lineStart + 1 }
    var atEnd: Bool { index >= scalars.count }
    var peek: Unicode.Scalar? { peek(at: 0) }

    func peek(at offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    /// Whether the text continues with `literal` here.
    func looksAt(_ literal: String) -> Bool {
        var offset = 0
        for scalar in literal.unicodeScalars {
            guard peek(at: offset) == scalar else { return false }
            offset += 1
        }
        return true
    }

    mutating func advance(by count: Int = 1) {
        for _ in 0..<count where index < scalars.count {
            if scalars[index] == "\n" {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
    }

    func error(_ message: String) -> TOMLError { TOMLError(line: line, column: column, message: message) }

    /// A description of the next scalar for error messages.
    var found: String {
        guard let scalar = peek else { return "the end of the file" }
        switch scalar {
        case "\n": return "the end of the line"
        case "\r": return "a carriage return"
        default: return "\"\(Character(scalar))\""
        }
    }

    // MARK: Whitespace, comments and line ends

    /// Skips spaces and tabs.
    mutating func skipSpaces() {
        while let scalar = peek, scalar == " " || scalar == "\t" { advance() }
    }

    /// Whether a newline (LF or CRLF) follows.
    var atNewline: Bool { peek == "\n" || (peek == "\r" && peek(at: 1) == "\n") }

    /// Consumes a newline (LF or CRLF); a carriage return on its own is an error.
    mutating func consumeNewline() throws(TOMLError) {
        if peek == "\r" {
            guard peek(at: 1) == "\n" else { throw error("a carriage return must be followed by a line feed") }
            advance()
        }
        advance()
    }

    /// Skips a `#` comment up to (not including) the end of the line.
    mutating func skipComment() throws(TOMLError) {
        guard peek == "#" else { return }
        while let scalar = peek, !atNewline {
            if isForbiddenControl(scalar) { throw error("control character U+\(hex(scalar)) is not allowed in a comment") }
            advance()
        }
    }

    /// After a key/value pair or a header: optional spaces and comment, then a newline or the end of the file.
    mutating func finishLine() throws(TOMLError) {
        skipSpaces()
        try skipComment()
        if atEnd { return }
        guard atNewline || peek == "\r" else { throw error("expected the end of the line, found \(found)") }
        try consumeNewline()
    }

    /// Skips spaces, comments and newlines (inside arrays).
    mutating func skipSpacesCommentsAndNewlines() throws(TOMLError) {
        while true {
            skipSpaces()
            try skipComment()
            guard atNewline || peek == "\r" else { return }
            try consumeNewline()
        }
    }

    func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // MARK: Keys

    static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    /// Reads the bare (`A-Za-z0-9_-`) characters from here on; empty if there are none.
    mutating func bareWord() -> String {
        var word = String.UnicodeScalarView()
        while let scalar = peek, Self.isBareKeyScalar(scalar) {
            word.append(scalar)
            advance()
        }
        return String(word)
    }
}
