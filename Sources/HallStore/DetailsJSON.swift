import Foundation
import JSONString

/// The journal's `details` column: a flat JSON object of strings with sorted keys. Written and read by hand because
/// Foundation's general JSON takes most of the time of journaling and of rebuilding rollups from years of journal.
enum DetailsJSON {
    /// `{"key":"value",…}` with keys sorted; nil for no details.
    static func encode(_ details: [String: String]) -> String? {
        details.isEmpty ? nil : JSONString.object(details)
    }

    /// Why a stored text is not details.
    struct Malformed: Error, CustomStringConvertible {
        var text: String
        var description: String { "not a JSON object of strings: \(text.prefix(80))" }
    }

    /// The details of a stored row (NULL: none): the fast path for what ``encode(_:)`` writes, Foundation for any
    /// other JSON object of strings; anything else is ``Malformed``.
    static func decode(_ text: String?) throws(Malformed) -> [String: String] {
        guard let text else { return [:] }
        if let simple = decodeSimple(text) { return simple }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] else { throw Malformed(text: text) }
        return object
    }

    /// Parses `{"k":"v",…}` whose strings have no escapes; nil for anything else.
    static func decodeSimple(_ text: String) -> [String: String]? {
        var utf8 = Array(text.utf8)[...]
        guard utf8.first == UInt8(ascii: "{"), utf8.last == UInt8(ascii: "}") else { return nil }
        utf8 = utf8.dropFirst().dropLast()
        var result: [String: String] = [:]
        func string() -> String? {
            guard utf8.first == UInt8(ascii: "\"") else { return nil }
            utf8 = utf8.dropFirst()
            guard let end = utf8.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            let value = utf8[utf8.startIndex..<end]
            guard !value.contains(UInt8(ascii: "\\")) else { return nil }
            utf8 = utf8[(end + 1)...]
            return String(decoding: value, as: UTF8.self)
        }
        while !utf8.isEmpty {
            guard let key = string(), utf8.first == UInt8(ascii: ":") else { return nil }
            utf8 = utf8.dropFirst()
            guard let value = string() else { return nil }
            result[key] = value
            if utf8.first == UInt8(ascii: ",") { utf8 = utf8.dropFirst() } else if !utf8.isEmpty { return nil }
        }
        return result
    }
}
