import Foundation

/// Aggregates for one hall day at one window, by one officer, for one service: what the statistics read.
///
/// Calls, finishes, no-shows and ratings count where they happened (window and officer). Arrivals and cancellations
/// belong to no window: they are kept under window 0 and officer "" so that per-day and per-service sums are whole.
public struct DayRollup: Sendable, Hashable {
    /// Hall-local date `yyyy-MM-dd`.
    public var day: String
    /// Window number, 0 for arrivals and cancellations.
    public var window: Int
    /// Officer login, "" when none.
    public var officer: String
    public var service: String
    public var tally = Tally()

    public init(day: String, window: Int, officer: String, service: String, tally: Tally = Tally()) {
        self.day = day
        self.window = window
        self.officer = officer
        self.service = service
        self.tally = tally
    }

    /// Whether a change of `kind` is credited to the window and officer that made it.
    public static func belongsToWindow(kind: String) -> Bool {
        kind != HallEventKind.ticketIssued.rawValue && kind != HallEventKind.ticketCancelled.rawValue
    }
}
