import Foundation

/// The live hall: its configuration, every ticket still in play, every window, and today's counters.
///
/// A value type with no I/O: every action takes the time (and, to issue, a random source), changes the value and
/// returns the ``HallEvent``s to journal. Finished, no-show and cancelled tickets leave the live state; the
/// store keeps them.
public struct Hall: Sendable {
    public private(set) var config: HallConfig
    public let calendar: HallCalendar
    public var policy: CallPolicy { CallPolicy(settings: config.policy) }
    /// Tickets waiting, called or being served.
    public internal(set) var tickets: TicketTable { didSet { revision &+= 1 } }
    public internal(set) var windows: [Int: WindowState] { didSet { revision &+= 1 } }
    /// Last number per service on its day.
    public internal(set) var counters: [String: NumberCounter] { didSet { revision &+= 1 } }
    /// Per service, priority tickets called in a row while a normal one waited (see ``CallPolicy``).
    public internal(set) var priorityStreaks: [String: Int] { didSet { revision &+= 1 } }
    /// The earliest hall day among live tickets (nil when there are none), so the day-end sweep is free on other changes.
    var earliestLiveDay: String? { didSet { revision &+= 1 } }
    /// Bookings of today and later days (see ``AppointmentBook``).
    public internal(set) var appointments: AppointmentBook { didSet { revision &+= 1 } }
    /// Today's tickets that asked for reminder texts, per mobile number (see ``ReminderNumbers``).
    public internal(set) var reminderNumbers = ReminderNumbers() { didSet { revision &+= 1 } }
    /// Bookings of days before this one have left the live hall (set when the no-show sweep moves on a day).
    var appointmentsKeptFrom = "" { didSet { revision &+= 1 } }
    /// Changes with every change made to this hall (an action, ``apply(_:bookkeepingOf:)``, ``reconfigure(_:)``), so
    /// whatever is worked out from one state of the hall (a ``WaitForecast``) can be kept until the hall moves on.
    /// Copies start with the same revision; it tells successive states of one hall apart, not two halls.
    public private(set) var revision = 0

    /// A hall with no tickets and every window closed.
    public init(config: HallConfig) {
        self.init(config: config, tickets: [], windows: [], counters: [:], priorityStreaks: [:])
    }

    /// A hall restored from stored state; windows missing from the config are dropped, new ones start closed.
    public init(
        config: HallConfig, tickets: [Ticket], windows: [WindowState], counters: [String: NumberCounter], priorityStreaks: [String: Int],
        appointments: [Appointment] = []
    ) {
        self.config = config
        self.calendar = HallCalendar(timeZone: config.timeZone)
        self.tickets = TicketTable(tickets.filter { !$0.status.isFinal })
        let stored = Dictionary(windows.map { ($0.number, $0) }, uniquingKeysWith: { $1 })
        self.windows = Dictionary(uniqueKeysWithValues: config.windows.map { ($0.number, stored[$0.number] ?? WindowState(number: $0.number)) })
        self.counters = counters
        self.priorityStreaks = priorityStreaks
        self.earliestLiveDay = self.tickets.values.map(\.day).min()
        self.appointments = AppointmentBook(appointments)
    }

    /// Replaces the configuration (e.g. new alert thresholds) keeping the live state.
    public mutating func reconfigure(_ config: HallConfig) {
        let revision = self.revision
        let keptFrom = appointmentsKeptFrom
        let numbers = reminderNumbers
        self = Hall(
            config: config, tickets: Array(tickets.values), windows: Array(windows.values), counters: counters, priorityStreaks: priorityStreaks,
            appointments: Array(appointments.all))
        self.appointmentsKeptFrom = keptFrom
        self.reminderNumbers = numbers
        self.revision = revision &+ 1
    }

    /// Tickets waiting in any line, in no particular order (a copy of every one: not for anything done per request).
    public var waitingTickets: [Ticket] { tickets.waitingTickets }

    /// How many tickets wait in all lines (those transferred to a named window included).
    public var waitingCount: Int { tickets.waitingCount }

    /// A live ticket by id.
    public func ticket(_ id: TicketID) -> Ticket? { tickets[id] }

    /// The ticket a window holds, if any.
    public func ticket(atWindow number: Int) -> Ticket? { windows[number]?.ticket.flatMap { tickets[$0] } }

    /// Place in line (1 = next) of a waiting ticket among those waiting for the same service, or for the same window
    /// when it was transferred there by name.
    public func position(of id: TicketID) -> Int? { tickets.position(of: id) }

    func windowConfig(_ number: Int) throws(HallError) -> WindowConfig {
        guard let window = config.window(number) else { throw .unknownWindow(number) }
        return window
    }

    func windowState(_ number: Int) throws(HallError) -> WindowState {
        guard let state = windows[number] else { throw .unknownWindow(number) }
        return state
    }
}
