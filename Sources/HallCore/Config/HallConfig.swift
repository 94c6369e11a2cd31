import Foundation

/// A name in the hall's two languages.
public struct LocalizedName: Sendable, Hashable, Codable {
    public var zh: String
    public var en: String
    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
}

/// One kind of business the hall handles, e.g. `A` general, `B` invoices.
public struct Service: Sendable, Hashable, Codable {
    /// Letter prefix of its ticket numbers (one or two upper-case ASCII letters).
    public var code: String
    public var name: LocalizedName
    /// Typical minutes to serve one ticket; the estimator's last fallback.
    public var typicalMinutes: Double
    /// When it takes bookings; nil when it takes none.
    public var booking: ServiceBooking?
    public init(code: String, name: LocalizedName, typicalMinutes: Double, booking: ServiceBooking? = nil) {
        self.code = code
        self.name = name
        self.typicalMinutes = typicalMinutes
        self.booking = booking
    }
}

/// A counter window and the services it serves, in order of preference.
public struct WindowConfig: Sendable, Hashable, Codable {
    public var number: Int
    public var name: LocalizedName
    public var services: [String]
    public init(number: Int, name: LocalizedName, services: [String]) {
        self.number = number
        self.name = name
        self.services = services
    }
}

/// What a user may do.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case officer, manager, admin

    /// Whether someone of this role, working at `ownWindow` (officers have one), may act at window `number`: an
    /// officer at their own window only, managers and admins at every window.
    public func mayAct(atWindow number: Int, ownWindow: Int?) -> Bool { self != .officer || ownWindow == number }
}

/// A login: an officer at a window, a manager or an admin. The password is only ever stored hashed.
public struct UserAccount: Sendable, Hashable, Codable {
    /// Fewest characters of a password set with `hallqd user add` (hashes already in a config file are not re-checked).
    public static let minimumPasswordLength = 12

    public var login: String
    public var role: Role
    public var window: Int?
    public var passwordHash: String
    public var displayName: String?
    public init(login: String, role: Role, window: Int? = nil, passwordHash: String, displayName: String? = nil) {
        self.login = login
        self.role = role
        self.window = window
        self.passwordHash = passwordHash
        self.displayName = displayName
    }
}

/// A span of opening time on one day, in minutes after local midnight.
public struct OpeningSpan: Sendable, Hashable, Codable {
    public var startMinute: Int
    public var endMinute: Int
    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }
}

/// Opening hours per weekday (1 = Monday … 7 = Sunday); a missing day is closed. Tickets are issued in each span,
/// from `issueFromMinutesBeforeOpening` before it starts until `issueUntilMinutesBeforeClosing` before it ends (see
/// ``IssuingHours``); whoever holds a ticket at closing time is still called until the line is empty.
///
/// Public holidays are closed whatever their weekday, and make-up working days (调休上班, usually a Saturday or Sunday)
/// open like `makeUpDaysOpenLike`: ``spans(on:)`` is where a date's hours are decided.
public struct OpeningHours: Sendable, Hashable, Codable {
    public var days: [Int: [OpeningSpan]]
    /// Issuing starts this many minutes before each span opens (taxpayers queue at the door).
    public var issueFromMinutesBeforeOpening: Int
    /// Issuing stops this many minutes before each span closes (0: until closing), so the line can be served by then.
    public var issueUntilMinutesBeforeClosing: Int
    /// Hall days (`yyyy-MM-dd`) the hall is closed for a public holiday.
    public var holidays: Set<String>
    /// Hall days (`yyyy-MM-dd`) worked to make up for a holiday: open with the hours of ``makeUpDaysOpenLike``.
    public var makeUpDays: Set<String>
    /// The ISO weekday whose hours (and bookings) a make-up working day takes.
    public var makeUpDaysOpenLike: Int

