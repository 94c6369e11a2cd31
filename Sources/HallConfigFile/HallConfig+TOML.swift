import Foundation
import HallCore

extension HallConfig {
    /// The top-level tables a configuration file may have.
    static let topLevelKeys = [
        "hall", "hours", "policy", "alerts", "notifiers", "limits", "appointments", "voice", "reminders", "services", "windows", "users",
        "bureau",
    ]
    /// Weekday keys of `[hours]`, Monday first (ISO weekday = index + 1).
    static let weekdayKeys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    /// Keys of `[hours]` besides the weekdays: when issuing starts and stops around each span.
    static let issuingKeys = ["issue_from_minutes_before_open", "issue_until_minutes_before_close"]
    /// Keys of `[hours]` for the calendar: public holidays and make-up working days.
    static let calendarKeys = ["holidays", "make_up_days", "make_up_days_open_like"]

    /// Reads and validates a hall configuration; `source` names the file in errors.
    public static func parse(toml: String, source: String = "config") throws(ConfigError) -> HallConfig {
        let document: TOMLDocument
        do {
            document = try TOMLParser.parse(toml)
        } catch {
            throw ConfigError(source: source, line: error.line, column: error.column, key: "", message: error.message)
        }
        let root = try ConfigTableReader(document.root, path: "", source: source, allowed: topLevelKeys)

        let hall = try section(root, "hall", allowed: ["name_zh", "name_en", "time_zone"], required: true)!
        let name = LocalizedName(zh: try hall.text("name_zh"), en: try hall.text("name_en"))
        let timeZone = try hall.text("time_zone")
        guard isIANATimeZone(timeZone) else {
            throw hall.error("time_zone", "\"\(timeZone)\" is not an IANA time zone identifier (e.g. \"Asia/Shanghai\")")
        }
        let hours = try openingHours(try section(root, "hours", allowed: weekdayKeys + issuingKeys + calendarKeys, required: true)!)
        let serviceBlocks = try blocks(root, "services", allowed: ["code", "name_zh", "name_en", "typical_minutes"] + bookingKeys, required: true)
        let services = try services(serviceBlocks, hours: hours)
        let windowKeys = ["number", "name_zh", "name_en", "services"]
        let windows = try windows(try blocks(root, "windows", allowed: windowKeys, required: true), services: services)
        try checkBookingPlaces(services, windows: windows, blocks: serviceBlocks)
        let users = try users(root, windows: windows)
        let notifiers = try notifiers(try section(root, "notifiers", allowed: notifierKeys, required: false))
        return HallConfig(
            name: name, timeZoneIdentifier: timeZone, hours: hours, services: services, windows: windows, users: users,
            policy: try policy(try section(root, "policy", allowed: policyKeys, required: false)),
            alerts: try alerts(try section(root, "alerts", allowed: alertKeys, required: false)),
            notifiers: notifiers,
            limits: try limits(try section(root, "limits", allowed: limitKeys, required: false)),
            appointments: try appointments(try section(root, "appointments", allowed: appointmentKeys, required: false)),
            voice: try voice(try section(root, "voice", allowed: voiceKeys, required: false)),
            reminders: try reminders(try section(root, "reminders", allowed: reminderKeys, required: false), notifiers: notifiers),
            bureau: try bureau(try section(root, "bureau", allowed: bureauKeys, required: false)))
    }

    /// A `[table]` of the file; nil if absent and optional.
    static func section(_ root: ConfigTableReader, _ key: String, allowed: [String], required: Bool) throws(ConfigError) -> ConfigTableReader? {
        guard let table = try root.optional(key, "a table [\(key)]", ConfigTableReader.table) else {
            if required { throw ConfigError(source: root.source, line: nil, key: key, message: "missing required table [\(key)]") }
            return nil
        }
        return try ConfigTableReader(table, path: key, source: root.source, allowed: allowed)
    }

    /// The `[[key]]` blocks of the file, each checked for unknown keys.
    static func blocks(_ root: ConfigTableReader, _ key: String, allowed: [String], required: Bool) throws(ConfigError) -> [ConfigTableReader] {
        guard let tables = try root.optional(key, "[[\(key)]] blocks", ConfigTableReader.tables) else {
            if required { throw ConfigError(source: root.source, line: nil, key: key, message: "missing: add at least one [[\(key)]] block") }
            return []
        }
        if required && tables.isEmpty { throw root.error(key, "add at least one [[\(key)]] block") }
        var readers: [ConfigTableReader] = []
        for (index, table) in tables.enumerated() {
            readers.append(try ConfigTableReader(table, path: "\(key)[\(index)]", source: root.source, allowed: allowed))
        }
        return readers
    }

