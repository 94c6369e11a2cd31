import HallCore
import Testing

/// What the hall says, and which recorded clips say it.
@Suite struct AnnouncementTests {
    static let words: [String] = ["A", "B", "please", "number-to", "window", "100", "number", "please-go-to-window", "hundred"]
    static let numbers: [String] = (0...19).map { String($0) } + stride(from: 20, through: 90, by: 10).map { String($0) }
    static let all = Set(words + numbers)

    @Test func aCallIsSaidNumberByDigitAndWindowAsANumber() {
        let call = Announcement.call(number: "A023", window: 12)
        #expect(call.clips(.zh, available: Self.all) == ["please", "A", "0", "2", "3", "number-to", "10", "2", "window"])
        #expect(call.clips(.en, available: Self.all) == ["number", "A", "0", "2", "3", "please-go-to-window", "12"])
        #expect(Announcement.call(number: "B105", window: 105).clips(.zh, available: Self.all)?.suffix(5) == ["1", "100", "0", "5", "window"])
        #expect(Announcement.call(number: "B1", window: 110).clips(.zh, available: Self.all)?.suffix(5) == ["1", "100", "1", "10", "window"])
        #expect(Announcement.call(number: "B1", window: 20).clips(.zh, available: Self.all)?.suffix(3) == ["2", "10", "window"])
        #expect(Announcement.call(number: "B1", window: 47).clips(.en, available: Self.all)?.suffix(2) == ["40", "7"])
        #expect(Announcement.call(number: "B1", window: 230).clips(.en, available: Self.all)?.suffix(3) == ["2", "hundred", "30"])
    }

    @Test func withoutTheTensAWindowIsReadDigitByDigitAndAMissingClipMeansNoClips() {
        let digitsOnly = Self.all.subtracting(["10", "12"])
        #expect(Announcement.call(number: "A1", window: 12).clips(.zh, available: digitsOnly)?.suffix(3) == ["1", "2", "window"])
        #expect(Announcement.call(number: "A1", window: 12).clips(.en, available: digitsOnly)?.suffix(2) == ["1", "2"])
        #expect(Announcement.call(number: "C1", window: 1).clips(.zh, available: Self.all) == nil, "no clip for C")
    }

    @Test func theSynthesiserSpellsTheNumberAndIsGivenNoMarkupFromText() {
        let call = Announcement.call(number: "A023", window: 5)
        #expect(call.ssml(.zh) == "<speak>请 <say-as interpret-as=\"characters\">A023</say-as> 号，到 5 号窗口办理</speak>")
        #expect(call.ssml(.en) == "<speak>Number <say-as interpret-as=\"characters\">A023</say-as> , please go to window 5</speak>")
        #expect(Announcement(zh: [.words(key: "x", text: "<a & b>")], en: []).ssml(.zh) == "<speak>&lt;a &amp; b&gt;</speak>")
    }
}