    public init(
        days: [Int: [OpeningSpan]], issueFromMinutesBeforeOpening: Int = 0, issueUntilMinutesBeforeClosing: Int = 0, holidays: Set<String> = [],
        makeUpDays: Set<String> = [], makeUpDaysOpenLike: Int = 1
    ) {
        self.days = days
        self.issueFromMinutesBeforeOpening = issueFromMinutesBeforeOpening
        self.issueUntilMinutesBeforeClosing = issueUntilMinutesBeforeClosing
        self.holidays = holidays
        self.makeUpDays = makeUpDays
        self.makeUpDaysOpenLike = makeUpDaysOpenLike
    }

    /// Whether the hall is open at `minute` after midnight on ISO weekday `weekday` of an ordinary week (no holidays).
    public func isOpen(weekday: Int, minute: Int) -> Bool {
        days[weekday, default: []].contains { minute >= $0.startMinute && minute < $0.endMinute }
    }

    /// The weekday whose rules the hall day `day` follows: its own, a make-up day's ``makeUpDaysOpenLike``, or nil on a
    /// public holiday (and for text that is not a date).
    public func weekdayRules(on day: String) -> Int? {
        if holidays.contains(day) { return nil }
        if makeUpDays.contains(day) { return makeUpDaysOpenLike }
        return HallDays.weekday(day)
    }

    /// The spans the hall is open on the hall day `day` (`yyyy-MM-dd`): none on a public holiday, the hours of
    /// ``makeUpDaysOpenLike`` on a make-up working day, else its weekday's.
    public func spans(on day: String) -> [OpeningSpan] {
        weekdayRules(on: day).flatMap { days[$0] } ?? []
    }

    /// Whether the hall is open at `minute` after midnight of the hall day `day`, holidays and make-up days included.
    public func isOpen(on day: String, minute: Int) -> Bool {
        spans(on: day).contains { minute >= $0.startMinute && minute < $0.endMinute }
    }
}

/// The calling policy's tunables (see ``CallPolicy``).
public struct CallPolicySettings: Sendable, Hashable, Codable {
    /// At most this many priority tickets are called in a row from one service while a normal ticket waits.
    public var priorityBurst: Int
    /// A lower-ranked service's ticket that has waited this long is called before younger first-rank tickets.
    public var fairnessMinutes: Double
    /// Recalls an officer must make before marking a called ticket as no-show.
    public var recallsBeforeNoShow: Int
    /// Target wait; the share of tickets called within it is a headline statistic.
    public var targetWaitMinutes: Double
    public init(priorityBurst: Int = 3, fairnessMinutes: Double = 30, recallsBeforeNoShow: Int = 2, targetWaitMinutes: Double = 20) {
        self.priorityBurst = priorityBurst
        self.fairnessMinutes = fairnessMinutes
        self.recallsBeforeNoShow = recallsBeforeNoShow
        self.targetWaitMinutes = targetWaitMinutes
    }
}

/// Alert thresholds; managers may change them at run time.
public struct AlertThresholds: Sendable, Hashable, Codable {
    /// A service with more than this many waiting raises an alert.
    public var maxWaitingPerService: Int
    /// Average waiting per open window above this raises an alert (the model hall's rule: 6).
    public var maxWaitingPerOpenWindow: Double
    /// Any one ticket waiting longer than this raises an alert.
    public var maxWaitMinutes: Double
    /// A rating at or below this score (1…5) raises an alert.
    public var dissatisfiedAtOrBelow: Int
    /// A window paused longer than this while people wait for its services raises an alert.
    public var maxPauseMinutes: Double
    /// An open, unacknowledged alert notifies again after this many minutes.
    public var renotifyMinutes: Double
    /// An unacknowledged alert escalates to the second group after this many minutes.
    public var escalateMinutes: Double
    public init(
        maxWaitingPerService: Int = 30, maxWaitingPerOpenWindow: Double = 6, maxWaitMinutes: Double = 45,
        dissatisfiedAtOrBelow: Int = RatingScale.dissatisfiedAtOrBelow, maxPauseMinutes: Double = 20, renotifyMinutes: Double = 10,
        escalateMinutes: Double = 20
    ) {
        self.maxWaitingPerService = maxWaitingPerService
        self.maxWaitingPerOpenWindow = maxWaitingPerOpenWindow
        self.maxWaitMinutes = maxWaitMinutes
        self.dissatisfiedAtOrBelow = dissatisfiedAtOrBelow
        self.maxPauseMinutes = maxPauseMinutes
        self.renotifyMinutes = renotifyMinutes
        self.escalateMinutes = escalateMinutes
    }
}

