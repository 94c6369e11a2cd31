import Foundation
import Testing

@testable import BureauStore

/// A journal row's details as shipped: a flat JSON object PostgreSQL's jsonb accepts, whatever text the hall wrote.
@Suite struct StoredJSONTests {
    @Test func detailsAreSortedEscapedAndFreeOfNUL() throws {
        #expect(StoredJSON.object([:]) == "{}")
        #expect(StoredJSON.object(["window": "5", "by": "manager"]) == #"{"by":"manager","window":"5"}"#)
        let shipped = StoredJSON.object(["reason": "a\0b \"q\"\n"])
        #expect(shipped == "{\"reason\":\"a\u{FFFD}b \\\"q\\\"\\n\"}", "U+0000 becomes U+FFFD; the rest escaped as JSON")
        let back = try JSONSerialization.jsonObject(with: Data(shipped.utf8)) as? [String: String]
        #expect(back == ["reason": "a\u{FFFD}b \"q\"\n"])
    }
}
