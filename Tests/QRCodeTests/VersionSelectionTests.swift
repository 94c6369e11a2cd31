import Testing

@testable import QRCode

@Suite struct VersionSelectionTests {
    @Test func byteCapacitiesMatchTheStandardForVersionsOneToTen() {
        let table: [QRCode.Correction: [Int]] = [
            .low: [17, 32, 53, 78, 106, 134, 154, 192, 230, 271],
            .medium: [14, 26, 42, 62, 84, 106, 122, 152, 180, 213],
            .quartile: [11, 20, 32, 46, 60, 74, 86, 108, 130, 151],
            .high: [7, 14, 24, 34, 44, 58, 64, 84, 98, 119],
        ]
        for (correction, capacities) in table {
            for (index, capacity) in capacities.enumerated() {
                #expect(QRCode.byteCapacity(version: index + 1, correction: correction) == capacity, "version \(index + 1)-\(correction)")
            }
        }
        #expect(QRCode.byteCapacity(version: 40, correction: .low) == 2953)
        #expect(QRCode.byteCapacity(version: 40, correction: .high) == 1273)
    }

    @Test func theSmallestVersionThatHoldsTheDataIsChosen() throws {
        #expect(try QRCode(encoding: "HELLO WORLD").version == 1)
        #expect(try QRCode(encoding: [UInt8](repeating: 0x41, count: 14)).version == 1)
        #expect(try QRCode(encoding: [UInt8](repeating: 0x41, count: 15)).version == 2)
        #expect(try QRCode(encoding: [UInt8](repeating: 0x41, count: 122)).version == 7)
        #expect(try QRCode(encoding: [UInt8](repeating: 0x41, count: 123)).version == 8)
        #expect(try QRCode(encoding: [UInt8](repeating: 0x41, count: 213)).version == 10)
        #expect(try QRCode(encoding: [UInt8](repeating: 0x41, count: 214)).version == 11)
        #expect(try QRCode(encoding: [UInt8](repeating: 0x41, count: 11), correction: .quartile).version == 1)
        #expect(try QRCode(encoding: [UInt8](repeating: 0x41, count: 12), correction: .quartile).version == 2)
        #expect(try QRCode(encoding: "").version == 1)
    }

    @Test func sizeFollowsTheVersion() throws {
        #expect(try QRCode(encoding: "a").size == 21)
        #expect(try QRCode(encoding: "a", versions: 7...40).size == 45)
        #expect(try QRCode(encoding: "a", versions: 40...40).size == 177)
    }

    @Test func utf8TextCountsBytesNotCharacters() throws {
        // Fourteen Chinese characters are 42 UTF-8 bytes: version 3-M holds exactly 42.
        let text = String(repeating: "税", count: 14)
        #expect(try QRCode(encoding: text).version == 3)
        #expect(try QRCode(encoding: text + "a").version == 4)
    }

    @Test func dataLongerThanTheLargestAllowedVersionThrows() {
        #expect(throws: QRCodeError.dataTooLong(byteCount: 214, capacity: 213, maxVersion: 10, correction: .medium)) {
            try QRCode(encoding: [UInt8](repeating: 0x41, count: 214), versions: 1...10)
        }
        #expect(throws: QRCodeError.dataTooLong(byteCount: 2954, capacity: 2953, maxVersion: 40, correction: .low)) {
            try QRCode(encoding: [UInt8](repeating: 0x41, count: 2954), correction: .low)
        }
        let error = QRCodeError.dataTooLong(byteCount: 214, capacity: 213, maxVersion: 10, correction: .medium)
        #expect(error.description == "QR data too long: 214 bytes, but version 10 at level M holds at most 213")
    }

    @Test func versionsOutsideTheStandardAndUnknownMasksThrow() {
        #expect(throws: QRCodeError.invalidVersions(0...10)) { try QRCode(encoding: "a", versions: 0...10) }
        #expect(throws: QRCodeError.invalidVersions(1...41)) { try QRCode(encoding: "a", versions: 1...41) }
        #expect(throws: QRCodeError.invalidMask(8)) { try QRCode(encoding: "a", mask: 8) }
        #expect(throws: QRCodeError.invalidMask(-1)) { try QRCode(encoding: "a", mask: -1) }
    }
}
