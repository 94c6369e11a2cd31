/// The codeword stream of a symbol: one byte-mode segment, padding, then error correction with blocks interleaved.
enum Codewords {
    /// Byte-mode indicator (0100).
    static let byteMode = 0b0100
    /// The two pad codewords the standard alternates to fill unused data capacity.
    static let padCodewords: [UInt8] = [0xEC, 0x11]

    /// The data codewords for `bytes`: mode, count, the bytes, up to four terminator zeros, zero bits to a byte, then pad codewords.
    static func data(for bytes: [UInt8], version: Int, correction: QRCode.Correction) -> [UInt8] {
        let capacityBits = VersionTable.dataCodewords(version, correction) * 8
        var buffer = BitBuffer()
        buffer.append(byteMode, width: 4)
        buffer.append(bytes.count, width: VersionTable.characterCountBits(version))
        for byte in bytes { buffer.append(Int(byte), width: 8) }
        precondition(buffer.count <= capacityBits, "\(bytes.count) bytes do not fit version \(version)-\(correction)")
        buffer.append(0, width: min(4, capacityBits - buffer.count))
        buffer.append(0, width: (8 - buffer.count % 8) % 8)
        var codewords = buffer.bytes
        let unpadded = codewords.count
        while codewords.count * 8 < capacityBits { codewords.append(padCodewords[(codewords.count - unpadded) % 2]) }
        return codewords
    }

    /// All codewords in placement order: `data` split into blocks, each block's error correction appended, both interleaved.
    static func interleaved(data: [UInt8], version: Int, correction: QRCode.Correction) -> [UInt8] {
        let layout = VersionTable.blocks(version, correction)
        let total = VersionTable.totalCodewords(version)
        precondition(data.count == VersionTable.dataCodewords(version, correction), "wrong number of data codewords")
        // Short blocks come first; the remaining (long) blocks hold one more data codeword each.
        let longBlocks = total % layout.count
        let shortDataLength = total / layout.count - layout.errorCorrectionPerBlock
        let generator = ReedSolomon.generator(degree: layout.errorCorrectionPerBlock)
        var dataBlocks: [ArraySlice<UInt8>] = []
        var start = 0
        for index in 0..<layout.count {
            let length = shortDataLength + (index >= layout.count - longBlocks ? 1 : 0)
            dataBlocks.append(data[start..<start + length])
            start += length
        }
        let correctionBlocks = dataBlocks.map { ReedSolomon.errorCorrection(for: Array($0), generator: generator) }
        var result: [UInt8] = []
        result.reserveCapacity(total)
        for column in 0...shortDataLength {
            for block in dataBlocks where column < block.count { result.append(block[block.startIndex + column]) }
        }
        for column in 0..<layout.errorCorrectionPerBlock {
            for block in correctionBlocks { result.append(block[column]) }
        }
        return result
    }
}
