import HallCore
import Testing

@Suite struct StaffTextTests {
    @Test func fitsCountsCodePointsAndRefusesControlCharacters() {
        #expect(StaffText.fits(String(repeating: "茶", count: 5), max: 5))
        #expect(!StaffText.fits(String(repeating: "茶", count: 6), max: 5))
        #expect(StaffText.fits("🎫", max: 1), "one code point")
        #expect(!StaffText.fits("a\tb", max: 10) && !StaffText.fits("a\nb", max: 10) && !StaffText.fits("\u{85}", max: 10))
        #expect(StaffText.fits("", max: 10), "blankness is the caller's rule")
    }
}
