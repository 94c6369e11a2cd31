import Foundation
import Testing

@testable import BureauStore

/// The bureau decodes each hall's stored status once per change of its text, never a stale one.
@Suite struct DecodedRowsTests {
    static func status(waiting: Int) -> String {
        let line = HallStatus.Line(service: "A", waiting: waiting, longestWaitSeconds: 60, estimatedWaitSeconds: nil)
        let status = HallStatus(
            hallTime: Date(timeIntervalSince1970: 1_800_000_000), hallSeq: 7, lines: [line], windows: [], openAlerts: 0,
            acknowledgedAlerts: 0)
        return try! StoredJSON.encode(status)
    }

    @Test func aChangedTextIsDecodedAfreshAndAnUnchangedOneIsKept() throws {
        let rows = DecodedRows<HallStatus>()
        #expect(try rows.value("h1", Self.status(waiting: 3)).lines.first?.waiting == 3)
        #expect(try rows.value("h1", Self.status(waiting: 3)).lines.first?.waiting == 3)
        #expect(try rows.value("h1", Self.status(waiting: 9)).lines.first?.waiting == 9, "a new report is read, not the kept one")
        #expect(try rows.value("h2", Self.status(waiting: 1)).lines.first?.waiting == 1, "each hall has its own")
        #expect(throws: (any Error).self, "a broken text still throws") { try rows.value("h1", "{not json") }
        rows.keep(only: ["h2"])
        #expect(try rows.value("h2", Self.status(waiting: 1)).lines.first?.waiting == 1)
    }
}
