import Foundation
import HallConfigFile
import HallCore
import Testing

/// One broken variant of ``ConfigFixtures/minimal`` and the error it must give.
struct BrokenConfig: CustomTestStringConvertible, Sendable {
    /// Text to replace in the minimal file; nil appends `with` at the end.
    var replacing: String? = nil
    var with: String
    /// The key path the error must name.
    var key: String
    /// The error's line is the first line containing this text in the broken file, plus `offset`; nil for no line.
    var at: String?
    var offset = 0
    /// A fragment the message must contain.
    var says: String

    var testDescription: String { "\(key): \(says)" }

    var text: String {
        guard let replacing else { return ConfigFixtures.minimal + with + "\n" }
        precondition(ConfigFixtures.minimal.contains(replacing), "fixture lacks \(replacing)")
        return ConfigFixtures.minimal.replacingOccurrences(of: replacing, with: with)
    }

    var expectedLine: Int? {
        guard let at else { return nil }
        let lines = text.components(separatedBy: "\n")
        return lines.firstIndex { $0.contains(at) }.map { $0 + 1 + offset }
    }
}

@Suite struct ConfigValidationTests {
    static let firstUserHash = "password_hash = \"\(ConfigFixtures.hash)\"\n\n[[users]]\nlogin = \"boss\""
    static let cases: [BrokenConfig] = [
        // [hall]
        BrokenConfig(replacing: "[hall]", with: "[hal]", key: "hal", at: "[hal]", says: "unknown key (did you mean hall?)"),
        BrokenConfig(
            replacing: "name_en = \"Test Hall\"", with: "name_en = \"  \"", key: "hall.name_en", at: "name_en = \"  \"", says: "must not be empty"),
        BrokenConfig(replacing: "name_en = \"Test Hall\"\n", with: "", key: "hall.name_en", at: "[hall]", says: "missing required key (a string)"),
        BrokenConfig(
            replacing: "name_zh = \"测试办税服务厅\"", with: "name_zh = 5", key: "hall.name_zh", at: "name_zh = 5",
            says: "expected a string, found an integer"),
        BrokenConfig(replacing: "Asia/Shanghai", with: "Asia/Beijing", key: "hall.time_zone", at: "time_zone", says: "not an IANA time zone"),
        BrokenConfig(replacing: "Asia/Shanghai", with: "CST", key: "hall.time_zone", at: "time_zone", says: "not an IANA time zone"),
        BrokenConfig(replacing: "time_zone", with: "timezone", key: "hall.timezone", at: "timezone", says: "unknown key (did you mean time_zone?)"),
        // [hours]
        BrokenConfig(
            replacing: "\"13:30-17:00\"", with: "\"11:30-17:00\"", key: "hours.mon", at: "mon =", says: "\"11:30-17:00\" overlaps \"09:00-12:00\""),
        BrokenConfig(replacing: "\"13:30-17:00\"", with: "\"17:00-13:30\"", key: "hours.mon", at: "mon =", says: "start before end"),
        BrokenConfig(replacing: "\"13:30-17:00\"", with: "\"9-17\"", key: "hours.mon", at: "mon =", says: "\"9-17\" is not a time span"),
        BrokenConfig(replacing: "\"13:30-17:00\"", with: "\"24:30-25:00\"", key: "hours.mon", at: "mon =", says: "not a time span"),
        BrokenConfig(replacing: "mon = ", with: "monday = ", key: "hours.monday", at: "monday", says: "unknown key (did you mean mon?)"),
        BrokenConfig(
            replacing: "[\"09:00-12:00\", \"13:30-17:00\"]", with: "\"09:00-17:00\"", key: "hours.mon", at: "mon =",
            says: "expected an array of time spans"),
        BrokenConfig(
            replacing: "[hours]\nmon = [\"09:00-12:00\", \"13:30-17:00\"]\n", with: "", key: "hours", at: nil,
            says: "missing required table [hours]"),
        BrokenConfig(
            replacing: "[hours]\n", with: "[hours]\nissue_from_minutes_before_open = 721\n", key: "hours.issue_from_minutes_before_open",
            at: "issue_from", says: "721 is outside the allowed range 0…720"),
        BrokenConfig(
            replacing: "[hours]\n", with: "[hours]\nissue_until_minutes_before_close = 180\n", key: "hours.issue_until_minutes_before_close",
            at: "issue_until", says: "180 minutes before closing leaves no time to take a ticket in mon's \"09:00-12:00\""),
        BrokenConfig(
            replacing: "[hours]\n", with: "[hours]\nissue_from_minutes_before_opening = 30\n", key: "hours.issue_from_minutes_before_opening",
            at: "issue_from",
            says: "unknown key (did you mean issue_from_minutes_before_open?)"),
        BrokenConfig(
            replacing: "[hours]\n", with: "[hours]\nholidays = [\"2026-10-01\", \"2026-10-32\"]\n", key: "hours.holidays", at: "holidays",
            says: "\"2026-10-32\" is not a date written YYYY-MM-DD"),
        BrokenConfig(
            replacing: "[hours]\n", with: "[hours]\nholidays = [\"2026-10-01\", \"2026-10-01\"]\n", key: "hours.holidays", at: "holidays",
            says: "\"2026-10-01\" is listed twice"),
        BrokenConfig(
            replacing: "[hours]\n", with: "[hours]\nholidays = \"2026-10-01\"\n", key: "hours.holidays", at: "holidays",
            says: "expected an array of dates"),
        BrokenConfig(
            replacing: "[hours]\n", with: "[hours]\nholidays = [\"2026-10-01\"]\nmake_up_days = [\"2026-10-10\", \"2026-10-01\"]\n",
            key: "hours.make_up_days", at: "make_up_days", says: "\"2026-10-01\" is also in holidays"),
        BrokenConfig(
            replacing: "[hours]\n", with: "[hours]\nmake_up_days = [\"2026-10-10\"]\nmake_up_days_open_like = \"fri\"\n",
            key: "hours.make_up_days_open_like", at: "make_up_days_open_like", says: "fri has no opening hours"),
        BrokenConfig(
            replacing: "[hours]\n", with: "[hours]\nmake_up_days_open_like = \"monday\"\n", key: "hours.make_up_days_open_like",
            at: "make_up_days_open_like", says: "\"monday\" is not a weekday"),
        BrokenConfig(
            replacing: "[hours]\n", with: "[hours]\nholiday = [\"2026-10-01\"]\n", key: "hours.holiday", at: "holiday",
            says: "unknown key (did you mean holidays?)"),
        // [[services]]
        BrokenConfig(
            replacing: "code = \"A\"", with: "code = \"a\"", key: "services[0].code", at: "code = \"a\"",
            says: "\"a\" is not a valid prefix (1–2 upper-case letters A–Z)"),
        BrokenConfig(replacing: "code = \"A\"", with: "code = \"ABC\"", key: "services[0].code", at: "ABC", says: "not a valid prefix"),
        BrokenConfig(
            replacing: "code = \"B\"", with: "code = \"A\"", key: "services[1].code", at: "发票业务", offset: -1,
            says: "already the code of services[0] (line 10)"),
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_minutes = 0", key: "services[0].typical_minutes", at: "typical_minutes = 0",
            says: "greater than 0"),
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_minutes = -2.5", key: "services[0].typical_minutes", at: "-2.5", says: "greater than 0"),
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_minutes = \"5\"", key: "services[0].typical_minutes", at: "\"5\"",
            says: "expected a number of minutes, found a string"),
        BrokenConfig(
            replacing: "typical_minutes = 3.5\n", with: "", key: "services[1].typical_minutes", at: "code = \"B\"", offset: -1,
            says: "missing required key"),
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_mins = 5", key: "services[0].typical_mins", at: "typical_mins",
            says: "unknown key (did you mean typical_minutes?)"),
        BrokenConfig(
            replacing: "name_en = \"General\"", with: "name_en = \"\"", key: "services[0].name_en", at: "name_en = \"\"", says: "must not be empty"),
        BrokenConfig(
            replacing: "name_zh = \"发票业务\"\n", with: "", key: "services[1].name_zh", at: "code = \"B\"", offset: -1, says: "missing required key"),
        // Bookings in [[services]]
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_minutes = 5\nbooking_hours = [\"08:00-10:00\"]", key: "services[0].booking_hours",
            at: "booking_hours", says: "\"08:00-10:00\" is not inside mon's opening hours (\"09:00-12:00\", \"13:30-17:00\")"),
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_minutes = 5\nbooking_hours = [\"09:00-09:20\"]", key: "services[0].booking_hours",
            at: "booking_hours", says: "shorter than one slot of 30 minutes"),
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_minutes = 5\nbooking_hours = [\"09:00-11:00\", \"10:00-12:00\"]",
            key: "services[0].booking_hours", at: "booking_hours", says: "\"10:00-12:00\" overlaps \"09:00-11:00\""),
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_minutes = 5\nslot_minutes = 20", key: "services[0].slot_minutes", at: "slot_minutes",
            says: "a service takes bookings only in its booking_hours"),
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_minutes = 5\nbooking_hours = [\"09:00-11:00\"]\nslot_minutes = 2",
            key: "services[0].slot_minutes", at: "slot_minutes", says: "2 is outside the allowed range 5…240"),
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_minutes = 5\nbooking_hours = [\"09:00-11:00\"]\nbooking_share = 1.5",
            key: "services[0].booking_share", at: "booking_share", says: "1.5 must be greater than 0 and at most 1"),
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_minutes = 5\nbooking_hours = [\"09:00-11:00\"]\nbooking_days = [\"tue\"]",
            key: "services[0].booking_days", at: "booking_days", says: "the hall is closed on tue"),
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_minutes = 5\nbooking_hours = [\"09:00-11:00\"]\nbooking_days = [\"monday\"]",
            key: "services[0].booking_days", at: "booking_days", says: "\"monday\" is not a weekday"),
        // 1 window serves A first: a 30-minute slot is 6 tickets of 5 minutes, and a tenth of that is no booking at all.
        BrokenConfig(
            replacing: "typical_minutes = 5", with: "typical_minutes = 5\nbooking_hours = [\"09:00-11:00\"]\nbooking_share = 0.1",
            key: "services[0].booking_share", at: "booking_share", says: "0.1 of a 30-minute slot's 6 tickets (1 windows serving A first)"),
        BrokenConfig(
            replacing:
                "typical_minutes = 3.5\n\n[[windows]]\nnumber = 1\nservices = [\"A\", \"B\"]\n\n[[windows]]\nnumber = 2\nname_zh = \"二号窗口\"\nname_en = \"Second window\"\nservices = [\"B\"]",
            with:
                "typical_minutes = 3.5\nbooking_hours = [\"09:00-11:00\"]\n\n[[windows]]\nnumber = 1\nservices = [\"A\", \"B\"]\n\n[[windows]]\nnumber = 2\nservices = [\"A\", \"B\"]",
            key: "services[1].booking_hours",
            at: "booking_hours", says: "no window serves B first"),
        BrokenConfig(
            with: "[appointments]\ndays_ahead = 91", key: "appointments.days_ahead", at: "days_ahead", says: "91 is outside the allowed range 0…90"),
        BrokenConfig(
            with: "[appointments]\ncheck_in_from_minutes = 30", key: "appointments.check_in_from_minutes", at: "check_in_from",
            says: "unknown key (did you mean check_in_from_minutes_before?)"),
        BrokenConfig(
            with: "[limits]\nbookings_per_address_per_minute = -3", key: "limits.bookings_per_address_per_minute", at: "bookings_per_address",
            says: "-3 is outside the allowed range 0…10000"),
        // [[windows]]
        BrokenConfig(
            replacing: "number = 1", with: "number = 0", key: "windows[0].number", at: "number = 0", says: "outside the allowed range 1…999"),
        BrokenConfig(
            replacing: "number = 1", with: "number = 1000", key: "windows[0].number", at: "number = 1000", says: "outside the allowed range 1…999"),
        BrokenConfig(
            replacing: "number = 2", with: "number = 1", key: "windows[1].number", at: "二号窗口", offset: -1,
            says: "window 1 is already defined by windows[0] (line 22)"),
        BrokenConfig(
            replacing: "number = 1", with: "number = \"1\"", key: "windows[0].number", at: "number = \"1\"",
            says: "expected an integer, found a string"),
        BrokenConfig(
            replacing: "services = [\"B\"]", with: "services = []", key: "windows[1].services", at: "services = []", says: "at least one service"),
        BrokenConfig(
            replacing: "services = [\"A\", \"B\"]", with: "services = [\"A\", \"Z\"]", key: "windows[0].services", at: "\"Z\"",
            says: "\"Z\" is not a service code defined in [[services]] (known: A, B)"),
        BrokenConfig(
            replacing: "services = [\"A\", \"B\"]", with: "services = [\"A\", \"A\"]", key: "windows[0].services", at: "[\"A\", \"A\"]",
            says: "listed twice"),
        BrokenConfig(
            replacing: "services = [\"B\"]\n", with: "", key: "windows[1].services", at: "二号窗口", offset: -2,
            says: "missing required key (an array of service codes"),
        BrokenConfig(
            replacing: "name_en = \"Second window\"", with: "name_en = \"\"", key: "windows[1].name_en", at: "name_en = \"\"",
            says: "must not be empty"),
        BrokenConfig(replacing: "number = 2", with: "numbr = 2", key: "windows[1].numbr", at: "numbr", says: "unknown key (did you mean number?)"),
        // [[users]]
        BrokenConfig(
            replacing: "login = \"officer1\"", with: "login = \"Officer 1\"", key: "users[0].login", at: "Officer 1", says: "not a valid login"),
        BrokenConfig(
            replacing: "login = \"boss\"", with: "login = \"officer1\"", key: "users[1].login", at: "role = \"manager\"", offset: -1,
            says: "already used by users[0] (line 32)"),
        BrokenConfig(
            replacing: "role = \"manager\"", with: "role = \"director\"", key: "users[1].role", at: "director",
            says: "not a role (officer, manager or admin)"),
        BrokenConfig(
            replacing: "window = 1\n", with: "", key: "users[0].window", at: "login = \"officer1\"", offset: -1,
            says: "an officer works at a window"),
        BrokenConfig(replacing: "window = 1\n", with: "window = 9\n", key: "users[0].window", at: "window = 9", says: "there is no window 9"),
        BrokenConfig(
            replacing: "role = \"manager\"", with: "role = \"manager\"\nwindow = 2", key: "users[1].window", at: "window = 2",
            says: "a manager does not work at a window"),
        BrokenConfig(
            replacing: "role = \"officer\"", with: "role = \"officer\"\npassword = \"demo\"", key: "users[0].password", at: "password = \"demo\"",
            says: "hallqd user add"),
        BrokenConfig(
            replacing: firstUserHash, with: "password_hash = \"demo\"\n\n[[users]]\nlogin = \"boss\"", key: "users[0].password_hash", at: "\"demo\"",
            says: "not a password hash"),
        BrokenConfig(
            replacing: "pbkdf2-sha256$100000$", with: "pbkdf2-sha256$1000$", key: "users[0].password_hash", at: "$1000$",
            says: "outside 100000…10000000"),
        BrokenConfig(
            replacing: "role = \"officer\"", with: "role = \"officer\"\ndisplay_name = \" \"", key: "users[0].display_name", at: "display_name",
            says: "must not be empty"),
        BrokenConfig(
            replacing: "role = \"officer\"", with: "role = \"officer\"\nrole = \"admin\"", key: "", at: "role = \"admin\"",
            says: "duplicate key users.role"),
        // [policy], [alerts], [notifiers]
        BrokenConfig(
            with: "[policy]\npriority_burst = 0", key: "policy.priority_burst", at: "priority_burst", says: "0 is outside the allowed range 1…100"),
        BrokenConfig(
            with: "[policy]\npriority_burst = 2.5", key: "policy.priority_burst", at: "priority_burst",
            says: "expected an integer, found a number with a fraction"),
        BrokenConfig(
            with: "[policy]\nfairness_minutes = \"30\"", key: "policy.fairness_minutes", at: "fairness", says: "expected a number, found a string"),
        BrokenConfig(
            with: "[policy]\nrecalls_before_no_show = -1", key: "policy.recalls_before_no_show", at: "recalls", says: "outside the allowed range 0…10"
        ),
        BrokenConfig(with: "[policy]\ntarget_wait_minutes = 0", key: "policy.target_wait_minutes", at: "target_wait", says: "greater than 0"),
        BrokenConfig(
            with: "[alerts]\nmax_waiting_per_open_window = -1", key: "alerts.max_waiting_per_open_window", at: "max_waiting", says: "greater than 0"),
        BrokenConfig(
            with: "[alerts]\ndissatisfied_at_or_below = 6", key: "alerts.dissatisfied_at_or_below", at: "dissatisfied",
            says: "must be 0 (never) to 4"),
        BrokenConfig(
            with: "[alerts]\nmax_waiting_per_window = 6", key: "alerts.max_waiting_per_window", at: "max_waiting",
            says: "did you mean max_waiting_per_open_window?"),
        BrokenConfig(with: "[alerts]\nescalate_minutes = nan", key: "alerts.escalate_minutes", at: "escalate", says: "expected a number, found nan"),
        BrokenConfig(
            with: "[notifiers]\nwebhook_url = \"ftp://x\"\nwebhook_secret = \"s\"", key: "notifiers.webhook_url", at: "webhook_url",
            says: "not an http:// or https:// URL"),
        BrokenConfig(
            with: "[notifiers]\nwebhook_url = \"https://sms.example.com\"", key: "notifiers.webhook_secret", at: "[notifiers]",
            says: "needs a shared secret"),
        BrokenConfig(
            with: "[notifiers]\nmax_attempts = 0", key: "notifiers.max_attempts", at: "max_attempts", says: "outside the allowed range 1…100"),
        BrokenConfig(with: "[notifiers]\nfirst_group = [\"\"]", key: "notifiers.first_group", at: "first_group", says: "contains an empty entry"),
        BrokenConfig(
            with: "[notifiers]\nsms_command = [\"send-sms\", \"{phone}\"]", key: "notifiers.sms_command", at: "sms_command",
            says: "must start with the absolute path of the program"),
        BrokenConfig(
            with: "[notifiers]\nsecond_group = \"13800000002\"", key: "notifiers.second_group", at: "second_group",
            says: "expected an array of strings"),
        BrokenConfig(
            with: "[limits]\ntickets_per_address_per_minute = -1", key: "limits.tickets_per_address_per_minute", at: "tickets_per_address",
            says: "-1 is outside the allowed range 0…10000"),
        BrokenConfig(
            with: "[limits]\ntickets_per_service_per_day = 1.5", key: "limits.tickets_per_service_per_day", at: "tickets_per_service",
            says: "expected an integer"),
        BrokenConfig(
            with: "[limits]\nexempt_addresses = [\"10.0.0.21\", \"10.0.0.300\"]", key: "limits.exempt_addresses", at: "exempt_addresses",
            says: "\"10.0.0.300\" is not an IPv4 or IPv6 address"),
        BrokenConfig(
            with: "[limits]\nexempt_addresses = [\"fe80::1::2\"]", key: "limits.exempt_addresses", at: "exempt_addresses",
            says: "is not an IPv4 or IPv6 address"),
        BrokenConfig(
            with: "[limits]\nticket_per_service_per_day = 300", key: "limits.ticket_per_service_per_day", at: "ticket_per_service",
            says: "unknown key (did you mean tickets_per_service_per_day?)"),
        // [voice] and [reminders]
        BrokenConfig(with: "[voice]\nspeaker = \"robot\"", key: "voice.speaker", at: "speaker", says: "is not daemon, browser or chime"),
        BrokenConfig(with: "[voice]\nespeak_ng = \"espeak-ng\"", key: "voice.espeak_ng", at: "espeak_ng", says: "must be the absolute path"),
        BrokenConfig(with: "[voice]\nvolume = 1.5", key: "voice.volume", at: "volume", says: "1.5 is outside 0…1"),
        BrokenConfig(with: "[voice]\nrate = 3", key: "voice.rate", at: "rate", says: "3 is outside 0.5…2"),
        BrokenConfig(with: "[voice]\nrepeats = 4", key: "voice.repeats", at: "repeats", says: "outside the allowed range 1…3"),
        BrokenConfig(
            with: "[reminders]\nplaces_before = 0", key: "reminders.places_before", at: "places_before", says: "outside the allowed range 1…50"),
        BrokenConfig(with: "[reminders]\nsms = \"yes\"", key: "reminders.sms", at: "sms", says: "expected true or false"),
        BrokenConfig(with: "[reminders]\nsms = true", key: "reminders.sms", at: "sms", says: "set one of them, or sms = false"),
        // Wrong shapes at the top.
        BrokenConfig(
            replacing: "[hall]", with: "title = \"x\"\n[hall]", key: "title", at: "title", says: "unknown key; the file may have: hall, hours"),
        BrokenConfig(with: "[policy]\n[policy.extra]", key: "policy.extra", at: "[policy.extra]", says: "unknown key"),
        BrokenConfig(
            replacing: "[hall]\nname_zh = \"测试办税服务厅\"\nname_en = \"Test Hall\"\ntime_zone = \"Asia/Shanghai\"\n", with: "hall = \"Test\"\n",
            key: "hall", at: "hall = ", says: "expected a table [hall], found a string"),
    ]

    @Test(arguments: cases)
    func brokenConfigNamesKeyAndLine(_ broken: BrokenConfig) {
        #expect {
            _ = try HallConfig.parse(toml: broken.text, source: "test.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            #expect(error.key == broken.key, "\(error)")
            #expect(error.line == broken.expectedLine, "\(error)")
            #expect(error.message.contains(broken.says), "\(error)")
            #expect(error.source == "test.toml")
            return true
        }
    }
}
