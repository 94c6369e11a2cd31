import HallCore

extension HallConfig {
    static let voiceKeys = ["speaker", "espeak_ng", "clips", "volume", "rate", "repeats"]
    static let reminderKeys = ["places_before", "sms", "tickets_per_number_per_day"]

    /// `[voice]`: the daemon renders calls with espeak-ng (or the hall's clips) unless told otherwise.
    static func voice(_ table: ConfigTableReader?) throws(ConfigError) -> VoiceSettings {
        let fallback = VoiceSettings()
        guard let table else { return fallback }
        var speaker = fallback.speaker
        if let text = try table.optional("speaker", "a string", ConfigTableReader.string) {
            guard let chosen = VoiceSettings.Speaker(rawValue: text) else {
                throw table.error("speaker", "\"\(text)\" is not daemon, browser or chime")
            }
            speaker = chosen
        }
        let espeak = try table.optional("espeak_ng", "a string", ConfigTableReader.string) ?? fallback.espeakPath
        if !espeak.isEmpty && !espeak.hasPrefix("/") {
            throw table.error("espeak_ng", "must be the absolute path of espeak-ng (e.g. \"/usr/bin/espeak-ng\"), or \"\" for clips only")
        }
        let clips = try table.optional("clips", "a string", ConfigTableReader.string)
        if let clips, clips.allSatisfy(\.isWhitespace) { throw table.error("clips", "must not be empty; leave the key out for no clips") }
        let volume = try table.optional("volume", "a number", ConfigTableReader.number) ?? fallback.volume
        guard (0...1).contains(volume) else { throw table.error("volume", "\(ConfigTableReader.format(volume)) is outside 0…1") }
        let rate = try table.optional("rate", "a number", ConfigTableReader.number) ?? fallback.rate
        guard (0.5...2).contains(rate) else { throw table.error("rate", "\(ConfigTableReader.format(rate)) is outside 0.5…2") }
        return VoiceSettings(
            speaker: speaker, espeakPath: espeak, clipsFolder: clips, volume: volume, rate: rate,
            repeats: try table.integer("repeats", in: 1...3, or: fallback.repeats))
    }

    /// `[reminders]`: the phone page warns `places_before` ahead; texts only when `sms = true` and a channel exists.
    static func reminders(_ table: ConfigTableReader?, notifiers: NotifierSettings) throws(ConfigError) -> ReminderSettings {
        let fallback = ReminderSettings()
        guard let table else { return fallback }
        let sms = try table.optional("sms", "true or false", ConfigTableReader.boolean) ?? fallback.sms
        if sms && notifiers.webhookURL == nil && notifiers.smsCommand == nil {
            throw table.error("sms", "texts go out through [notifiers] webhook_url or sms_command; set one of them, or sms = false")
        }
        return ReminderSettings(
            placesBefore: try table.integer("places_before", in: 1...50, or: fallback.placesBefore), sms: sms,
            ticketsPerNumberPerDay: try table.integer("tickets_per_number_per_day", in: 0...50, or: fallback.ticketsPerNumberPerDay))
    }
}
