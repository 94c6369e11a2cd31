/// Per-version facts of the QR standard (ISO/IEC 18004, tables 1, 9 and annex E): sizes, capacities, block layout.
enum VersionTable {
    /// All versions the standard defines.
    static let versions = 1...40

    /// Standard table 9: (error-correction codewords per block, number of blocks) at L, M, Q, H, one row per version from 1.
    private static let blockTable: [[(errorCorrectionPerBlock: Int, count: Int)]] = [
        [(7, 1), (10, 1), (13, 1), (17, 1)],  // 1
        [(10, 1), (16, 1), (22, 1), (28, 1)],  // 2
        [(15, 1), (26, 1), (18, 2), (22, 2)],  // 3
        [(20, 1), (18, 2), (26, 2), (16, 4)],  // 4
        [(26, 1), (24, 2), (18, 4), (22, 4)],  // 5
        [(18, 2), (16, 4), (24, 4), (28, 4)],  // 6
        [(20, 2), (18, 4), (18, 6), (26, 5)],  // 7
        [(24, 2), (22, 4), (22, 6), (26, 6)],  // 8
        [(30, 2), (22, 5), (20, 8), (24, 8)],  // 9
        [(18, 4), (26, 5), (24, 8), (28, 8)],  // 10
        [(20, 4), (30, 5), (28, 8), (24, 11)],  // 11
        [(24, 4), (22, 8), (26, 10), (28, 11)],  // 12
        [(26, 4), (22, 9), (24, 12), (22, 16)],  // 13
        [(30, 4), (24, 9), (20, 16), (24, 16)],  // 14
        [(22, 6), (24, 10), (30, 12), (24, 18)],  // 15
        [(24, 6), (28, 10), (24, 17), (30, 16)],  // 16
        [(28, 6), (28, 11), (28, 16), (28, 19)],  // 17
        [(30, 6), (26, 13), (28, 18), (28, 21)],  // 18
        [(28, 7), (26, 14), (26, 21), (26, 25)],  // 19
        [(28, 8), (26, 16), (30, 20), (28, 25)],  // 20
        [(28, 8), (26, 17), (28, 23), (30, 25)],  // 21
        [(28, 9), (28, 17), (30, 23), (24, 34)],  // 22
        [(30, 9), (28, 18), (30, 25), (30, 30)],  // 23
        [(30, 10), (28, 20), (30, 27), (30, 32)],  // 24
        [(26, 12), (28, 21), (30, 29), (30, 35)],  // 25
        [(28, 12), (28, 23), (28, 34), (30, 37)],  // 26
        [(30, 12), (28, 25), (30, 34), (30, 40)],  // 27
        [(30, 13), (28, 26), (30, 35), (30, 42)],  // 28
        [(30, 14), (28, 28), (30, 38), (30, 45)],  // 29
        [(30, 15), (28, 29), (30, 40), (30, 48)],  // 30
        [(30, 16), (28, 31), (30, 43), (30, 51)],  // 31
        [(30, 17), (28, 33), (30, 45), (30, 54)],  // 32
        [(30, 18), (28, 35), (30, 48), (30, 57)],  // 33
        [(30, 19), (28, 37), (30, 51), (30, 60)],  // 34
        [(30, 19), (28, 38), (30, 53), (30, 63)],  // 35
        [(30, 20), (28, 40), (30, 56), (30, 66)],  // 36
        [(30, 21), (28, 43), (30, 59), (30, 70)],  // 37
        [(30, 22), (28, 45), (30, 62), (30, 74)],  // 38
        [(30, 24), (28, 47), (30, 65), (30, 77)],  // 39
        [(30, 25), (28, 49), (30, 68), (30, 81)],  // 40
    ]

    /// Modules per side.
    static func size(_ version: Int) -> Int { 17 + 4 * version }

    /// Centres of the alignment patterns along each axis: 6, then evenly spaced (even steps) up to size − 7.
    static func alignmentCentres(_ version: Int) -> [Int] {
        if version == 1 { return [] }
        let count = version / 7 + 2
        let last = size(version) - 7
        let spread = last - 6
        // The step is the spread divided over the gaps, rounded up to an even number; version 32 is the standard's exception.
        let rounded = (spread + count - 2) / (count - 1)
        let step = version == 32 ? 26 : rounded + rounded % 2
        return [6] + (0..<(count - 1)).map { last - (count - 2 - $0) * step }
    }

    /// Modules left for codewords once every function pattern, format and version area is taken.
    static func dataModules(_ version: Int) -> Int {
        let side = size(version)
        var modules = side * side - 3 * 64 - 2 * (side - 16) - 31
        let centres = alignmentCentres(version).count
        if centres > 0 {
            // Alignment patterns, minus the three under finders; those on the timing lines already lost 5 modules each there.
            modules -= (centres * centres - 3) * 25 - (centres - 2) * 2 * 5
        }
        if version >= 7 { modules -= 36 }
        return modules
    }

    /// All codewords the symbol carries, data and error correction.
    static func totalCodewords(_ version: Int) -> Int { dataModules(version) / 8 }

    /// How the codewords split into blocks at this version and level.
    static func blocks(_ version: Int, _ correction: QRCode.Correction) -> (count: Int, errorCorrectionPerBlock: Int) {
        let entry = blockTable[version - 1][correction.tableIndex]
        return (entry.count, entry.errorCorrectionPerBlock)
    }

    /// Data codewords (before error correction) at this version and level.
    static func dataCodewords(_ version: Int, _ correction: QRCode.Correction) -> Int {
        let layout = blocks(version, correction)
        return totalCodewords(version) - layout.count * layout.errorCorrectionPerBlock
    }

    /// Width of the byte-mode character count: 8 bits up to version 9, 16 bits after.
    static func characterCountBits(_ version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// The most bytes one byte-mode segment can carry at this version and level.
    static func byteCapacity(_ version: Int, _ correction: QRCode.Correction) -> Int {
        (dataCodewords(version, correction) * 8 - 4 - characterCountBits(version)) / 8
    }
}
