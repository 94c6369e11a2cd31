/// Limits on taking tickets (`[limits]` in the configuration file); `0` turns a limit off.
public struct IssueLimits: Sendable, Hashable, Codable {
    /// Tickets one client address may take per minute, as a token bucket: up to this many at once, then one more
    /// every 60/N seconds. IPv6 clients are counted per /64 network (one household or phone gets a whole /64).
    public var ticketsPerAddressPerMinute: Int
    /// Tickets of one service issued in one hall day, whoever takes them.
    public var ticketsPerServicePerDay: Int
    /// Addresses the per-address limits do not apply to, e.g. the hall's own kiosks (the daily cap still does).
    public var exemptAddresses: [String]
    /// Bookings one client address may make per minute, as a token bucket like tickets'.
    public var bookingsPerAddressPerMinute: Int
    /// Wrong codes or phone numbers one address may type at check-in per minute (kiosks included): past it, every
    /// check-in from that address waits, so codes cannot be tried one after another.
    public var checkInAttemptsPerAddressPerMinute: Int

    public init(
        ticketsPerAddressPerMinute: Int = 0, ticketsPerServicePerDay: Int = 0, exemptAddresses: [String] = [], bookingsPerAddressPerMinute: Int = 0,
        checkInAttemptsPerAddressPerMinute: Int = 0
    ) {
        self.ticketsPerAddressPerMinute = ticketsPerAddressPerMinute
        self.ticketsPerServicePerDay = ticketsPerServicePerDay
        self.exemptAddresses = exemptAddresses
        self.bookingsPerAddressPerMinute = bookingsPerAddressPerMinute
        self.checkInAttemptsPerAddressPerMinute = checkInAttemptsPerAddressPerMinute
    }
}
