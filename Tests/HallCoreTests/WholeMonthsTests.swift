import HallCore
import Testing

/// The whole months inside a range of days, which month rollups answer (the days at either end come from day rows).
@Suite struct WholeMonthsTests {
    @Test(arguments: [
        ("2026-01-01", "2026-12-31", "2026-01-01", "2027-01-01"),
        ("2025-11-28", "2026-11-27", "2025-12-01", "2026-11-01"),
        ("2026-02-01", "2026-02-28", "2026-02-01", "2026-03-01"),
        ("2024-02-01", "2024-02-28", "2024-02-01", "2024-02-01"),  // leap year: the 29th is missing, so no whole month
        ("2024-02-01", "2024-02-29", "2024-02-01", "2024-03-01"),
        ("2026-02-10", "2026-02-20", "2026-03-01", "2026-02-01"),  // inside one month: none
        ("2025-12-15", "2026-01-31", "2026-01-01", "2026-02-01"),
        ("2025-12-31", "2026-01-01", "2026-01-01", "2026-01-01"),
    ])
    func wholeMonths(from: String, to: String, first: String, after: String) throws {
        let whole = try #require(HallDays.wholeMonths(from: from, to: to))
        #expect(whole.first == first && whole.after == after, "\(from)…\(to): \(whole)")
    }

    @Test func daysThatAreNotDatesHaveNone() {
        #expect(HallDays.wholeMonths(from: "2026-02-30", to: "2026-03-31") == nil)
        #expect(HallDays.wholeMonths(from: "2026-01-01", to: "soon") == nil)
    }
}
