import Foundation

/// What changed in the hall; journaled, pushed to screens, replayed into statistics.
public enum HallEventKind: String, Sendable, Hashable, Codable, CaseIterable {
    case ticketIssued = "ticket.issued"
    case ticketCalled = "ticket.called"
    case ticketRecalled = "ticket.recalled"
    case ticketStarted = "ticket.started"
    case ticketFinished = "ticket.finished"
    case ticketNoShow = "ticket.noShow"
    case ticketTransferred = "ticket.transferred"
    case ticketCancelled = "ticket.cancelled"
    case windowChanged = "window.changed"
    case alertRaised = "alert.raised"
    case ratingGiven = "rating.given"
    case appointmentBooked = "appointment.booked"
    case appointmentCancelled = "appointment.cancelled"
    /// Checked in on time: an appointment ticket was issued with it.
    case appointmentCheckedIn = "appointment.checkedIn"
    /// Came after check-in closed: an ordinary ticket was issued with it.
    case appointmentLate = "appointment.late"
    case appointmentNoShow = "appointment.noShow"
}

/// One change: the ticket, window or booking as they are after it.
public struct HallEvent: Sendable, Hashable, Codable {
    public var kind: HallEventKind
    public var at: Date
    public var ticket: Ticket?
    public var window: WindowState?
    public var appointment: Appointment?
    /// Small facts the snapshot alone does not tell (e.g. `from`/`to` of a transfer).
    public var details: [String: String]

    public init(
        kind: HallEventKind, at: Date, ticket: Ticket? = nil, window: WindowState? = nil, appointment: Appointment? = nil,
        details: [String: String] = [:]
    ) {
        self.kind = kind
        self.at = at
        self.ticket = ticket
        self.window = window
        self.appointment = appointment
        self.details = details
    }
}
