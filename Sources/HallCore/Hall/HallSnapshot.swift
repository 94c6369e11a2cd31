import Foundation

/// One service's line at a moment.
public struct ServiceLine: Sendable, Hashable, Codable {
    public var code: String
    public var waiting: Int
    /// How long the longest-waiting ticket has waited, in seconds (0 when nobody waits).
    public var longestWaitSeconds: Double
    /// The next few numbers in line order.
    public var next: [String]
}

/// A window and the ticket it holds.
public struct WindowView: Sendable, Hashable, Codable {
    public var state: WindowState
    public var ticket: Ticket?
}

/// The hall at a moment: every line and every window.
public struct HallSnapshot: Sendable, Hashable, Codable {
    public var at: Date
    public var services: [ServiceLine]
    public var windows: [WindowView]

    /// Total waiting in all lines (tickets transferred to a named window included).
    public var totalWaiting: Int
    /// Windows open (not paused, not closed).
    public var openWindows: Int { windows.filter { $0.state.status == .open }.count }
}

extension Hall {
    /// The hall's lines and windows at `now`, read from the heads of the ordered lines: it costs the services and
    /// windows, not the tickets waiting.
    public func snapshot(now: Date) -> HallSnapshot {
        let lines = config.services.map { service -> ServiceLine in
            let code = service.code
            // Each class is in issue order, so the longest wait is that of the first priority or first normal ticket.
            let oldest = [tickets.firstPriority(in: code), tickets.firstNormal(in: code)].compactMap { $0?.issuedAt }.min()
            return ServiceLine(
                code: code, waiting: tickets.lineLength(code), longestWaitSeconds: oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0,
                next: tickets.lineHead(code, 5).map(\.number))
        }
        let views = config.windows.map { config -> WindowView in
            let state = windows[config.number] ?? WindowState(number: config.number)
            return WindowView(state: state, ticket: state.ticket.flatMap { tickets[$0] })
        }
        return HallSnapshot(at: now, services: lines, windows: views, totalWaiting: tickets.waitingCount)
    }
}
