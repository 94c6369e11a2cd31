import Testing

@testable import QRCode

/// Format and version words, alignment positions and module counts against the standard's tables.
@Suite struct StructureTests {
    @Test func formatWordsForMaskZeroMatchTheStandardsTable() {
        #expect(FormatInformation.bits(correction: .low, mask: 0) == 0b111011111000100)
        #expect(FormatInformation.bits(correction: .medium, mask: 0) == 0b101010000010010)
        #expect(FormatInformation.bits(correction: .quartile, mask: 0) == 0b011010101011111)
        #expect(FormatInformation.bits(correction: .high, mask: 0) == 0b001011010001001)
        // Annex C's worked example: level M, mask 5.
        #expect(FormatInformation.bits(correction: .medium, mask: 5) == 0b100000011001110)
        #expect(FormatInformation.bits(correction: .low, mask: 4) == 0b110011000101111)
    }

    @Test func allThirtyTwoFormatWordsDifferInAtLeastSevenBits() {
        let words = QRCode.Correction.allCases.flatMap { level in (0..<8).map { FormatInformation.bits(correction: level, mask: $0) } }
        #expect(Set(words).count == 32)
        for (i, a) in words.enumerated() {
            for b in words[(i + 1)...] { #expect((a ^ b).nonzeroBitCount >= 7) }
        }
    }

    @Test func versionWordsMatchTheStandardsTable() {
        #expect(FormatInformation.versionBits(7) == 0x07C94)
        #expect(FormatInformation.versionBits(8) == 0x085BC)
        #expect(FormatInformation.versionBits(10) == 0x0A4D3)
        #expect(FormatInformation.versionBits(40) == 0x28C69)
    }

    @Test func alignmentCentresMatchAnnexE() {
        let table: [[Int]] = [
            [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
            [6, 30, 54], [6, 32, 58], [6, 34, 62], [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78],
            [6, 30, 56, 82], [6, 30, 58, 86], [6, 34, 62, 90], [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102],
            [6, 28, 54, 80, 106], [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118], [6, 26, 50, 74, 98, 122],
            [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130], [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138],
            [6, 30, 58, 86, 114, 142], [6, 34, 62, 90, 118, 146], [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154],
            [6, 28, 54, 80, 106, 132, 158], [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
        ]
        for version in 1...40 { #expect(VersionTable.alignmentCentres(version) == table[version - 1], "version \(version)") }
    }

    @Test(arguments: 1...40)
    func dataModuleCountEqualsTheGridsFreeModules(_ version: Int) {
        let grid = ModuleGrid(version: version)
        #expect(grid.isFunction.filter { !$0 }.count == VersionTable.dataModules(version))
    }

    @Test func totalAndDataCodewordsMatchTheStandard() {
        #expect(VersionTable.totalCodewords(1) == 26)
        #expect(VersionTable.totalCodewords(7) == 196)
        #expect(VersionTable.totalCodewords(40) == 3706)
        let levelL = [19, 34, 55, 80, 108, 136, 156, 194, 232, 274]
        for (index, count) in levelL.enumerated() { #expect(VersionTable.dataCodewords(index + 1, .low) == count) }
        #expect(VersionTable.dataCodewords(40, .low) == 2956)
        #expect(VersionTable.dataCodewords(40, .high) == 1276)
    }

    @Test func functionPatternsSitWhereTheStandardPutsThem() throws {
        let code = try QRCode(encoding: "finder", versions: 7...7)
        let last = code.size - 1
        for (x, y) in [(0, 0), (6, 0), (0, 6), (6, 6), (2, 2), (4, 4), (last, 0), (last - 6, 6), (0, last), (6, last - 6)] {
            #expect(code[x, y], "finder module (\(x), \(y)) should be dark")
        }
        for (x, y) in [(1, 1), (5, 5), (7, 0), (0, 7), (last - 7, 0), (7, last), (1, 3)] {
            #expect(!code[x, y], "finder ring or separator (\(x), \(y)) should be light")
        }
        for i in 8..<(code.size - 8) {
            #expect(code[i, 6] == i.isMultiple(of: 2))
            #expect(code[6, i] == i.isMultiple(of: 2))
        }
        #expect(code[8, code.size - 8], "the dark module")
        #expect(code[22, 22] && !code[21, 22] && code[20, 22], "alignment pattern centred on (22, 22)")
        // Version 7's word is 000111 110010 010100; bit 0 sits at (size − 11, 0) and, transposed, at (0, size − 11).
        let word = FormatInformation.versionBits(7)
        for i in 0..<18 {
            #expect(code[code.size - 11 + i % 3, i / 3] == ((word >> i) & 1 == 1))
            #expect(code[i / 3, code.size - 11 + i % 3] == ((word >> i) & 1 == 1))
        }
    }

    @Test func formatWordIsWrittenTwiceForTheChosenLevelAndMask() throws {
        let code = try QRCode(encoding: "format", correction: .quartile, mask: 3)
        let word = FormatInformation.bits(correction: .quartile, mask: 3)
        let firstCopy: [(Int, Int)] = (0...5).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)] + (9..<15).map { (14 - $0, 8) }
        let secondCopy: [(Int, Int)] = (0..<8).map { (code.size - 1 - $0, 8) } + (8..<15).map { (8, code.size - 15 + $0) }
        for copy in [firstCopy, secondCopy] {
            let read = copy.enumerated().reduce(0) { word, entry in word | (code[entry.element.0, entry.element.1] ? 1 << entry.offset : 0) }
            #expect(read == word)
        }
    }
}
