extension HallConfig {
    static let limitKeys = [
        "tickets_per_address_per_minute", "tickets_per_service_per_day", "exempt_addresses", "bookings_per_address_per_minute",
        "check_in_attempts_per_address_per_minute",
    ]

    /// `[limits]`: every limit is off (0) unless set.
    static func limits(_ table: ConfigTableReader?) throws(ConfigError) -> IssueLimits {
        guard let table else { return IssueLimits() }
        let exempt = try table.optional("exempt_addresses", "an array of IP addresses like [\"10.0.0.21\"]", ConfigTableReader.strings) ?? []
        for address in exempt where !isIPAddress(address) {
            throw table.error("exempt_addresses", "\"\(address)\" is not an IPv4 or IPv6 address (e.g. \"10.0.0.21\")")
        }
        return IssueLimits(
            ticketsPerAddressPerMinute: try table.integer("tickets_per_address_per_minute", in: 0...10_000, or: 0),
            ticketsPerServicePerDay: try table.integer("tickets_per_service_per_day", in: 0...99_999, or: 0), exemptAddresses: exempt,
            bookingsPerAddressPerMinute: try table.integer("bookings_per_address_per_minute", in: 0...10_000, or: 0),
            checkInAttemptsPerAddressPerMinute: try table.integer("check_in_attempts_per_address_per_minute", in: 0...10_000, or: 0))
    }

    static let appointmentKeys = [
        "days_ahead", "book_until_minutes_before", "check_in_from_minutes_before", "check_in_until_minutes_after", "active_bookings_per_phone",
    ]

    /// `[appointments]`: how far ahead, until when, and when check-in opens and closes around a slot.
    static func appointments(_ table: ConfigTableReader?) throws(ConfigError) -> AppointmentSettings {
        let fallback = AppointmentSettings()
        guard let table else { return fallback }
        return AppointmentSettings(
            daysAhead: try table.integer("days_ahead", in: 0...90, or: fallback.daysAhead),
            bookUntilMinutesBefore: try table.integer("book_until_minutes_before", in: 0...2880, or: fallback.bookUntilMinutesBefore),
            checkInFromMinutesBefore: try table.integer("check_in_from_minutes_before", in: 0...240, or: fallback.checkInFromMinutesBefore),
            checkInUntilMinutesAfter: try table.integer("check_in_until_minutes_after", in: 0...240, or: fallback.checkInUntilMinutesAfter),
            activeBookingsPerPhone: try table.integer("active_bookings_per_phone", in: 1...50, or: fallback.activeBookingsPerPhone))
    }

    /// A dotted-quad IPv4 address, or IPv6 text (hex groups and colons, at most one `::`, optionally ending in IPv4).
    static func isIPAddress(_ text: String) -> Bool {
        let quads = text.split(separator: ".", omittingEmptySubsequences: false)
        if quads.count == 4, !text.contains(":") {
            return quads.allSatisfy { q in (1...3).contains(q.count) && q.allSatisfy(\.isASCIIDigit) && Int(q)! <= 255 }
        }
        guard text.contains(":"), text.components(separatedBy: "::").count <= 2 else { return false }
        var groups = text.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        if let last = groups.last, last.contains(".") {
            guard isIPAddress(last), !last.contains(":") else { return false }
            groups.removeLast()
            groups += ["0", "0"]
        }
        let compressed = text.contains("::")
        guard compressed ? groups.count < 8 : groups.count == 8 else { return false }
        return groups.allSatisfy { g in (1...4).contains(g.count) && g.allSatisfy(\.isHexDigit) }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
