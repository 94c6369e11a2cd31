/// Limits on taking tickets (`[limits]` in the configuration file); `0` turns a limit off.
public struct IssueLimits: Sendable, Hashable, Codable {
    /// Tickets one client address may take per minute, as a token bucket: up to this many at once, then one more
    /// every 60/N seconds. IPv6 clients are counted per /64 network (one household or phone gets a whole /64).
    public var ticketsPerAddressPerMinute: Int
    /// Tickets of one service issued in one hall day, whoever takes them.
    public var ticketsPerServicePerDay: Int
    /// Addresses the per-address limit does not apply to, e.g. the hall's own kiosks (the daily cap still does).
    public var exemptAddresses: [String]

    public init(ticketsPerAddressPerMinute: Int = 0, ticketsPerServicePerDay: Int = 0, exemptAddresses: [String] = []) {
        self.ticketsPerAddressPerMinute = ticketsPerAddressPerMinute
        self.ticketsPerServicePerDay = ticketsPerServicePerDay
        self.exemptAddresses = exemptAddresses
    }
}
