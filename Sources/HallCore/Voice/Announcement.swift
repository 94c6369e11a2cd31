/// A sentence the hall says aloud, in Chinese then English, as pieces that recorded clips or a speech synthesiser
/// can say: "请 A023 号到 5 号窗口办理 / Number A023, please go to window 5".
///
/// Only the hall's own sentences exist: a call, a green-channel ticket just taken, and the kiosk's fixed prompts, so
/// nothing a client sends is ever spoken.
public struct Announcement: Sendable, Hashable {
    /// The two languages of every announcement, in the order they are said.
    public enum Language: String, Sendable, Hashable, CaseIterable {
        case zh, en
    }

    /// One part of a sentence.
    public enum Piece: Sendable, Hashable {
        /// Fixed words: the clip that says them (`key`) and their text for a synthesiser.
        case words(key: String, text: String)
        /// Letters and digits said one by one (a ticket number): "A 0 2 3", "A 零 二 三".
        case spelled(String)
        /// A whole number said as a number (a window): "twelve", "十二".
        case count(Int)
    }

    public var zh: [Piece]
    public var en: [Piece]

    public init(zh: [Piece], en: [Piece]) {
        self.zh = zh
        self.en = en
    }

    /// The pieces in `language`.
    public func pieces(_ language: Language) -> [Piece] { language == .zh ? zh : en }

    /// "请 A023 号到 5 号窗口办理 / Number A023, please go to window 5".
    public static func call(number: String, window: Int) -> Announcement {
        Announcement(
            zh: [
                .words(key: "please", text: "请"), .spelled(number), .words(key: "number-to", text: "号，到"), .count(window),
                .words(key: "window", text: "号窗口办理"),
            ],
            en: [
                .words(key: "number", text: "Number"), .spelled(number), .words(key: "please-go-to-window", text: ", please go to window"),
                .count(window),
            ])
    }

    /// What the kiosk says once a green-channel ticket is issued: "您的号码是 B005，请留意语音叫号 / Your number is B005 …".
    public static func ticketTaken(number: String) -> Announcement {
        Announcement(
            zh: [.words(key: "your-number-is", text: "取号成功，您的号码是"), .spelled(number), .words(key: "listen", text: "。请留意语音叫号。")],
            en: [
                .words(key: "your-number-is", text: "Your number is"), .spelled(number),
                .words(key: "listen", text: ". Please listen for your number."),
            ])
    }

    /// A fixed prompt of the kiosk's green-channel flow.
    public static func prompt(_ prompt: KioskPrompt) -> Announcement {
        switch prompt {
        case .greenChannel:
            Announcement(
                zh: [.words(key: "prompt-green-channel", text: "绿色通道已开启。请告诉工作人员您要办理的业务，工作人员将为您确认。")],
                en: [
                    .words(
                        key: "prompt-green-channel", text: "Priority lane on. Tell a member of staff what you need; they will confirm your ticket.")
                ])
        case .staffConfirm:
            Announcement(
                zh: [.words(key: "prompt-staff-confirm", text: "请稍候，工作人员正在为您确认。")],
                en: [.words(key: "prompt-staff-confirm", text: "Please wait while a member of staff confirms your ticket.")])
        }
    }

    /// The recorded clips that say the sentence in `language`, in order, when every one needed is in `available`
    /// (clip names without their folder and `.wav`); nil when one is missing. Numbers are said as numbers when
    /// the clips for tens and hundreds are there ("十", "twenty"), else digit by digit.
    public func clips(_ language: Language, available: Set<String>) -> [String]? {
        var names: [String] = []
        for piece in pieces(language) {
            switch piece {
            case .words(let key, _): names.append(key)
            case .spelled(let text): names += text.map { String($0) }
            case .count(let n):
                let words = language == .zh ? SpokenNumber.chinese(n) : SpokenNumber.english(n)
                names += words.allSatisfy(available.contains) ? words : String(n).map { String($0) }
            }
        }
        return names.allSatisfy(available.contains) ? names : nil
    }

    /// The sentence in `language` as SSML for a synthesiser: spelled pieces as characters, numbers as written.
    public func ssml(_ language: Language) -> String {
        let parts = pieces(language).map { piece -> String in
            switch piece {
            case .words(_, let text): SpokenNumber.escaped(text)
            case .spelled(let text): "<say-as interpret-as=\"characters\">\(SpokenNumber.escaped(text))</say-as>"
            case .count(let n): String(n)
            }
        }
        return "<speak>" + parts.joined(separator: " ") + "</speak>"
    }
}

/// The kiosk's fixed spoken prompts (`GET /api/prompts/{name}`), for taxpayers who cannot read the screen.
public enum KioskPrompt: String, Sendable, Hashable, CaseIterable {
    /// The green-channel switch was turned on.
    case greenChannel = "green-channel"
    /// The staff dialog is open: a member of staff confirms.
    case staffConfirm = "staff-confirm"
}

/// Numbers as the clips that say them.
enum SpokenNumber {
    /// 0…999 in Chinese clip names: 12 → 10 2 ("十二"), 20 → 2 10, 105 → 1 100 0 5, 110 → 1 100 1 10.
    static func chinese(_ n: Int) -> [String] {
        guard n >= 10, n < 1000 else { return String(n).map { String($0) } }
        let (hundreds, tens, ones) = (n / 100, n / 10 % 10, n % 10)
        var words: [String] = []
        if hundreds > 0 { words += [String(hundreds), "100"] }
        if tens > 0 {
            if hundreds > 0 || tens > 1 { words.append(String(tens)) }
            words.append("10")
        } else if hundreds > 0 && ones > 0 {
            words.append("0")
        }
        if ones > 0 { words.append(String(ones)) }
        return words
    }

    /// 0…999 in English clip names: 12 → 12, 25 → 20 5, 105 → 1 hundred 5, 120 → 1 hundred 20.
    static func english(_ n: Int) -> [String] {
        guard n >= 0, n < 1000 else { return String(n).map { String($0) } }
        var words: [String] = []
        if n >= 100 { words += [String(n / 100), "hundred"] }
        let rest = n % 100
        if rest >= 20 {
            words.append(String(rest / 10 * 10))
            if rest % 10 > 0 { words.append(String(rest % 10)) }
        } else if rest > 0 || n == 0 {
            words.append(String(rest))
        }
        return words
    }

    /// Text safe inside SSML.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
