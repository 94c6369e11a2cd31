import Foundation

/// A ticket's opaque identifier, used in the phone page's address (`/t/{id}`).
public struct TicketID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Who goes first within a service.
public enum Priority: String, Sendable, Hashable, Codable, CaseIterable {
    /// Elderly, disabled, pregnant: the green channel.
    case green
    /// A booked slot that is due now.
    case appointment
    case normal

    /// Whether this class is called before normal tickets (within the bound of ``CallPolicy``).
    public var isPriority: Bool { self != .normal }
}

/// Where a ticket is in its life: `waiting → called → serving → done`, or `noShow`, `cancelled`;
/// `transferred` is waiting again in another line after a transfer.
public enum TicketStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case waiting, called, serving, done, noShow, cancelled, transferred

    /// Waiting in a line (also after a transfer).
    public var isWaiting: Bool { self == .waiting || self == .transferred }
    /// Held by a window.
    public var isAtWindow: Bool { self == .called || self == .serving }
    /// Its life is over.
    public var isFinal: Bool { self == .done || self == .noShow || self == .cancelled }
}

/// One taxpayer's number and everything the hall records about it.
public struct Ticket: Sendable, Hashable, Codable {
    public var id: TicketID
    /// The printed number, e.g. `A012`.
    public var number: String
    /// Service code it waits for now (changes on a transfer to another service).
    public var service: String
    /// Service it was issued for.
    public var issuedService: String
    public var priority: Priority
    public var status: TicketStatus
    /// Hall-local day it was issued on, `yyyy-MM-dd`.
    public var day: String
    /// Its sequence within the service and day (12 for `A012`).
    public var sequence: Int
    public var issuedAt: Date
    public var calledAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Window that called it last.
    public var window: Int?
    /// Officer who called it last.
    public var officer: String?
    /// Times re-announced since it was last called.
    public var recalls: Int
    /// Set when it was transferred to a named window: only that window calls it.
    public var pinnedWindow: Int?
    public var transfers: Int
    /// Shown only to the taxpayer who took it; lets them cancel and rate from their phone.
    public var secret: String
    /// Real-name pre-check contact, if given (never shown publicly).
    public var contact: TaxpayerContact?

    public init(
        id: TicketID, number: String, service: String, priority: Priority, day: String, sequence: Int, issuedAt: Date, secret: String,
        contact: TaxpayerContact? = nil
    ) {
        self.id = id
        self.number = number
        self.service = service
        self.issuedService = service
        self.priority = priority
        self.status = .waiting
        self.day = day
        self.sequence = sequence
        self.issuedAt = issuedAt
        self.recalls = 0
        self.transfers = 0
        self.secret = secret
        self.contact = contact
    }

    /// Seconds from issue to (last) call.
    public var waitSeconds: TimeInterval? { calledAt.map { $0.timeIntervalSince(issuedAt) } }
    /// Seconds from service start to finish.
    public var serviceSeconds: TimeInterval? {
        guard let startedAt, let finishedAt else { return nil }
        return finishedAt.timeIntervalSince(startedAt)
    }
}

extension Ticket {
    /// Whether the ticket may be cancelled, by its taxpayer (with its secret), by staff or by a manager: only while it
    /// waits in a line. A ticket at a window is finished, marked no-show or transferred there instead.
    public var mayBeCancelled: Bool { status.isWaiting }

    /// The refusal to cancel the ticket in its present state (also when the hall no longer holds it: its life is over).
    public var cancelRefusal: HallError { .illegalTransition(number: number, from: status, action: "cancel") }
}
