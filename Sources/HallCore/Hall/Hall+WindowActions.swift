import Foundation

/// Where a transferred ticket goes: another service's line, or a named window.
public enum TransferTarget: Sendable, Hashable {
    case service(String)
    case window(Int)
}

extension Hall {
    /// Opens a window for `officer` (opening an open window hands it to that officer).
    public mutating func open(window number: Int, officer: String?, now: Date) throws(HallError) -> [HallEvent] {
        var window = try windowState(number)
        if window.status == .open && window.officer == officer { return [] }
        if window.status == .closed { window.since = now }
        window.status = window.status == .paused ? .paused : .open
        window.officer = officer
        return [commit(window, .windowChanged, now)]
    }

    /// Closes a window; it must not hold a ticket.
    public mutating func close(window number: Int, now: Date) throws(HallError) -> [HallEvent] {
        var window = try windowState(number)
        if let id = window.ticket, let ticket = tickets[id] { throw .windowBusy(window: number, number: ticket.number) }
        if window.status == .closed { return [] }
        window.status = .closed
        window.officer = nil
        window.pausedAt = nil
        window.pauseReason = nil
        window.since = now
        return [commit(window, .windowChanged, now)]
    }

    /// The longest reason a paused window shows on the dashboard and the officer's console, in characters.
    public static let maxPauseReasonLength = 60

    /// Pauses an open window with no ticket (a break). The reason is plain text of at most
    /// ``maxPauseReasonLength`` characters; a blank one is none.
    public mutating func pause(window number: Int, reason: String? = nil, now: Date) throws(HallError) -> [HallEvent] {
        if let reason, !StaffText.fits(reason, max: Self.maxPauseReasonLength) {
            throw .invalidPauseReason(max: Self.maxPauseReasonLength)
        }
        let reason = reason?.trimmingCharacters(in: .whitespaces)
        var window = try openWindow(number)
        if let id = window.ticket, let ticket = tickets[id] { throw .windowBusy(window: number, number: ticket.number) }
        window.status = .paused
        window.pausedAt = now
        window.pauseReason = reason?.isEmpty == false ? reason : nil
        window.since = now
        return [commit(window, .windowChanged, now)]
    }

    /// Resumes a paused window.
    public mutating func resume(window number: Int, now: Date) throws(HallError) -> [HallEvent] {
        var window = try windowState(number)
        guard window.status == .paused else { throw .windowNotPaused(number) }
        window.status = .open
        window.pausedAt = nil
        window.pauseReason = nil
        window.since = now
        return [commit(window, .windowChanged, now)]
    }

    /// Calls the next ticket by the ``CallPolicy``; nil (and no events) when nobody waits for this window.
    public mutating func callNext(window number: Int, now: Date) throws(HallError) -> (Ticket?, [HallEvent]) {
        let config = try windowConfig(number)
        var window = try openWindow(number)
        if let id = window.ticket, let held = tickets[id] { throw .windowBusy(window: number, number: held.number) }
        guard let next = policy.nextTicket(for: config, in: tickets, streaks: priorityStreaks, now: now), var ticket = tickets[next.id] else {
            return (nil, [])
        }
        if next.pinnedWindow == nil {
            priorityStreaks[next.service] = policy.streak(after: next, previous: priorityStreaks[next.service, default: 0], in: tickets)
        }
        ticket.status = .called
        ticket.calledAt = now
        ticket.window = number
        ticket.officer = window.officer
        ticket.recalls = 0
        ticket.pinnedWindow = nil
        window.ticket = ticket.id
        windows[number] = window
        return (ticket, [commit(ticket, .ticketCalled, now)])
    }

    /// Announces the called ticket again.
    public mutating func recall(window number: Int, now: Date) throws(HallError) -> [HallEvent] {
        var ticket = try heldTicket(number, expecting: [.called], action: "recall")
        ticket.recalls += 1
        return [commit(ticket, .ticketRecalled, now, details: ["recalls": String(ticket.recalls)])]
    }