/// Where alert notifications go besides the dashboard.
public struct NotifierSettings: Sendable, Hashable, Codable {
    /// HTTP endpoint that receives a signed JSON POST per notification (e.g. the hall's SMS gateway).
    public var webhookURL: String?
    /// Shared secret for the webhook's HMAC-SHA256 signature header.
    public var webhookSecret: String?
    /// Tries before a delivery is dead-lettered.
    public var maxAttempts: Int
    /// Wait before the first retry of a failed delivery; each further retry waits twice as long (at most 15 minutes).
    public var retrySeconds: Double
    /// Command that sends one SMS: its arguments, with `{phone}` replaced by the recipient; the text arrives on stdin.
    public var smsCommand: [String]?
    /// First group notified (duty director), as phone numbers or names the gateway understands.
    public var firstGroup: [String]
    /// Group an unacknowledged alert escalates to (director).
    public var secondGroup: [String]
    public init(
        webhookURL: String? = nil, webhookSecret: String? = nil, maxAttempts: Int = 6, retrySeconds: Double = 30, smsCommand: [String]? = nil,
        firstGroup: [String] = [], secondGroup: [String] = []
    ) {
        self.smsCommand = smsCommand
        self.webhookURL = webhookURL
        self.webhookSecret = webhookSecret
        self.maxAttempts = maxAttempts
        self.retrySeconds = retrySeconds
        self.firstGroup = firstGroup
        self.secondGroup = secondGroup
    }
}

/// Everything a hall is: read from one human-edited TOML file.
public struct HallConfig: Sendable, Hashable {
    public var name: LocalizedName
    /// IANA identifier, e.g. `Asia/Shanghai`; days and hours are counted in it.
    public var timeZoneIdentifier: String
    public var hours: OpeningHours
    public var services: [Service]
    public var windows: [WindowConfig]
    public var users: [UserAccount]
    public var policy: CallPolicySettings
    public var alerts: AlertThresholds
    public var notifiers: NotifierSettings
    /// Limits on issuing that keep one client or one day from flooding the lines.
    public var limits: IssueLimits
    /// How boards announce calls.
    public var voice: VoiceSettings
    /// Warnings to taxpayers whose turn is near.
    public var reminders: ReminderSettings
    /// How far ahead slots are booked, and when bookings close and check-in opens.
    public var appointments: AppointmentSettings
    /// Where the journal is shipped for the bureau of many halls (`[bureau]`); nil: the hall stands alone.
    public var bureau: BureauLink?

    public init(
        name: LocalizedName, timeZoneIdentifier: String, hours: OpeningHours, services: [Service], windows: [WindowConfig],
        users: [UserAccount] = [], policy: CallPolicySettings = .init(), alerts: AlertThresholds = .init(), notifiers: NotifierSettings = .init(),
        limits: IssueLimits = .init(), appointments: AppointmentSettings = .init(), voice: VoiceSettings = .init(),
        reminders: ReminderSettings = .init(), bureau: BureauLink? = nil
    ) {
        self.name = name
        self.timeZoneIdentifier = timeZoneIdentifier
        self.hours = hours
        self.services = services
        self.windows = windows
        self.users = users
        self.policy = policy
        self.alerts = alerts
        self.notifiers = notifiers
        self.limits = limits
        self.voice = voice
        self.reminders = reminders
        self.appointments = appointments
        self.bureau = bureau
    }

    /// The hall's time zone (validated when the config is loaded).
    public var timeZone: TimeZone { TimeZone(identifier: timeZoneIdentifier) ?? TimeZone(secondsFromGMT: 0)! }

    public func service(_ code: String) -> Service? { services.first { $0.code == code } }
    public func window(_ number: Int) -> WindowConfig? { windows.first { $0.number == number } }
}
