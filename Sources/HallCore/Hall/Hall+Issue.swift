import Foundation

/// What a taxpayer asks for at the kiosk or on the phone.
public struct TicketRequest: Sendable, Hashable {
    public var service: String
    public var priority: Priority
    public var phone: String?
    public var idNumber: String?
    /// Text the phone when the turn is near (opt-in at the kiosk; needs `phone`).
    public var remind: Bool
    public init(service: String, priority: Priority = .normal, phone: String? = nil, idNumber: String? = nil, remind: Bool = false) {
        self.service = service
        self.priority = priority
        self.phone = phone
        self.idNumber = idNumber
        self.remind = remind
    }
}

extension Hall {
    /// Issues the next number of the requested service for the hall day of `now`.
    public mutating func issue(
        _ request: TicketRequest, now: Date, random: inout some RandomNumberGenerator
    ) throws(HallError) -> (Ticket, [HallEvent]) {
        let ticket = try ticketToIssue(request, now: now, random: &random)
        counters[ticket.service] = NumberCounter(day: ticket.day, last: ticket.sequence)
        tickets[ticket.id] = ticket
        if let phone = ticket.contact?.reminderPhone { reminderNumbers.add(phone, on: ticket.day) }
        if earliestLiveDay.map({ ticket.day < $0 }) ?? true { earliestLiveDay = ticket.day }
        return (ticket, [HallEvent(kind: .ticketIssued, at: now, ticket: ticket)])
    }

    /// The ticket ``issue(_:now:random:)`` would hand out, without handing it out (a newcomer's wait is forecast on it).
    func ticketToIssue(_ request: TicketRequest, now: Date, random: inout some RandomNumberGenerator) throws(HallError) -> Ticket {
        guard let service = config.service(request.service) else { throw .unknownService(request.service) }
        let contact = try TaxpayerContact.validated(phone: request.phone, idNumber: request.idNumber, remind: request.remind)
        if request.remind && !config.sendsReminderTexts { throw .remindersOff }
        let day = numberingDay(at: now)
        if let phone = contact?.reminderPhone { try checkReminderLimit(phone: phone, day: day) }
        let sequence = counters[service.code]?.next(on: day) ?? 1
        return Ticket(
            id: TicketID(RandomToken.make(length: 12, using: &random)),
            number: NumberCounter.format(prefix: service.code, sequence: sequence),
            service: service.code, priority: request.priority, day: day, sequence: sequence, issuedAt: now,
            secret: RandomToken.make(length: 20, using: &random), contact: contact)
    }

    /// Texts cost the hall money and land on a stranger's phone if the number is not the taker's, so one number gets
    /// them for one waiting ticket at a time: a second one is refused until the first is called, served or cancelled.
    /// Looks at every waiting ticket, so only a request that asks for texts pays for it. And only so many tickets of a
    /// day may ask for texts to one number (`[reminders] tickets_per_number_per_day`), cancelled ones included.
    func checkReminderLimit(phone: String, day: String) throws(HallError) {
        if let held = tickets.firstWaiting(where: { $0.contact?.reminderPhone == phone }) { throw .reminderInUse(number: held.number) }
        let cap = config.reminders.ticketsPerNumberPerDay
        if cap > 0, reminderNumbers.count(phone, on: day) >= cap { throw .reminderLimit(cap: cap) }
    }

    /// Puts back what the store knows of `day`'s tickets that asked for texts (at start).
    public mutating func restoreReminderNumbers(_ tickets: [String: Int], day: String) {
        reminderNumbers = ReminderNumbers(day: day, tickets: tickets)
    }

    /// The hall day a ticket issued at `now` belongs to: the day of `now`, but never a day before the latest one the
    /// hall has numbered tickets on, so a clock stepped back over midnight continues today's numbers instead of
    /// handing out numbers that earlier day already used.
    public func numberingDay(at now: Date) -> String {
        let day = calendar.day(of: now)
        guard let latest = counters.values.lazy.map(\.day).max(), latest > day else { return day }
        return latest
    }

    /// Tickets of `service` issued so far on the hall day of `now` (what a daily cap counts).
    public func issuedToday(service: String, now: Date) -> Int {
        guard let counter = counters[service], counter.day == numberingDay(at: now) else { return 0 }
        return counter.last
    }

    /// Whether every ticket of `service` the hall issues on the hall day of `now` has been taken (`[limits]
    /// tickets_per_service_per_day`; 0: no cap).
    public func dailyLimitReached(service: String, now: Date) -> Bool {
        let cap = config.limits.ticketsPerServicePerDay
        return cap > 0 && issuedToday(service: service, now: now) >= cap
    }

    /// The taxpayer cancels a waiting ticket with its secret (or staff do, passing `secret: nil, byStaff: true`).
    public mutating func cancel(_ id: TicketID, secret: String?, byStaff: Bool = false, now: Date) throws(HallError) -> [HallEvent] {
        guard var ticket = tickets[id] else { throw .unknownTicket(id) }
        if !byStaff {
            guard let secret, RandomToken.constantTimeEqual(secret, ticket.secret) else { throw .wrongSecret }
        }
        guard ticket.mayBeCancelled else { throw ticket.cancelRefusal }
        ticket.status = .cancelled
        ticket.finishedAt = now
        tickets[id] = nil
        return [HallEvent(kind: .ticketCancelled, at: now, ticket: ticket, details: byStaff ? ["by": "staff"] : [:])]
    }

    /// Cancels tickets still waiting from an earlier hall day (numbers restart each day; yesterday's line is void).
    public mutating func closeEarlierDays(now: Date) -> [HallEvent] {
        let today = calendar.day(of: now)
        guard let earliest = earliestLiveDay, earliest < today else { return [] }
        let stale = tickets.values.filter { $0.status.isWaiting && $0.day < today }.sorted(by: CallPolicy.issuedEarlier)
        defer { earliestLiveDay = tickets.values.map(\.day).min() }
        return stale.map { old in
            var ticket = old
            ticket.status = .cancelled
            ticket.finishedAt = now
            tickets[ticket.id] = nil
            return HallEvent(kind: .ticketCancelled, at: now, ticket: ticket, details: ["by": "day-end"])
        }
    }
}

/// Random identifiers and secrets from an unambiguous alphabet (no 0/o, 1/l).
public enum RandomToken {
    static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")

    /// `length` characters, 5 random bits each (the alphabet has 32): twelve characters per 64-bit draw, since a draw
    /// from the system generator is a system call.
    public static func make(length: Int, using random: inout some RandomNumberGenerator) -> String {
        var out = ""
        out.reserveCapacity(length)
        var bits: UInt64 = 0
        var left = 0
        for _ in 0..<length {
            if left < 5 {
                bits = random.next()
                left = 64
            }
            out.append(alphabet[Int(bits & 31)])
            bits >>= 5
            left -= 5
        }
        return out
    }

    /// Compares without stopping at the first difference.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
