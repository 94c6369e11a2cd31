import Foundation
import HallCore

/// One row of the journal: what happened, to which ticket, where and when, with its sequence number.
public struct JournaledEvent: Sendable, Hashable {
    /// Position in the journal; strictly increasing; the SSE `id:`.
    public var seq: Int64
    public var kind: String
    public var at: Date
    public var ticketID: TicketID?
    public var service: String?
    public var window: Int?
    public var officer: String?
    /// Facts beyond the ticket's state, e.g. `wait` seconds on a call, `service` seconds on a finish, transfer ends.
    public var details: [String: String]

    public init(
        seq: Int64, kind: String, at: Date, ticketID: TicketID? = nil, service: String? = nil, window: Int? = nil, officer: String? = nil,
        details: [String: String] = [:]
    ) {
        self.seq = seq
        self.kind = kind
        self.at = at
        self.ticketID = ticketID
        self.service = service
        self.window = window
        self.officer = officer
        self.details = details
    }

    /// The journal row for a hall event (before it has a sequence number). A booking's row names its slot (`day`,
    /// `slot`), never the taxpayer's phone or ID number.
    public init(_ event: HallEvent) {
        var details = event.details
        if let ticket = event.ticket {
            if event.kind == .ticketCalled, let wait = ticket.waitSeconds { details["wait"] = String(Int(wait.rounded())) }
            if event.kind == .ticketFinished, let service = ticket.serviceSeconds { details["service"] = String(Int(service.rounded())) }
            if event.kind == .ticketIssued { details["priority"] = ticket.priority.rawValue }
        }
        if let appointment = event.appointment {
            details["appointment"] = appointment.id.rawValue
            details["day"] = appointment.day
            details["slot"] = appointment.slot
            if let number = appointment.ticketNumber { details["ticket"] = number }
        }
        self.init(
            seq: 0, kind: event.kind.rawValue, at: event.at, ticketID: event.ticket?.id, service: event.ticket?.service ?? event.appointment?.service,
            window: event.window?.number ?? event.ticket?.window, officer: event.ticket?.officer ?? event.window?.officer, details: details)
    }
}
