/// The one JSON string escaper of the code base, for the paths that write JSON by hand because `JSONEncoder` is too
/// slow there (the journal's details, the live messages and hot views, rows shipped to the bureau, history views).
/// Writes exactly what `JSONEncoder` writes for a string: `\"`, `\\`, `\b \t \n \f \r`, other controls as `\u00xx`,
/// everything else as it is (no escaped slashes, no escaped non-ASCII).
public enum JSONString {
    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends `value` in quotes, escaped, to UTF-8 bytes.
    public static func appendQuoted(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 0x08: out.append(contentsOf: [92, UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [92, UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0..<0x20:
                out.append(contentsOf: [92, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A flat object of strings, keys sorted: `{"key":"value",…}` (`{}` when empty), written in one buffer.
    public static func object(_ fields: [String: String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (i, key) in fields.keys.sorted().enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            appendQuoted(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendQuoted(fields[key]!, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` in quotes, escaped.
    public static func quoted(_ value: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 2)
        appendQuoted(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
