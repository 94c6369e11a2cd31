import Foundation

/// What a taxpayer asks for on the booking page.
public struct BookingRequest: Sendable, Hashable {
    public var service: String
    /// The slot's hall day, `yyyy-MM-dd`, and its start, `HH:MM`.
    public var day: String
    public var slot: String
    public var phone: String?
    public var idNumber: String?
    public init(service: String, day: String, slot: String, phone: String?, idNumber: String? = nil) {
        self.service = service
        self.day = day
        self.slot = slot
        self.phone = phone
        self.idNumber = idNumber
    }
}

/// How a taxpayer names their booking at the kiosk.
public enum CheckInKey: Sendable, Hashable {
    case code(String)
    case phone(String)
}

/// A check-in's outcome: the booking as it is now and the ticket it gave (an appointment ticket when on time).
public struct CheckIn: Sendable, Hashable {
    public var appointment: Appointment
    public var ticket: Ticket
    /// Within the check-in window: the ticket is an appointment ticket. Otherwise an ordinary one.
    public var onTime: Bool
}

extension Hall {
    public var bookingCalendar: BookingCalendar { BookingCalendar(config: config, calendar: calendar) }

    /// Places still free in `slot`.
    public func remaining(in slot: BookingSlot) -> Int {
        max(0, slot.capacity - appointments.taken(service: slot.service, day: slot.day, startMinute: slot.startMinute))
    }

    /// Books a slot: the service must take bookings that day, the slot must exist, be open for booking and have a
    /// place, and the phone may hold only one booking of the service that day and a few in all.
    public mutating func book(
        _ request: BookingRequest, now: Date, random: inout some RandomNumberGenerator
    ) throws(HallError) -> (Appointment, [HallEvent]) {
        guard let service = config.service(request.service) else { throw .unknownService(request.service) }
        guard service.booking != nil else { throw .booking(.notBookable(service: service.code)) }
        let contact = try TaxpayerContact.validated(phone: request.phone, idNumber: request.idNumber)
        guard let phone = contact?.phone else { throw .booking(.phoneRequired) }
        guard HallDays.isWellFormed(request.day) else { throw .booking(.invalidDate(request.day)) }
        guard let minute = BookingSlot.minute(request.slot) else { throw .booking(.invalidSlot(request.slot)) }
        let slot = try bookableSlot(service: service.code, day: request.day, minute: minute, now: now)
        guard remaining(in: slot) > 0 else { throw .booking(.slotFull(service: service.code, day: slot.day, slot: slot.slot)) }
        let held = appointments.active(phone: phone)
        if let same = held.first(where: { $0.service == service.code && $0.day == slot.day }) {
            throw .booking(.alreadyBooked(service: service.code, day: same.day, slot: same.slot))
        }
        let limit = config.appointments.activeBookingsPerPhone
        guard held.count < limit else { throw .booking(.tooManyBookings(limit: limit)) }
        var code: String
        repeat { code = String(10_000_000 + random.next() % 90_000_000) } while appointments.find(code: code, day: slot.day) != nil
        let appointment = Appointment(
            id: AppointmentID(RandomToken.make(length: 12, using: &random)), code: code, secret: RandomToken.make(length: 20, using: &random),
            service: service.code, day: slot.day, startMinute: slot.startMinute, endMinute: slot.endMinute, startsAt: slot.startsAt,
            endsAt: slot.endsAt, phone: phone, idNumber: contact?.idNumber, bookedAt: now)
        appointments[appointment.id] = appointment
        return (appointment, [HallEvent(kind: .appointmentBooked, at: now, appointment: appointment)])
    }

    /// The slot of `service` starting at `minute` on `day`, if it may be booked at `now`.
    func bookableSlot(service: String, day: String, minute: Int, now: Date) throws(HallError) -> BookingSlot {
        let book = bookingCalendar
        let today = calendar.day(of: now)
        let last = book.lastBookableDay(now: now)
        guard day >= today, day <= last else { throw .booking(.outsideBookingDays(day: day, first: today, last: last)) }
        let slots = book.slots(service: service, day: day)
        guard !slots.isEmpty else { throw .booking(.dayClosed(service: service, day: day, holiday: config.hours.holidays.contains(day))) }
        guard let slot = slots.first(where: { $0.startMinute == minute }) else {
            throw .booking(.unknownSlot(service: service, day: day, slot: BookingSlot.clock(minute), slots: slots.map(\.slot)))
        }
        let closes = book.bookingCloses(slot)
        guard now < closes else {
            let closedAt = calendar.day(of: closes) == day ? BookingSlot.clock(calendar.minuteOfDay(closes)) : calendar.day(of: closes)
            throw .booking(.bookingClosed(slot: slot.slot, closedAt: closedAt, minutesBefore: config.appointments.bookUntilMinutesBefore))
        }
        return slot
    }

    /// The taxpayer cancels their booking with its secret; its place is free again.
    public mutating func cancelAppointment(_ id: AppointmentID, secret: String, now: Date) throws(HallError) -> [HallEvent] {
        guard var appointment = appointments[id] else { throw .booking(.unknownAppointment(id)) }
        guard RandomToken.constantTimeEqual(secret, appointment.secret) else { throw .wrongSecret }
        guard appointment.status.isActive else { throw .booking(.notActive(appointment.status)) }
        appointment.status = .cancelled
        appointment.finishedAt = now
        appointments[id] = appointment
        return [HallEvent(kind: .appointmentCancelled, at: now, appointment: appointment)]
    }

