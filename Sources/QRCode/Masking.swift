/// The eight data mask patterns; a module at column x, row y is inverted where its pattern holds.
enum Masking {
    /// Mask pattern references 0–7.
    static let patterns = 0..<8

    /// Whether `pattern` inverts the module at column `x`, row `y`.
    static func inverts(_ pattern: Int, x: Int, y: Int) -> Bool {
        switch pattern {
        case 0: (y + x) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (y + x) % 3 == 0
        case 4: (y / 2 + x / 3) % 2 == 0
        case 5: (y * x) % 2 + (y * x) % 3 == 0
        case 6: ((y * x) % 2 + (y * x) % 3) % 2 == 0
        case 7: ((y + x) % 2 + (y * x) % 3) % 2 == 0
        default: preconditionFailure("mask pattern \(pattern) is not within 0...7")
        }
    }

    /// `grid` (codewords placed, unmasked) with `pattern` applied and the matching format information written.
    static func apply(_ pattern: Int, to grid: ModuleGrid, correction: QRCode.Correction) -> ModuleGrid {
        var masked = grid
        masked.invert { x, y in inverts(pattern, x: x, y: y) }
        masked.drawFormat(FormatInformation.bits(correction: correction, mask: pattern))
        return masked
    }

    /// The masked grid with the lowest penalty score; the lowest pattern number wins a tie.
    static func best(for grid: ModuleGrid, correction: QRCode.Correction) -> (pattern: Int, grid: ModuleGrid) {
        var best: (pattern: Int, grid: ModuleGrid, score: Int)?
        for pattern in patterns {
            let candidate = apply(pattern, to: grid, correction: correction)
            let score = Penalty.score(candidate)
            if best == nil || score < best!.score { best = (pattern, candidate, score) }
        }
        return (best!.pattern, best!.grid)
    }
}
