import Testing

@testable import QRCode

/// Symbols made here, read back by an independent decoder (zbarimg): the end-to-end proof of every stage.
@Suite struct RoundTripTests {
    static let ticketURL = "http://hall.example:8080/t/3f9c2a7be41d09c8a5f06b2e7d31c4a98e0f5b6c2d7a1e3f4b5c6d7e8f9a0b1c2d3e4f5061728394a5b6c7d8e9f00"

    @Test func zbarimgIsInstalled() {
        #expect(ZBar.executable != nil, "zbarimg not found on PATH: install the Debian package zbar-tools (make deps)")
    }

    @Test(arguments: [
        "A",
        "HELLO WORLD",
        "hello, hall",
        ticketURL,
        "取号成功：A012，请到3号窗口办理。北京市税务局服务大厅",
        "Ticket A012 — window 3 · ¥0",
    ])
    func textReadsBackAtDefaultLevel(_ text: String) throws {
        let code = try QRCode(encoding: text)
        #expect(code.correction == .medium)
        #expect(String(decoding: try ZBar.decode(code), as: UTF8.self) == text)
    }

    @Test(arguments: [(100, 6), (120, 7)])
    func ticketURLsTakeTheSmallestVersionAtM(_ length: Int, _ version: Int) throws {
        let url = String(Self.ticketURL.prefix(length))
        #expect(url.utf8.count == length)
        let code = try QRCode(encoding: url)
        #expect(code.version == version)
        #expect(String(decoding: try ZBar.decode(code), as: UTF8.self) == url)
    }

    @Test(arguments: QRCode.Correction.allCases)
    func everyCorrectionLevelReadsBack(_ correction: QRCode.Correction) throws {
        for text in ["HallQ", Self.ticketURL, "税务大厅 第A012号"] {
            let code = try QRCode(encoding: text, correction: correction)
            #expect(code.correction == correction)
            #expect(String(decoding: try ZBar.decode(code), as: UTF8.self) == text, "level \(correction), version \(code.version)")
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 20, 27, 32, 40])
    func everyVersionSizeReadsBack(_ version: Int) throws {
        // Fill most of the version so the data spans every block, including the long ones.
        let correction: QRCode.Correction = version.isMultiple(of: 2) ? .quartile : .medium
        let length = QRCode.byteCapacity(version: version, correction: correction) - 1
        let bytes = (0..<length).map { UInt8(ascii: "a") + UInt8($0 * 7 % 26) }
        let code = try QRCode(encoding: bytes, correction: correction, versions: version...40)
        #expect(code.version == version)
        #expect(code.size == 17 + 4 * version)
        #expect(try ZBar.decode(code, scale: 2) == bytes, "version \(version)-\(correction)")
    }

    @Test(arguments: 0..<8)
    func everyMaskPatternReadsBack(_ mask: Int) throws {
        for versions in [1...40, 7...40] {
            let code = try QRCode(encoding: "mask test \(mask)", correction: .quartile, versions: versions, mask: mask)
            #expect(code.mask == mask)
            #expect(String(decoding: try ZBar.decode(code), as: UTF8.self) == "mask test \(mask)", "version \(code.version)")
        }
    }

    @Test func plainPBMReadsBackToo() throws {
        let code = try QRCode(encoding: Self.ticketURL, correction: .quartile)
        #expect(String(decoding: try ZBar.decode(code, scale: 4, asPBM: true), as: UTF8.self) == Self.ticketURL)
    }

    @Test func binaryBytesReadBack() throws {
        // Printable ASCII without newline so zbar's text output stays unambiguous.
        let bytes = Array(UInt8(0x20)...UInt8(0x7E))
        let code = try QRCode(encoding: bytes, correction: .low)
        #expect(try ZBar.decode(code) == bytes)
    }
}
