import Foundation
import JSONString
import Testing

@Suite struct JSONStringTests {
    static let samples = [
        "", "A023", "请到 5 号窗口", "quote \" and backslash \\", "line\nbreak\ttab\rreturn", "\u{08}\u{0C}", "nul \0 and esc \u{1B}",
        "\u{7F} del stays", "slash / stays", "emoji 🎫 and é", "\u{2028}\u{2029}",
    ]

    @Test(arguments: samples)
    func writesWhatJSONEncoderWrites(_ sample: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(sample), as: UTF8.self)
        #expect(JSONString.quoted(sample) == expected)
        var bytes: [UInt8] = []
        JSONString.appendQuoted(sample, to: &bytes)
        #expect(bytes == Array(expected.utf8))
        let back = try JSONDecoder().decode(String.self, from: Data(expected.utf8))
        #expect(back == sample, "it reads back as it was")
    }
}