    // MARK: Opening hours

    static func openingHours(_ table: ConfigTableReader) throws(ConfigError) -> OpeningHours {
        var days: [Int: [OpeningSpan]] = [:]
        for (index, key) in weekdayKeys.enumerated() {
            guard let texts = try table.optional(key, "an array of time spans like [\"09:00-12:00\", \"13:30-17:00\"]", ConfigTableReader.strings)
            else { continue }
            var spans: [(span: OpeningSpan, text: String)] = []
            for text in texts {
                guard let span = openingSpan(text) else {
                    throw table.error(key, "\"\(text)\" is not a time span like \"09:00-12:00\" (24-hour HH:MM, start before end)")
                }
                spans.append((span, text))
            }
            spans.sort { $0.span.startMinute < $1.span.startMinute }
            for (earlier, later) in zip(spans, spans.dropFirst()) where later.span.startMinute < earlier.span.endMinute {
                throw table.error(key, "\"\(later.text)\" overlaps \"\(earlier.text)\"")
            }
            if !spans.isEmpty { days[index + 1] = spans.map(\.span) }
        }
        let before = try table.integer("issue_from_minutes_before_open", in: 0...720, or: 0)
        let until = try table.integer("issue_until_minutes_before_close", in: 0...720, or: 0)
        for (index, key) in weekdayKeys.enumerated() {
            for span in days[index + 1] ?? [] where span.endMinute - span.startMinute <= until {
                throw table.error(
                    "issue_until_minutes_before_close",
                    "\(until) minutes before closing leaves no time to take a ticket in \(key)'s \(spanText(span)); make it shorter than every span")
            }
        }
        let holidays = try dates(table, "holidays")
        let makeUpDays = try dates(table, "make_up_days")
        for day in makeUpDays.sorted() where holidays.contains(day) {
            throw table.error("make_up_days", "\"\(day)\" is also in holidays; a day is either closed or worked")
        }
        let likeText = try table.optional("make_up_days_open_like", "a weekday like \"mon\"", ConfigTableReader.string) ?? "mon"
        guard let like = weekdayKeys.firstIndex(of: likeText).map({ $0 + 1 }) else {
            throw table.error("make_up_days_open_like", "\"\(likeText)\" is not a weekday (\(weekdayKeys.joined(separator: ", ")))")
        }
        if !makeUpDays.isEmpty && days[like] == nil {
            throw table.error("make_up_days_open_like", "\(likeText) has no opening hours, so make-up working days would stay closed")
        }
        return OpeningHours(
            days: days, issueFromMinutesBeforeOpening: before, issueUntilMinutesBeforeClosing: until, holidays: holidays, makeUpDays: makeUpDays,
            makeUpDaysOpenLike: like)
    }

    /// An optional array of dates written `YYYY-MM-DD`, each once.
    static func dates(_ table: ConfigTableReader, _ key: String) throws(ConfigError) -> Set<String> {
        let texts = try table.optional(key, "an array of dates like [\"2026-10-01\", \"2026-10-02\"]", ConfigTableReader.strings) ?? []
        var seen: Set<String> = []
        for text in texts {
            guard HallDays.isValid(text) else { throw table.error(key, "\"\(text)\" is not a date written YYYY-MM-DD") }
            guard seen.insert(text).inserted else { throw table.error(key, "\"\(text)\" is listed twice") }
        }
        return seen
    }

    /// `"HH:MM-HH:MM"` as written in the file.
    static func spanText(_ span: OpeningSpan) -> String {
        func hhmm(_ m: Int) -> String { (m / 60 < 10 ? "0" : "") + "\(m / 60):" + (m % 60 < 10 ? "0" : "") + "\(m % 60)" }
        return "\"\(hhmm(span.startMinute))-\(hhmm(span.endMinute))\""
    }

    /// `"HH:MM-HH:MM"` with the start before the end; `24:00` may end a day.
    static func openingSpan(_ text: String) -> OpeningSpan? {
        let halves = text.split(separator: "-", omittingEmptySubsequences: false)
        guard halves.count == 2, let start = minuteOfDay(halves[0]), let end = minuteOfDay(halves[1]), start < end, start < 24 * 60 else {
            return nil
        }
        return OpeningSpan(startMinute: start, endMinute: end)
    }