    /// Checks a booking of today in at the kiosk: from `checkInFromMinutesBefore` before its slot until
    /// `checkInUntilMinutesAfter` after its start it gives an appointment ticket (priority, within the calling policy's
    /// bound); later, an ordinary ticket, and the booking counts as late (or stays a no-show once its slot is over).
    /// With `remind`, the ticket's phone (the booking's) gets the reminder texts, as a real-name ticket that asked.
    public mutating func checkIn(
        _ key: CheckInKey, remind: Bool = false, now: Date, random: inout some RandomNumberGenerator
    ) throws(HallError) -> (CheckIn, [HallEvent]) {
        var (appointment, onTime) = try checkInPlan(key, now: now)
        let request = TicketRequest(
            service: appointment.service, priority: onTime ? .appointment : .normal, phone: appointment.phone, idNumber: appointment.idNumber,
            remind: remind)
        var (ticket, issued) = try issue(request, now: now, random: &random)
        issued[0].details["appointment"] = appointment.id.rawValue
        if !onTime { issued[0].details["late"] = "true" }
        guard appointment.status == .booked else {
            // A no-show coming back after its slot: an ordinary ticket, and the booking stays what it was.
            return (CheckIn(appointment: appointment, ticket: ticket, onTime: false), issued)
        }
        appointment.status = onTime ? .checkedIn : .late
        appointment.finishedAt = now
        appointment.ticket = ticket.id
        appointment.ticketNumber = ticket.number
        appointments[appointment.id] = appointment
        ticket = tickets[ticket.id] ?? ticket
        let kind: HallEventKind = onTime ? .appointmentCheckedIn : .appointmentLate
        return (
            CheckIn(appointment: appointment, ticket: ticket, onTime: onTime), [HallEvent(kind: kind, at: now, appointment: appointment)] + issued
        )
    }

    /// What ``checkIn(_:now:random:)`` would do at `now`, changing nothing: the booking, and whether its ticket is an
    /// appointment ticket (on time) or an ordinary one. Throws what check-in would refuse (too early, used, cancelled).
    public func checkInPlan(_ key: CheckInKey, now: Date) throws(HallError) -> (appointment: Appointment, onTime: Bool) {
        let settings = config.appointments
        let appointment = try bookingToCheckIn(key, now: now)
        switch appointment.status {
        case .cancelled: throw .booking(.cancelled)
        case .checkedIn, .late: throw .booking(.alreadyCheckedIn(number: appointment.ticketNumber ?? ""))
        case .booked where now < appointment.checkInOpens(settings):
            throw .booking(.tooEarly(slot: appointment.slot, opens: appointment.checkInOpens(settings)))
        case .booked, .noShow: return (appointment, appointment.status == .booked && now <= appointment.checkInCloses(settings))
        }
    }

    /// Today's booking a code or phone number names. By phone, the one that matters now: one whose check-in is open,
    /// else the latest whose check-in has closed (a late arrival), else the next to come, else one already used.
    func bookingToCheckIn(_ key: CheckInKey, now: Date) throws(HallError) -> Appointment {
        let today = calendar.day(of: now)
        switch key {
        case .code(let code):
            guard let found = appointments.find(code: code, day: today) else { throw .booking(.noBooking) }
            return found
        case .phone(let phone):
            let settings = config.appointments
            let mine = appointments.ofDay(today).filter { $0.phone == phone }
            let booked = mine.filter(\.status.isActive)
            let pick =
                booked.first { $0.checkInOpens(settings) <= now && now <= $0.checkInCloses(settings) }
                ?? booked.last { now > $0.checkInCloses(settings) } ?? booked.first
                ?? mine.last { $0.status == .checkedIn || $0.status == .late } ?? mine.last { $0.status == .noShow }
            guard let pick else { throw .booking(.noBooking) }
            return pick
        }
    }

    /// Marks bookings nobody checked in by their slot's end as no-shows, and lets go of bookings of earlier days.
    public mutating func closeAppointments(now: Date) -> [HallEvent] {
        let settings = config.appointments
        let due = appointments.all.filter { $0.status.isActive && $0.noShowAt(settings) <= now }
            .sorted { ($0.startsAt, $0.id.rawValue) < ($1.startsAt, $1.id.rawValue) }
        let events = due.map { old in
            var appointment = old
            appointment.status = .noShow
            appointment.finishedAt = now
            appointments[appointment.id] = appointment
            return HallEvent(kind: .appointmentNoShow, at: now, appointment: appointment)
        }
        let today = calendar.day(of: now)
        if appointmentsKeptFrom < today {
            appointments.forget(before: today)
            appointmentsKeptFrom = today
        }
        return events
    }

    /// Whether a booking is due to become a no-show at `now` (cheap enough for a timer to ask every few seconds).
    public func hasNoShowsDue(now: Date) -> Bool { appointments.nextNoShow(config.appointments).map { $0 <= now } ?? false }
}
