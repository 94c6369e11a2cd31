import Foundation
import Testing

@testable import HallStore

@Suite struct DetailsJSONTests {
    @Test func detailsRoundTripAndStayValidJSON() throws {
        let cases: [[String: String]] = [
            ["wait": "420"], ["score": "2", "reason": "等太久了, \"slow\"\nback\\slash\t/"], ["from": "A", "to": "B", "ctrl": "\u{1}"], [:],
        ]
        for details in cases {
            let text = DetailsJSON.encode(details)
            #expect((text == nil) == details.isEmpty)
            #expect(try DetailsJSON.decode(text) == details)
            if let text {
                let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
                #expect(parsed == details, "\(text) is JSON that any reader understands")
            }
        }
        #expect(DetailsJSON.encode(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#, "keys sorted")
        #expect(try DetailsJSON.decode(#"{"a": "1", "b":"x\/y"}"#) == ["a": "1", "b": "x/y"], "rows written by other JSON writers still read")
        for malformed in ["not json", "", #"{"wait": 420}"#, #"["a"]"#, #"{"a":"1""#] {
            #expect(throws: DetailsJSON.Malformed.self, "\(malformed) is no details, not empty ones") { try DetailsJSON.decode(malformed) }
        }
    }
}
