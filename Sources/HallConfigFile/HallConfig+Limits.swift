import HallCore

extension HallConfig {
    static let limitKeys = ["tickets_per_address_per_minute", "tickets_per_service_per_day", "exempt_addresses"]

    /// `[limits]`: every limit is off (0) unless set.
    static func limits(_ table: ConfigTableReader?) throws(ConfigError) -> IssueLimits {
        guard let table else { return IssueLimits() }
        let exempt = try table.optional("exempt_addresses", "an array of IP addresses like [\"10.0.0.21\"]", ConfigTableReader.strings) ?? []
        for address in exempt where !isIPAddress(address) {
            throw table.error("exempt_addresses", "\"\(address)\" is not an IPv4 or IPv6 address (e.g. \"10.0.0.21\")")
        }
        return IssueLimits(
            ticketsPerAddressPerMinute: try table.integer("tickets_per_address_per_minute", in: 0...10_000, or: 0),
            ticketsPerServicePerDay: try table.integer("tickets_per_service_per_day", in: 0...99_999, or: 0), exemptAddresses: exempt)
    }
}
