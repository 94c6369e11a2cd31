import Testing

@testable import QRCode

@Suite struct CodewordsTests {
    @Test func byteModeDataCodewordsForAB() {
        // 0100 | 00000010 | 01000001 | 01000010 | 0000 terminator, then pad codewords EC 11 … to 16 codewords (1-M).
        let expected: [UInt8] = [0x40, 0x24, 0x14, 0x20] + (0..<12).map { $0.isMultiple(of: 2) ? 0xEC : 0x11 }
        #expect(Codewords.data(for: Array("AB".utf8), version: 1, correction: .medium) == expected)
    }

    @Test func versionTenAndUpCountWithSixteenBits() {
        let codewords = Codewords.data(for: [0xFF], version: 10, correction: .high)
        // 0100 | 0000000000000001 | 11111111 | 0000
        #expect(Array(codewords.prefix(4)) == [0x40, 0x00, 0x1F, 0xF0])
        #expect(codewords.count == VersionTable.dataCodewords(10, .high))
    }

    @Test func terminatorIsShortenedWhenCapacityRunsOut() {
        // 14 bytes fill 1-M exactly except 4 bits: the terminator takes them and no pad codeword follows.
        let bytes = [UInt8](repeating: 0xAA, count: 14)
        let codewords = Codewords.data(for: bytes, version: 1, correction: .medium)
        #expect(codewords.count == 16)
        #expect(codewords.last == 0xA0)
    }

    @Test func singleBlockInterleavingAppendsTheErrorCorrection() {
        let data = Codewords.data(for: Array("AB".utf8), version: 1, correction: .medium)
        let all = Codewords.interleaved(data: data, version: 1, correction: .medium)
        #expect(all == data + ReedSolomon.errorCorrection(for: data, count: 10))
    }

    @Test func blocksOfUnequalLengthInterleaveColumnByColumn() {
        // Version 5-Q: 2 blocks of 15 and 2 of 16 data codewords, 18 ECC codewords each, 134 in all.
        let data = (0..<62).map { UInt8($0) }
        let all = Codewords.interleaved(data: data, version: 5, correction: .quartile)
        #expect(all.count == 134)
        let blocks = [Array(data[0..<15]), Array(data[15..<30]), Array(data[30..<46]), Array(data[46..<62])]
        #expect(Array(all.prefix(8)) == [0, 15, 30, 46, 1, 16, 31, 47])
        // After column 14 only the two long blocks have a 16th codeword.
        #expect(Array(all[56..<62]) == [14, 29, 44, 60, 45, 61])
        let eccs = blocks.map { ReedSolomon.errorCorrection(for: $0, count: 18) }
        #expect(Array(all[62..<66]) == eccs.map { $0[0] })
        #expect(Array(all.suffix(4)) == eccs.map { $0[17] })
    }
}
