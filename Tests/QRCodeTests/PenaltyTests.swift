import Testing

@testable import QRCode

@Suite struct PenaltyTests {
    @Test func allLightFiveByFiveScoresEveryRuleButTheFinderOne() {
        let grid = ModuleGrid(size: 5)
        #expect(Penalty.sameColourRuns(grid) == 10 * 3)
        #expect(Penalty.sameColourBlocks(grid) == 16 * 3)
        #expect(Penalty.finderLikePatterns(grid) == 0)
        #expect(Penalty.darkBalance(grid) == 100)
        #expect(Penalty.score(grid) == 178)
    }

    @Test func longerRunsScoreOneMorePerModule() {
        var grid = ModuleGrid(size: 7)
        for x in 0..<7 { grid[x, 0] = true }
        for y in 1..<7 { grid[y % 2, y] = true }
        // Row 0: a dark run of 7 scores 5. Rows 2, 4, 6 end in a light run of 6 (4 each); rows 1, 3, 5 in one of 5 (3 each).
        // Columns 0 and 1 alternate (no runs); columns 2…6 are one dark then six light: 4 each.
        #expect(Penalty.sameColourRuns(grid) == 5 + 3 * 4 + 3 * 3 + 5 * 4)
    }

    @Test func finderLikeRunCountsOncePerLightSide() {
        var grid = ModuleGrid(size: 7)
        for (x, dark) in [true, false, true, true, true, false, true].enumerated() { grid[x, 3] = dark }
        // Light beyond the edge counts, so row 3 matches both 0000 1011101 and 1011101 0000.
        #expect(Penalty.finderLikePatterns(grid) == 80)
    }

    @Test func darkBalanceCountsWholeFivePercentSteps() {
        var grid = ModuleGrid(size: 10)
        for i in 0..<54 { grid[i % 10, i / 10] = true }
        #expect(Penalty.darkBalance(grid) == 0)
        for i in 54..<55 { grid[i % 10, i / 10] = true }
        #expect(Penalty.darkBalance(grid) == 10)
        for i in 55..<100 { grid[i % 10, i / 10] = true }
        #expect(Penalty.darkBalance(grid) == 100)
    }

    @Test(arguments: ["HELLO WORLD", RoundTripTests.ticketURL, "取号 A012"])
    func theChosenMaskHasTheLowestPenalty(_ text: String) throws {
        let code = try QRCode(encoding: text)
        let scores = try (0..<8).map { mask in
            let forced = try QRCode(encoding: text, mask: mask)
            var grid = ModuleGrid(size: forced.size)
            for y in 0..<forced.size { for x in 0..<forced.size { grid[x, y] = forced[x, y] } }
            return Penalty.score(grid)
        }
        #expect(scores[code.mask] == scores.min())
        #expect(scores.firstIndex(of: scores.min()!) == code.mask)
        #expect(try code == QRCode(encoding: text, mask: code.mask))
    }
}
