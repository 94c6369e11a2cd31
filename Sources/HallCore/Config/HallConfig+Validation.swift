import Foundation

/// What a hall's configuration values must look like, whichever file or form they come from.
extension HallConfig {
    /// Whether `code` is a ticket prefix: one or two upper-case letters A–Z.
    public static func isValidServiceCode(_ code: String) -> Bool {
        (1...2).contains(code.unicodeScalars.count) && code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
    }

    /// Whether `login` is a valid user login: 1–32 of `a-z`, `0-9`, `.`, `_`, `-`.
    public static func isValidLogin(_ login: String) -> Bool {
        (1...32).contains(login.unicodeScalars.count)
            && login.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// Whether `identifier` names an IANA time zone, such as `Asia/Shanghai`.
    public static func isIANATimeZone(_ identifier: String) -> Bool {
        guard TimeZone(identifier: identifier) != nil else { return false }
        // Foundation also accepts abbreviations such as "CST", which are ambiguous; IANA names have a region.
        return identifier == "UTC" || identifier.contains("/") || TimeZone.knownTimeZoneIdentifiers.contains(identifier)
    }

    /// A dotted-quad IPv4 address, or IPv6 text (hex groups and colons, at most one `::`, optionally ending in IPv4).
    public static func isIPAddress(_ text: String) -> Bool {
        let quads = text.split(separator: ".", omittingEmptySubsequences: false)
        if quads.count == 4, !text.contains(":") {
            return quads.allSatisfy { q in (1...3).contains(q.count) && q.allSatisfy(\.isASCIIDigit) && Int(q)! <= 255 }
        }
        guard text.contains(":"), text.components(separatedBy: "::").count <= 2 else { return false }
        var groups = text.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        if let last = groups.last, last.contains(".") {
            guard isIPAddress(last), !last.contains(":") else { return false }
            groups.removeLast()
            groups += ["0", "0"]
        }
        let compressed = text.contains("::")
        guard compressed ? groups.count < 8 : groups.count == 8 else { return false }
        return groups.allSatisfy { g in (1...4).contains(g.count) && g.allSatisfy(\.isHexDigit) }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
