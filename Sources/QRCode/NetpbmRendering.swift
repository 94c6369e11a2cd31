extension QRCode {
    /// Plain (ASCII) PBM, `P1`: 1 is black; each module becomes `scale` × `scale` pixels, with a light quiet zone of `quietZone` modules.
    public func pbm(scale: Int = 1, quietZone: Int = 4) -> [UInt8] {
        let side = pixelSide(scale: scale, quietZone: quietZone)
        return netpbm(header: "P1\n\(side) \(side)\n", scale: scale, quietZone: quietZone, dark: "1", light: "0", separator: "")
    }

    /// Plain (ASCII) PGM, `P2`, maximum value 255: 0 is black, 255 white; same layout as `pbm`.
    public func pgm(scale: Int = 1, quietZone: Int = 4) -> [UInt8] {
        let side = pixelSide(scale: scale, quietZone: quietZone)
        return netpbm(header: "P2\n\(side) \(side)\n255\n", scale: scale, quietZone: quietZone, dark: "0", light: "255", separator: " ")
    }

    private func pixelSide(scale: Int, quietZone: Int) -> Int {
        precondition(scale > 0 && quietZone >= 0, "scale must be positive and the quiet zone not negative")
        return (size + 2 * quietZone) * scale
    }

    /// Header, then one sample per pixel row by row; lines are wrapped before 70 characters as the format asks.
    private func netpbm(header: String, scale: Int, quietZone: Int, dark: String, light: String, separator: String) -> [UInt8] {
        let side = pixelSide(scale: scale, quietZone: quietZone)
        var output = Array(header.utf8)
        let darkBytes = Array(dark.utf8)
        let lightBytes = Array(light.utf8)
        let separatorBytes = Array(separator.utf8)
        for py in 0..<side {
            var lineLength = 0
            for px in 0..<side {
                let sample = self[px / scale - quietZone, py / scale - quietZone] ? darkBytes : lightBytes
                if lineLength > 0 && lineLength + separatorBytes.count + sample.count > 69 {
                    output.append(0x0A)
                    lineLength = 0
                } else if lineLength > 0 {
                    output += separatorBytes
                    lineLength += separatorBytes.count
                }
                output += sample
                lineLength += sample.count
            }
            output.append(0x0A)
        }
        return output
    }
}
