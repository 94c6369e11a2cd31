import HallCore

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
}
