/// The standard's penalty score for a masked symbol (lower reads more reliably): four rules, added up.
enum Penalty {
    /// Rule 1: each run of five or more same-coloured modules in a row or column scores 3, plus 1 per module beyond five.
    static func sameColourRuns(_ grid: ModuleGrid) -> Int {
        lines(of: grid).reduce(0) { total, line in
            var score = 0
            var run = 1
            for i in 1...line.count {
                if i < line.count && line[i] == line[i - 1] {
                    run += 1
                } else {
                    if run >= 5 { score += 3 + run - 5 }
                    run = 1
                }
            }
            return total + score
        }
    }

    /// Rule 2: each 2 × 2 block of one colour scores 3 (blocks may overlap).
    static func sameColourBlocks(_ grid: ModuleGrid) -> Int {
        var score = 0
        for y in 0..<(grid.size - 1) {
            for x in 0..<(grid.size - 1) {
                let colour = grid[x, y]
                if grid[x + 1, y] == colour && grid[x, y + 1] == colour && grid[x + 1, y + 1] == colour { score += 3 }
            }
        }
        return score
    }

    /// Rule 3: each finder-like 1:1:3:1:1 dark run with four light modules on either side, in a row or column, scores 40.
    /// The area outside the symbol counts as light (it is the quiet zone).
    static func finderLikePatterns(_ grid: ModuleGrid) -> Int {
        let core: [Bool] = [true, false, true, true, true, false, true]
        let light = [Bool](repeating: false, count: 4)
        let patterns = [light + core, core + light]
        return lines(of: grid).reduce(0) { total, line in
            let padded = light + line + light
            var count = 0
            for start in 0...(padded.count - 11) {
                let window = padded[start..<start + 11]
                count += patterns.filter { $0.elementsEqual(window) }.count
            }
            return total + count * 40
        }
    }

    /// Rule 4: 10 points for every full 5 % step the dark share strays from 50 %.
    static func darkBalance(_ grid: ModuleGrid) -> Int {
        let total = grid.size * grid.size
        let dark = grid.modules.filter { $0 }.count
        return abs(dark * 20 - total * 10) / total * 10
    }

    /// The sum of all four rules.
    static func score(_ grid: ModuleGrid) -> Int {
        sameColourRuns(grid) + sameColourBlocks(grid) + finderLikePatterns(grid) + darkBalance(grid)
    }

    /// Every row, then every column, as arrays of dark flags.
    private static func lines(of grid: ModuleGrid) -> [[Bool]] {
        let range = 0..<grid.size
        return range.map { y in range.map { x in grid[x, y] } } + range.map { x in range.map { y in grid[x, y] } }
    }
}
