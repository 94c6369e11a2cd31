extension ModuleGrid {
    /// A grid for `version` with finders, separators, timing and alignment patterns drawn, the dark module set,
    /// the format areas reserved (light until a mask is chosen) and, from version 7, the version information drawn.
    init(version: Int) {
        self.init(size: VersionTable.size(version))
        drawTimingPatterns()
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] { drawFinder(centreX: x, centreY: y) }
        drawAlignmentPatterns(VersionTable.alignmentCentres(version))
        drawFormat(FormatInformation.bits(correction: .medium, mask: 0), reserveOnly: true)
        if version >= 7 { drawVersion(FormatInformation.versionBits(version)) }
    }

    /// Alternating dark and light modules along row 6 and column 6, dark at even positions.
    private mutating func drawTimingPatterns() {
        for i in 0..<size {
            setFunction(x: 6, y: i, dark: i % 2 == 0)
            setFunction(x: i, y: 6, dark: i % 2 == 0)
        }
    }

    /// A 7 × 7 finder (dark ring, light ring, dark 3 × 3 core) with its one-module light separator.
    private mutating func drawFinder(centreX: Int, centreY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let ring = max(abs(dx), abs(dy))
                setFunction(x: centreX + dx, y: centreY + dy, dark: ring != 2 && ring != 4)
            }
        }
    }

    /// 5 × 5 alignment patterns at every pair of centres, except the three corners the finders occupy.
    private mutating func drawAlignmentPatterns(_ centres: [Int]) {
        guard let first = centres.first, let last = centres.last else { return }
        for cy in centres {
            for cx in centres {
                if (cx == first && cy == first) || (cx == first && cy == last) || (cx == last && cy == first) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(x: cx + dx, y: cy + dy, dark: max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
    }

    /// Writes the 15 format bits in both copies, plus the always-dark module beside the lower-left finder.
    /// With `reserveOnly` the areas are only marked as function modules and left light.
    mutating func drawFormat(_ bits: Int, reserveOnly: Bool = false) {
        func bit(_ i: Int) -> Bool { !reserveOnly && (bits >> i) & 1 == 1 }
        // First copy, around the upper-left finder: down column 8 (skipping timing row 6), then left along row 8.
        for i in 0...5 { setFunction(x: 8, y: i, dark: bit(i)) }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for i in 9..<15 { setFunction(x: 14 - i, y: 8, dark: bit(i)) }
        // Second copy: bits 0–7 along row 8 under the upper-right finder, bits 8–14 up column 8 beside the lower-left one.
        for i in 0..<8 { setFunction(x: size - 1 - i, y: 8, dark: bit(i)) }
        for i in 8..<15 { setFunction(x: 8, y: size - 15 + i, dark: bit(i)) }
        setFunction(x: 8, y: size - 8, dark: true)
    }

    /// Writes the 18 version bits in the 6 × 3 block above the lower-left finder and its transpose left of the upper-right one.
    private mutating func drawVersion(_ bits: Int) {
        for i in 0..<18 {
            let dark = (bits >> i) & 1 == 1
            let along = i / 3
            let across = size - 11 + i % 3
            setFunction(x: across, y: along, dark: dark)
            setFunction(x: along, y: across, dark: dark)
        }
    }
}
