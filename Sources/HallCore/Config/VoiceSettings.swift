/// How the hall's boards announce calls (`[voice]` in the configuration file).
public struct VoiceSettings: Sendable, Hashable, Codable {
    /// What a board speaks with unless its address says otherwise (`?voice=`).
    public enum Speaker: String, Sendable, Hashable, Codable, CaseIterable {
        /// Audio the daemon renders (recorded clips, else espeak-ng); the browser's voice, then the chime, when it has none.
        case daemon
        /// The browser's own speech voices, the chime alone when none is installed.
        case browser
        /// The chime only.
        case chime
    }

    public var speaker: Speaker
    /// The espeak-ng program that renders announcements; empty: recorded clips only.
    public var espeakPath: String
    /// A folder of recorded clips (`zh/…wav`, `en/…wav`) that take precedence over espeak-ng; nil: none.
    public var clipsFolder: String?
    /// The boards' loudness, 0…1.
    public var volume: Double
    /// The boards' speaking rate: 1 is as rendered, 0.5 half as fast, 2 twice.
    public var rate: Double
    /// How many times a board says each announcement.
    public var repeats: Int

    public init(
        speaker: Speaker = .daemon, espeakPath: String = "/usr/bin/espeak-ng", clipsFolder: String? = nil, volume: Double = 1, rate: Double = 1,
        repeats: Int = 1
    ) {
        self.speaker = speaker
        self.espeakPath = espeakPath
        self.clipsFolder = clipsFolder
        self.volume = volume
        self.rate = rate
        self.repeats = repeats
    }
}

/// Telling taxpayers their turn is near (`[reminders]`): on the phone page, and by SMS to those who ask at the kiosk.
public struct ReminderSettings: Sendable, Hashable, Codable {
    /// A waiting ticket is warned when this many people or fewer are ahead of it.
    public var placesBefore: Int
    /// Whether the kiosk offers text messages (they go through the notifiers' webhook or `sms_command`).
    public var sms: Bool
    /// Tickets a day that may ask for texts to one mobile number (0: no cap).
    public var ticketsPerNumberPerDay: Int

    public init(placesBefore: Int = 3, sms: Bool = false, ticketsPerNumberPerDay: Int = 3) {
        self.placesBefore = placesBefore
        self.sms = sms
        self.ticketsPerNumberPerDay = ticketsPerNumberPerDay
    }
}

extension HallConfig {
    /// Whether the hall sends reminder texts: offered in `[reminders]` and a channel to send them through.
    public var sendsReminderTexts: Bool {
        reminders.sms && (notifiers.webhookURL?.isEmpty == false || notifiers.smsCommand != nil)
    }
}
