import Foundation

@testable import HallCore

/// The calling policy and the hall snapshot as they were written before they read the ordered lines: straight from
/// every waiting ticket. Slow and obviously right; the tests hold the real ones to them.
enum Reference {
    /// Which waiting ticket `window` calls next (the policy's old text, scanning `waiting`).
    static func nextTicket(_ policy: CallPolicySettings, for window: WindowConfig, waiting: [Ticket], streaks: [String: Int], now: Date) -> Ticket? {
        let pinned = waiting.filter { $0.pinnedWindow == window.number }
        if let first = pinned.min(by: CallPolicy.issuedEarlier) { return first }
        let heads: [Ticket] = window.services.compactMap { service in
            head(policy, of: service, waiting: waiting, streak: streaks[service, default: 0])
        }
        guard let firstHead = heads.first else { return nil }
        let limit = policy.fairnessMinutes * 60
        let overdue = heads.dropFirst().filter {
            now.timeIntervalSince($0.issuedAt) >= limit && CallPolicy.issuedEarlier($0, firstHead)
        }
        return overdue.min(by: CallPolicy.issuedEarlier) ?? firstHead
    }

    static func head(_ policy: CallPolicySettings, of service: String, waiting: [Ticket], streak: Int) -> Ticket? {
        var firstPriority: Ticket?
        var firstNormal: Ticket?
        for ticket in waiting where ticket.service == service && ticket.pinnedWindow == nil {
            if ticket.priority.isPriority {
                if firstPriority.map({ CallPolicy.issuedEarlier(ticket, $0) }) ?? true { firstPriority = ticket }
            } else {
                if firstNormal.map({ CallPolicy.issuedEarlier(ticket, $0) }) ?? true { firstNormal = ticket }
            }
        }
        if let firstNormal, firstPriority == nil || streak >= policy.priorityBurst { return firstNormal }
        return firstPriority ?? firstNormal
    }

    /// The streak count after `called` was taken from its service's line.
    static func streak(after called: Ticket, previous: Int, waiting: [Ticket]) -> Int {
        guard called.priority.isPriority else { return 0 }
        let normalWaits = waiting.contains { $0.service == called.service && $0.pinnedWindow == nil && !$0.priority.isPriority }
        return normalWaits ? previous + 1 : 0
    }

    /// The hall's lines and windows at `now`, grouped and sorted from every waiting ticket.
    static func snapshot(_ hall: Hall, now: Date) -> HallSnapshot {
        let waiting = hall.waitingTickets
        let byService = Dictionary(grouping: waiting.filter { $0.pinnedWindow == nil }, by: \.service)
        let lines = hall.config.services.map { service -> ServiceLine in
            let line = (byService[service.code] ?? []).sorted(by: CallPolicy.lineOrder)
            let oldest = line.map(\.issuedAt).min()
            return ServiceLine(
                code: service.code, waiting: line.count, longestWaitSeconds: oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0,
                next: line.prefix(5).map(\.number))
        }
        let views = hall.config.windows.map { config -> WindowView in
            let state = hall.windows[config.number] ?? WindowState(number: config.number)
            return WindowView(state: state, ticket: state.ticket.flatMap { hall.ticket($0) })
        }
        return HallSnapshot(at: now, services: lines, windows: views, totalWaiting: waiting.count)
    }
}
