import Foundation

/// Whether a window is taking tickets.
public enum WindowStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case closed, open, paused
}

/// A window's live state. It holds at most one ticket that is called or being served.
public struct WindowState: Sendable, Hashable, Codable {
    public var number: Int
    public var status: WindowStatus
    /// Login of the officer at the window while it is open or paused.
    public var officer: String?
    /// The ticket it has called or is serving.
    public var ticket: TicketID?
    /// When the current pause began.
    public var pausedAt: Date?
    /// Why the officer paused (e.g. "break").
    public var pauseReason: String?
    /// When it last changed status.
    public var since: Date?

    public init(number: Int, status: WindowStatus = .closed) {
        self.number = number
        self.status = status
    }
}