    /// The taxpayer has arrived at the window: service starts.
    public mutating func start(window number: Int, now: Date) throws(HallError) -> [HallEvent] {
        var ticket = try heldTicket(number, expecting: [.called], action: "start service")
        ticket.status = .serving
        ticket.startedAt = now
        return [commit(ticket, .ticketStarted, now)]
    }

    /// Service is done; the window is free.
    public mutating func finish(window number: Int, now: Date) throws(HallError) -> [HallEvent] {
        var ticket = try heldTicket(number, expecting: [.serving], action: "finish (start service first)")
        ticket.status = .done
        ticket.finishedAt = now
        return [release(ticket, from: number, .ticketFinished, now)]
    }

    /// The called taxpayer did not come after enough recalls.
    public mutating func noShow(window number: Int, now: Date) throws(HallError) -> [HallEvent] {
        var ticket = try heldTicket(number, expecting: [.called], action: "mark no-show")
        let needed = config.policy.recallsBeforeNoShow
        guard ticket.recalls >= needed else { throw .tooFewRecalls(needed: needed, made: ticket.recalls) }
        ticket.status = .noShow
        ticket.finishedAt = now
        return [release(ticket, from: number, .ticketNoShow, now)]
    }

    /// Sends the held ticket to another service's line or to a named window; it keeps its number and issue time.
    public mutating func transfer(window number: Int, to target: TransferTarget, now: Date) throws(HallError) -> [HallEvent] {
        var ticket = try heldTicket(number, expecting: [.called, .serving], action: "transfer")
        var details = ["fromWindow": String(number), "fromService": ticket.service]
        switch target {
        case .service(let code):
            guard config.service(code) != nil else { throw .unknownService(code) }
            guard code != ticket.service else { throw .invalidTransfer("\(ticket.number) already waits for \(code)") }
            ticket.service = code
            details["toService"] = code
        case .window(let other):
            let otherConfig = try windowConfig(other)
            guard other != number else { throw .invalidTransfer("\(ticket.number) is already at window \(number)") }
            guard windows[other]?.status != .closed else { throw .invalidTransfer("window \(other) is closed") }
            ticket.pinnedWindow = otherConfig.number
            details["toWindow"] = String(other)
        }
        ticket.status = .transferred
        ticket.transfers += 1
        ticket.calledAt = nil
        ticket.startedAt = nil
        ticket.recalls = 0
        var window = windows[number]!
        window.ticket = nil
        windows[number] = window
        return [commit(ticket, .ticketTransferred, now, details: details)]
    }

    private func openWindow(_ number: Int) throws(HallError) -> WindowState {
        let window = try windowState(number)
        switch window.status {
        case .closed: throw .windowClosed(number)
        case .paused: throw .windowPaused(number)
        case .open: return window
        }
    }

    private func heldTicket(_ number: Int, expecting: Set<TicketStatus>, action: String) throws(HallError) -> Ticket {
        let window = try windowState(number)
        guard let id = window.ticket, let ticket = tickets[id] else { throw .noTicketAtWindow(number) }
        guard expecting.contains(ticket.status) else { throw .illegalTransition(number: ticket.number, from: ticket.status, action: action) }
        return ticket
    }

    /// Stores the ticket's new state and says what happened, with the window it is at.
    private mutating func commit(_ ticket: Ticket, _ kind: HallEventKind, _ now: Date, details: [String: String] = [:]) -> HallEvent {
        tickets[ticket.id] = ticket
        return HallEvent(kind: kind, at: now, ticket: ticket, window: ticket.window.flatMap { windows[$0] }, details: details)
    }

    private mutating func commit(_ window: WindowState, _ kind: HallEventKind, _ now: Date) -> HallEvent {
        windows[window.number] = window
        return HallEvent(kind: kind, at: now, window: window)
    }

    /// The ticket's life ended at the window: it leaves the live state and the window is free.
    private mutating func release(_ ticket: Ticket, from number: Int, _ kind: HallEventKind, _ now: Date) -> HallEvent {
        tickets[ticket.id] = nil
        var window = windows[number]!
        window.ticket = nil
        windows[number] = window
        return HallEvent(kind: kind, at: now, ticket: ticket, window: window)
    }
}
