/// Why the hall refused an action; each has a stable `code` and a message a person can read.
public enum HallError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownService(String)
    case unknownWindow(Int)
    case unknownTicket(TicketID)
    case invalidPhone(String)
    case invalidIDNumber
    case wrongSecret
    /// The ticket is not in a state where `action` applies.
    case illegalTransition(number: String, from: TicketStatus, action: String)
    case windowClosed(Int)
    case windowPaused(Int)
    case windowNotPaused(Int)
    /// The window already holds a called or serving ticket.
    case windowBusy(window: Int, number: String)
    case noTicketAtWindow(Int)
    case tooFewRecalls(needed: Int, made: Int)
    case serviceNotAtWindow(service: String, window: Int)
    case invalidTransfer(String)
    /// Reminder texts were asked for without a phone number to send them to.
    case reminderNeedsPhone
    /// Reminder texts were asked for, but the hall sends none (`[reminders] sms`, and a webhook or SMS command).
    case remindersOff
    /// The number already gets texts for a waiting ticket (`number`).
    case reminderInUse(number: String)
    /// Today's tickets that may ask for texts to this number have all asked (`[reminders] tickets_per_number_per_day`).
    case reminderLimit(cap: Int)
    /// A window's pause reason is too long or not plain text.
    case invalidPauseReason(max: Int)
    /// A booking, cancellation or check-in refused.
    case booking(BookingError)

    /// Stable machine-readable code for clients.
    public var code: String {
        switch self {
        case .unknownService: "unknown_service"
        case .unknownWindow: "unknown_window"
        case .unknownTicket: "unknown_ticket"
        case .invalidPhone: "invalid_phone"
        case .invalidIDNumber: "invalid_id_number"
        case .wrongSecret: "wrong_secret"
        case .illegalTransition: "illegal_transition"
        case .windowClosed: "window_closed"
        case .windowPaused: "window_paused"
        case .windowNotPaused: "window_not_paused"
        case .windowBusy: "window_busy"
        case .noTicketAtWindow: "no_ticket_at_window"
        case .tooFewRecalls: "too_few_recalls"
        case .serviceNotAtWindow: "service_not_at_window"
        case .invalidTransfer: "invalid_transfer"
        case .reminderNeedsPhone: "reminder_needs_phone"
        case .remindersOff: "sms_unavailable"
        case .reminderInUse: "reminder_in_use"
        case .reminderLimit: "reminder_limit"
        case .invalidPauseReason: "invalid_field"
        case .booking(let error): error.code
        }
    }

    public var description: String {
        switch self {
        case .unknownService(let code): "no service with prefix \"\(code)\" in this hall"
        case .unknownWindow(let n): "no window \(n) in this hall"
        case .unknownTicket(let id): "no ticket \(id)"
        case .invalidPhone(let phone): "\"\(phone)\" is not an 11-digit mobile number"
        case .invalidIDNumber: "the ID number is not a valid 18-character resident ID"
        case .wrongSecret: "the ticket's secret does not match"
        case .illegalTransition(let number, let from, let action): "ticket \(number) is \(from.rawValue); cannot \(action)"
        case .windowClosed(let n): "window \(n) is closed; open it first"
        case .windowPaused(let n): "window \(n) is paused; resume it first"
        case .windowNotPaused(let n): "window \(n) is not paused"
        case .windowBusy(let window, let number): "window \(window) still holds \(number); finish, transfer or mark it no-show first"
        case .noTicketAtWindow(let n): "window \(n) holds no ticket"
        case .tooFewRecalls(let needed, let made): "recall at least \(needed) times before no-show (recalled \(made))"
        case .serviceNotAtWindow(let service, let window): "window \(window) does not serve \(service)"
        case .invalidTransfer(let why): "cannot transfer: \(why)"
        case .reminderNeedsPhone: "text reminders need a mobile number: give \"phone\" too"
        case .remindersOff: "this hall sends no text reminders; the phone page warns when the turn is near"
        case .reminderInUse(let number):
            "this mobile number already gets texts for ticket \(number), still waiting; take this one without texts"
        case .reminderLimit(let cap):
            "\(cap) tickets have asked for texts to this mobile number today, as many as the hall allows; take this one without texts"
        case .invalidPauseReason(let max): "field \"reason\": a pause's reason is plain text of at most \(max) characters"
        case .booking(let error): error.description
        }
    }
}
