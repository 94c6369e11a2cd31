import Foundation
import HallCore

/// A booking as its taxpayer sees it (with its secret only in the reply that made it). The phone is shown masked.
struct AppointmentView: Encodable, Sendable {
    struct TicketRef: Encodable, Sendable {
        var id: String
        var number: String
    }
    var id: String
    var code: String
    var service: String
    var serviceName: LocalizedName
    var date: String
    var slot: String
    var end: String
    var startsAt: String
    var endsAt: String
    var status: String
    /// Check-in at the kiosk runs from `checkInFrom` to `checkInUntil`.
    var checkInFrom: String
    var checkInUntil: String
    @Nullable var phone: String?
    @Nullable var ticket: TicketRef?
    var bookedAt: String
    var secret: String?

    init(_ a: Appointment, config: HallConfig, secret: Bool = false) {
        id = a.id.rawValue
        code = a.code
        service = a.service
        serviceName = config.service(a.service)?.name ?? LocalizedName(zh: a.service, en: a.service)
        date = a.day
        slot = a.slot
        end = a.slotEnd
        startsAt = iso(a.startsAt)!
        endsAt = iso(a.endsAt)!
        status = a.status.rawValue
        checkInFrom = iso(a.checkInOpens(config.appointments))!
        checkInUntil = iso(a.checkInCloses(config.appointments))!
        phone = a.phone.map { TaxpayerContact(phone: $0, idNumber: nil).masked }
        ticket = a.ticket.flatMap { id in a.ticketNumber.map { TicketRef(id: id.rawValue, number: $0) } }
        bookedAt = iso(a.bookedAt)!
        self.secret = secret ? a.secret : nil
    }
}

/// One slot of `GET /api/appointment-slots`.
struct SlotView: Encodable, Sendable {
    var slot: String
    var end: String
    var startsAt: String
    var endsAt: String
    var capacity: Int
    var remaining: Int
    /// Whether it can be booked now: a place is free and booking has not closed.
    var bookable: Bool
    /// When booking it closes.
    var closesAt: String
}

/// `GET /api/appointment-slots`: a service's slots on one day.
struct SlotsView: Encodable, Sendable {
    var service: String
    var date: String
    var weekday: Int
    /// Whether the service takes bookings that day at all.
    var open: Bool
    var holiday: Bool
    @Nullable var message: LocalizedName?
    var slots: [SlotView]
}

/// `GET /api/appointment-days`: the days a service can be booked for, with the places left.
struct BookingDaysView: Encodable, Sendable {
    struct Day: Encodable, Sendable {
        var date: String
        var weekday: Int
        var open: Bool
        var holiday: Bool
        /// Slots that can still be booked, and their free places.
        var bookableSlots: Int
        var remaining: Int
    }
    var service: String
    var slotMinutes: Int
    var days: [Day]
}

/// `POST /api/check-ins` reply: the ticket and the booking, with a note when the ticket is an ordinary one.
struct CheckInView: Encodable, Sendable {
    var onTime: Bool
    @Nullable var note: LocalizedName?
    var appointment: AppointmentView
    var ticket: TicketView
}

/// Today's bookings of one slot, as the managers' dashboard shows them.
struct BookingSlotLine: Encodable, Sendable {
    var service: String
    var nameZh: String
    var nameEn: String
    var slot: String
    var end: String
    var capacity: Int
    var booked: Int
    var checkedIn: Int
    var late: Int
    var noShows: Int
    var cancelled: Int
    /// Booked and neither checked in nor a no-show yet.
    var waiting: Int
}

/// A slot the peak page offers beside the busy hours.
struct BookableSlotView: Encodable, Sendable {
    var date: String
    var weekday: Int
    var slot: String
    var end: String
    var remaining: Int
    /// The usual wait in that hour of that weekday (nil without history).
    @Nullable var usualWaitMinutes: Double?
}

extension HallAPI {
    /// Slots of `service` on `day` as the booking page shows them, from the live hall at `now`.
    static func slotViews(_ hall: Hall, service: String, day: String, now: Date) -> [SlotView] {
        let book = hall.bookingCalendar
        let inRange = day >= hall.calendar.day(of: now) && day <= book.lastBookableDay(now: now)
        return book.slots(service: service, day: day).map { slot in
            let remaining = hall.remaining(in: slot)
            let closes = book.bookingCloses(slot)
            return SlotView(
                slot: slot.slot, end: BookingSlot.clock(slot.endMinute), startsAt: iso(slot.startsAt)!, endsAt: iso(slot.endsAt)!,
                capacity: slot.capacity, remaining: remaining, bookable: inRange && remaining > 0 && now < closes, closesAt: iso(closes)!)
        }
    }

    /// Today's bookings per service and slot, every slot of every service that takes bookings today.
    static func bookingLines(_ hall: Hall, now: Date) -> [BookingSlotLine] {
        let day = hall.calendar.day(of: now)
        let today = hall.appointments.ofDay(day)
        return hall.config.services.flatMap { service in
            hall.bookingCalendar.slots(service: service.code, day: day).map { slot in
                let mine = today.filter { $0.service == service.code && $0.startMinute == slot.startMinute }
                func count(_ status: AppointmentStatus) -> Int { mine.filter { $0.status == status }.count }
                return BookingSlotLine(
                    service: service.code, nameZh: service.name.zh, nameEn: service.name.en, slot: slot.slot, end: BookingSlot.clock(slot.endMinute),
                    capacity: slot.capacity, booked: mine.filter(\.status.holdsPlace).count, checkedIn: count(.checkedIn), late: count(.late),
                    noShows: count(.noShow), cancelled: count(.cancelled), waiting: count(.booked))
            }
        }
    }
}
