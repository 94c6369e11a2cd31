import Foundation
import HallCore
import JSONString

/// What a hall tells the bureau about itself when it connects: names, address, hours, services and windows, and its
/// staff's display names (never a password hash). The bureau reads its reports with it, as the hall reads its own
/// with its configuration.
public struct HallProfile: Codable, Sendable, Hashable {
    /// A member of staff as statistics by officer name them.
    public struct Staff: Codable, Sendable, Hashable {
        public var login: String
        public var displayName: String?
    }

    public var hallID: String
    public var name: LocalizedName
    public var shortName: LocalizedName?
    public var address: LocalizedName
    public var phone: String?
    public var timeZone: String
    public var hours: OpeningHours
    public var services: [Service]
    public var windows: [WindowConfig]
    public var staff: [Staff]
    public var targetWaitMinutes: Double

    /// The profile of the hall `config` describes, as `link` names it.
    public init(config: HallConfig, link: BureauLink) {
        hallID = link.hallID
        name = config.name
        shortName = link.shortName
        address = link.address
        phone = link.phone
        timeZone = config.timeZoneIdentifier
        hours = config.hours
        services = config.services
        windows = config.windows
        staff = config.users.map { Staff(login: $0.login, displayName: $0.displayName) }
        targetWaitMinutes = config.policy.targetWaitMinutes
    }

    /// The name lists show: the short name when the hall gave one.
    public var listName: LocalizedName { shortName ?? name }

    /// The hall's configuration as far as the bureau knows it (no passwords, alerts or notifiers): what HallCore's
    /// reports, hours and calendars take.
    public var config: HallConfig {
        HallConfig(
            name: name, timeZoneIdentifier: timeZone, hours: hours, services: services, windows: windows,
            users: staff.map { UserAccount(login: $0.login, role: .officer, passwordHash: "", displayName: $0.displayName) },
            policy: CallPolicySettings(targetWaitMinutes: targetWaitMinutes))
    }

    /// The hall's calendar (days, weekdays and hours in its time zone).
    public var calendar: HallCalendar { HallCalendar(timeZone: TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0)!) }
}

/// The hall as it was at a moment, as its journal had it up to a sequence number: each line's waiting, longest wait
/// and the wait a newcomer can expect (the hall's own estimate), its windows and its alerts.
public struct HallStatus: Codable, Sendable, Hashable {
    public struct Line: Codable, Sendable, Hashable {
        public var service: String
        public var waiting: Int
        public var longestWaitSeconds: Int
        /// The wait of a normal ticket taken now, in seconds; nil when no open window serves the line.
        public var estimatedWaitSeconds: Int?

        public init(service: String, waiting: Int, longestWaitSeconds: Int, estimatedWaitSeconds: Int?) {
            self.service = service
            self.waiting = waiting
            self.longestWaitSeconds = longestWaitSeconds
            self.estimatedWaitSeconds = estimatedWaitSeconds
        }
    }

    public struct Window: Codable, Sendable, Hashable {
        public var number: Int
        /// `open`, `paused` or `closed`.
        public var status: String
        public var officer: String?

        public init(number: Int, status: String, officer: String?) {
            self.number = number
            self.status = status
            self.officer = officer
        }
    }

    /// The hall's clock when it was taken.
    public var hallTime: Date
    /// The journal's newest sequence number at the hall then.
    public var hallSeq: Int64
    public var lines: [Line]
    public var windows: [Window]
    /// Alerts not yet taken by a manager, and taken but not cleared.
    public var openAlerts: Int
    public var acknowledgedAlerts: Int

    public init(hallTime: Date, hallSeq: Int64, lines: [Line], windows: [Window], openAlerts: Int, acknowledgedAlerts: Int) {
        self.hallTime = hallTime
        self.hallSeq = hallSeq
        self.lines = lines
        self.windows = windows
        self.openAlerts = openAlerts
        self.acknowledgedAlerts = acknowledgedAlerts
    }

    public var waiting: Int { lines.reduce(0) { $0 + $1.waiting } }
    public var openWindows: Int { windows.filter { $0.status == WindowStatus.open.rawValue }.count }
    public var longestWaitSeconds: Int { lines.map(\.longestWaitSeconds).max() ?? 0 }
}

/// JSON as the bureau's tables keep it (jsonb): instants as milliseconds since 1970, keys sorted.
enum StoredJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try decoder.decode(type, from: Data(text.utf8))
    }

    /// A flat object of strings (a journal row's details). U+0000, which PostgreSQL's jsonb refuses, becomes U+FFFD, so
    /// no row a hall wrote can hold its shipping up.
    static func object(_ details: [String: String]) -> String {
        guard details.contains(where: { $0.key.utf8.contains(0) || $0.value.utf8.contains(0) }) else { return JSONString.object(details) }
        return JSONString.object(Dictionary(details.map { (noNUL($0.key), noNUL($0.value)) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Text a hall wrote, made fit for a PostgreSQL text value (which cannot hold U+0000).
    static func text(_ s: String?) -> String? {
        s.map(noNUL)
    }

    /// `s` with U+0000 made U+FFFD, which PostgreSQL's text and jsonb can hold.
    static func noNUL(_ s: String) -> String {
        guard s.utf8.contains(0) else { return s }
        return s.replacingOccurrences(of: "\0", with: "\u{FFFD}")
    }
}
