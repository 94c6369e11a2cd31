import Foundation

extension Hall {
    /// A manager cancels one waiting ticket, with a reason journaled alongside (e.g. junk tickets taken in a flood).
    public mutating func cancel(_ id: TicketID, reason: String, manager: String, now: Date) throws(HallError) -> [HallEvent] {
        guard let ticket = tickets[id] else { throw .unknownTicket(id) }
        guard ticket.mayBeCancelled else { throw ticket.cancelRefusal }
        return cancelled([ticket], reason: reason, manager: manager, now: now)
    }

    /// A manager cancels every ticket waiting in a service's line (tickets already at a window are left alone).
    public mutating func cancelWaiting(service code: String, reason: String, manager: String, now: Date) throws(HallError) -> [HallEvent] {
        guard config.service(code) != nil else { throw .unknownService(code) }
        let line = tickets.waitingTickets.filter { $0.service == code }.sorted(by: CallPolicy.issuedEarlier)
        return cancelled(line, reason: reason, manager: manager, now: now)
    }

    private mutating func cancelled(_ waiting: [Ticket], reason: String, manager: String, now: Date) -> [HallEvent] {
        waiting.map { old in
            var ticket = old
            ticket.status = .cancelled
            ticket.finishedAt = now
            tickets[ticket.id] = nil
            return HallEvent(kind: .ticketCancelled, at: now, ticket: ticket, details: ["by": "manager", "manager": manager, "reason": reason])
        }
    }
}
