/// Which reminder a ticket's phone gets: never more than one of each, so never more than two per ticket.
public enum ReminderKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A few people are ahead ("A023 还有 3 位 / A023: 3 ahead").
    case ahead
    /// The ticket is called ("A023 请到 5 号窗口 / A023: go to window 5").
    case called
}

/// One text message due to a taxpayer who asked for reminders at the kiosk.
public struct Reminder: Sendable, Hashable {
    public var kind: ReminderKind
    public var ticketID: TicketID
    /// The ticket's hall day: the message is sent on that day only.
    public var day: String
    public var number: String
    public var phone: String
    /// People ahead, for ``ReminderKind/ahead``.
    public var ahead: Int?
    /// The calling window, for ``ReminderKind/called``.
    public var window: Int?

    public init(kind: ReminderKind, ticketID: TicketID, day: String, number: String, phone: String, ahead: Int? = nil, window: Int? = nil) {
        (self.kind, self.ticketID, self.day, self.number, self.phone, self.ahead, self.window) = (kind, ticketID, day, number, phone, ahead, window)
    }

    /// The message: the hall's name, the ticket's number and the window (or how many are ahead), nothing else.
    public func text(hall: LocalizedName) -> String {
        let body: String =
            switch kind {
            case .ahead where (ahead ?? 0) == 0: "\(number) 下一位就是您 / \(number): you are next"
            case .ahead: "\(number) 还有 \(ahead ?? 0) 位 / \(number): \(ahead ?? 0) ahead"
            case .called: "\(number) 请到 \(window ?? 0) 号窗口 / \(number): go to window \(window ?? 0)"
            }
        return "【\(hall.zh)】\(body)"
    }
}

/// The opted-in tickets still waiting, kept aside so that finding who is a few places from being called looks at
/// them alone after each change (a binary search each), never at every ticket in the hall.
public struct ReminderWatch: Sendable {
    struct Watched: Sendable {
        var number: String
        var day: String
        var phone: String
        /// Seen with more than `placesBefore` people ahead: only a ticket that comes closer is told it is near (one
        /// taken when the line is short was told at the kiosk).
        var wasFurther: Bool
        var aheadDue: Bool
    }

    /// How many people ahead, or fewer, make a ticket "near".
    public let placesBefore: Int
    private(set) var watched: [TicketID: Watched] = [:]

    public init(placesBefore: Int) {
        self.placesBefore = placesBefore
    }

    /// How many tickets are watched.
    public var count: Int { watched.count }

    /// Starts from the hall as loaded: every waiting ticket that asked for reminders, less the reminders `sent`
    /// already (one not yet told it is near is taken to have been further back).
    public mutating func load(_ hall: Hall, sent: [TicketID: Set<ReminderKind>]) {
        watched = [:]
        for ticket in hall.waitingTickets {
            guard let phone = ticket.contact?.reminderPhone else { continue }
            let told = sent[ticket.id] ?? []
            guard !told.contains(.called) else { continue }
            watched[ticket.id] = Watched(number: ticket.number, day: ticket.day, phone: phone, wasFurther: true, aheadDue: !told.contains(.ahead))
        }
    }

    /// Follows committed `events` and returns the reminders they make due in `hall` (the hall after them). While the
    /// hall is closed (`open` false) none is due: a ticket near its turn then is told nothing, a called one neither.
    public mutating func committed(_ events: [HallEvent], hall: Hall, open: Bool) -> [Reminder] {
        var due: [Reminder] = []
        for event in events {
            guard let ticket = event.ticket else { continue }
            switch event.kind {
            case .ticketIssued:
                guard ticket.status.isWaiting, let phone = ticket.contact?.reminderPhone else { continue }
                watched[ticket.id] = Watched(number: ticket.number, day: ticket.day, phone: phone, wasFurther: false, aheadDue: true)
            case .ticketCalled:
                guard let told = watched.removeValue(forKey: ticket.id), open, let window = ticket.window else { continue }
                due.append(Reminder(kind: .called, ticketID: ticket.id, day: told.day, number: told.number, phone: told.phone, window: window))
            case .ticketCancelled, .ticketNoShow, .ticketFinished, .ticketStarted:
                watched[ticket.id] = nil
            default:
                continue
            }
        }
        for (id, ticket) in watched {
            guard let position = hall.position(of: id) else { continue }
            let ahead = position - 1
            if ahead > placesBefore {
                watched[id]?.wasFurther = true
            } else if open, ticket.wasFurther, ticket.aheadDue {
                watched[id]?.aheadDue = false
                due.append(Reminder(kind: .ahead, ticketID: id, day: ticket.day, number: ticket.number, phone: ticket.phone, ahead: ahead))
            }
        }
        return due.sorted { ($0.kind.rawValue, $0.number) < ($1.kind.rawValue, $1.number) }
    }
}