    private static func minuteOfDay(_ text: Substring) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), minute < 60, hour < 24 || (hour == 24 && minute == 0)
        else { return nil }
        return hour * 60 + minute
    }

    // MARK: Policy, alerts, notifiers

    static let policyKeys = ["priority_burst", "fairness_minutes", "recalls_before_no_show", "target_wait_minutes"]

    static func policy(_ table: ConfigTableReader?) throws(ConfigError) -> CallPolicySettings {
        let fallback = CallPolicySettings()
        guard let table else { return fallback }
        return CallPolicySettings(
            priorityBurst: try table.integer("priority_burst", in: 1...100, or: fallback.priorityBurst),
            fairnessMinutes: try table.positive("fairness_minutes", atMost: 480, or: fallback.fairnessMinutes),
            recallsBeforeNoShow: try table.integer("recalls_before_no_show", in: 0...10, or: fallback.recallsBeforeNoShow),
            targetWaitMinutes: try table.positive("target_wait_minutes", atMost: 480, or: fallback.targetWaitMinutes))
    }

    static let alertKeys = [
        "max_waiting_per_service", "max_waiting_per_open_window", "max_wait_minutes", "dissatisfied_at_or_below", "max_pause_minutes",
        "renotify_minutes", "escalate_minutes",
    ]

    static func alerts(_ table: ConfigTableReader?) throws(ConfigError) -> AlertThresholds {
        let fallback = AlertThresholds()
        guard let table else { return fallback }
        func int(_ key: String, _ fallback: Int) throws(ConfigError) -> Int {
            try table.optional(key, "an integer", ConfigTableReader.integer) ?? fallback
        }
        func number(_ key: String, _ fallback: Double) throws(ConfigError) -> Double {
            try table.optional(key, "a number", ConfigTableReader.number) ?? fallback
        }
        let thresholds = AlertThresholds(
            maxWaitingPerService: try int("max_waiting_per_service", fallback.maxWaitingPerService),
            maxWaitingPerOpenWindow: try number("max_waiting_per_open_window", fallback.maxWaitingPerOpenWindow),
            maxWaitMinutes: try number("max_wait_minutes", fallback.maxWaitMinutes),
            dissatisfiedAtOrBelow: try int("dissatisfied_at_or_below", fallback.dissatisfiedAtOrBelow),
            maxPauseMinutes: try number("max_pause_minutes", fallback.maxPauseMinutes),
            renotifyMinutes: try number("renotify_minutes", fallback.renotifyMinutes),
            escalateMinutes: try number("escalate_minutes", fallback.escalateMinutes))
        // The bounds of a manager's edit (PUT /api/alert-rules): the file and the dashboard accept the same thresholds.
        if let (field, rule) = thresholds.outOfBounds {
            let key = alertKeys.first { $0.replacingOccurrences(of: "_", with: "") == field.lowercased() } ?? field
            throw table.error(key, "must be \(rule)")
        }
        return thresholds
    }

    static let notifierKeys = ["webhook_url", "webhook_secret", "max_attempts", "retry_seconds", "sms_command", "first_group", "second_group"]

    static func notifiers(_ table: ConfigTableReader?) throws(ConfigError) -> NotifierSettings {
        let fallback = NotifierSettings()
        guard let table else { return fallback }
        let url = try table.optional("webhook_url", "a string", ConfigTableReader.string)
        if let url {
            let parsed = URL(string: url)
            guard let scheme = parsed?.scheme?.lowercased(), ["http", "https"].contains(scheme), parsed?.host?.isEmpty == false else {
                throw table.error("webhook_url", "\"\(url)\" is not an http:// or https:// URL")
            }
        }
        let secret = try table.optional("webhook_secret", "a string", ConfigTableReader.string)
        if let secret, secret.isEmpty { throw table.error("webhook_secret", "must not be empty") }
        if url != nil && secret == nil { throw table.error("webhook_secret", "missing: the webhook's signature needs a shared secret") }
        let sms = try table.optional("sms_command", "an array of strings", ConfigTableReader.strings)
        if let sms {
            guard let program = sms.first, program.hasPrefix("/") else {
                throw table.error("sms_command", "must start with the absolute path of the program, e.g. [\"/usr/local/bin/send-sms\", \"{phone}\"]")
            }
        }
        var groups: [[String]] = []
        for key in ["first_group", "second_group"] {
            let members = try table.optional(key, "an array of strings", ConfigTableReader.strings) ?? []
            if members.contains(where: { $0.allSatisfy(\.isWhitespace) }) { throw table.error(key, "contains an empty entry") }
            groups.append(members)
        }
        return NotifierSettings(
            webhookURL: url, webhookSecret: secret, maxAttempts: try table.integer("max_attempts", in: 1...100, or: fallback.maxAttempts),
            retrySeconds: try table.positive("retry_seconds", atMost: 3600, or: fallback.retrySeconds), smsCommand: sms, firstGroup: groups[0],
            secondGroup: groups[1])
    }
}
