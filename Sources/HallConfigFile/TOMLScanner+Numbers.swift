extension TOMLScanner {
    /// Reads an integer, a float, `true` or `false`; rejects dates and times with advice to quote them.
    mutating func scalarValue() throws(TOMLError) -> TOMLValue {
        let (startLine, startColumn) = (line, column)
        var token = ""
        while let scalar = peek, Self.isBareKeyScalar(scalar) || scalar == "." || scalar == "+" || scalar == ":" {
            token.unicodeScalars.append(scalar)
            advance()
        }
        func fail(_ message: String) -> TOMLError { TOMLError(line: startLine, column: startColumn, message: message) }
        if token.isEmpty {
            throw fail("expected a value (a \"string\", a number, true, false, an [array] or an { inline = table }), found \(found)")
        }
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if token.contains(":") || Self.looksLikeDate(token) {
            throw fail("dates and times are not supported here; write \(token) as a \"string\" in quotes")
        }
        if let value = Self.integer(token) { return .integer(value) }
        if let value = Self.float(token) { return .float(value) }
        if Self.integerPattern(token) != nil {
            throw fail("\(token) is out of range for an integer")
        }
        if token.first.map({ $0.isLetter }) == true {
            throw fail("\(token) is not a value; text must be in quotes: \"\(token)\"")
        }
        throw fail("\(token) is not a valid number")
    }

    private static func looksLikeDate(_ token: String) -> Bool {
        let scalars = Array(token.unicodeScalars)
        guard scalars.count >= 10 else { return false }
        return scalars[4] == "-" && scalars[7] == "-" && scalars[0..<4].allSatisfy { $0.properties.numericType != nil }
    }

    /// Digits separated by single underscores (`1_000`), with the underscores removed; nil if the pattern does not hold.
    private static func digits(_ text: Substring, allowed: (Character) -> Bool) -> String? {
        guard let first = text.first, let last = text.last, first != "_", last != "_", !text.contains("__") else { return nil }
        guard text.allSatisfy({ $0 == "_" || allowed($0) }) else { return nil }
        return text.filter { $0 != "_" }
    }

    private static func isDecimal(_ c: Character) -> Bool { c >= "0" && c <= "9" }

    /// The sign, radix and digits of an integer literal, if the token has that shape.
    private static func integerPattern(_ token: String) -> (negative: Bool, radix: Int, digits: String)? {
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
            let allowed: (Character) -> Bool = { c in c.hexDigitValue.map { $0 < radix } ?? false }
            return digits(token.dropFirst(2), allowed: allowed).map { (false, radix, $0) }
        }
        var body = Substring(token)
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        guard let decimal = digits(body, allowed: isDecimal) else { return nil }
        guard decimal == "0" || !decimal.hasPrefix("0") else { return nil }  // no leading zeros
        return (negative, 10, decimal)
    }

    private static func integer(_ token: String) -> Int? {
        guard let (negative, radix, digits) = integerPattern(token) else { return nil }
        return Int(negative ? "-" + digits : digits, radix: radix)
    }

    private static func float(_ token: String) -> Double? {
        var body = Substring(token)
        var sign = ""
        if body.first == "+" || body.first == "-" {
            sign = body.first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        var exponent: Substring?
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = body[body.index(after: e)...]
            body = body[..<e]
        }
        var fraction: Substring?
        if let dot = body.firstIndex(of: ".") {
            fraction = body[body.index(after: dot)...]
            body = body[..<dot]
        }
        guard exponent != nil || fraction != nil else { return nil }
        guard let whole = digits(body, allowed: isDecimal), whole == "0" || !whole.hasPrefix("0") else { return nil }
        var text = sign + whole
        if let fraction {
            guard let part = digits(fraction, allowed: isDecimal) else { return nil }
            text += "." + part
        }
        if var exponent {
            var exponentSign = ""
            if exponent.first == "+" || exponent.first == "-" {
                exponentSign = exponent.first == "-" ? "-" : ""
                exponent = exponent.dropFirst()
            }
            guard let part = digits(exponent, allowed: isDecimal) else { return nil }
            text += "e" + exponentSign + part
        }
        return Double(text)
    }
}
