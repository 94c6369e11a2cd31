import Foundation
import HTTPServer
import HallCore
import QRCode

/// `POST /api/appointments` body.
struct BookingBody: Decodable {
    var service: String
    var date: String
    var slot: String
    var phone: String?
    var idNumber: String?
}

extension HallAPI {
    static func addAppointmentRoutes(_ router: inout Router) {
        router.add(.get, "/api/appointment-days") { ctx in
            let api = ctx.api
            let code = try ctx.bookableService()
            return try json(200, api.service.read { hall in api.bookingDays(hall, service: code, now: api.service.clock()) })
        }
        router.add(.get, "/api/appointment-slots") { ctx in
            let api = ctx.api
            let code = try ctx.bookableService()
            let day = try ctx.dateParameter()
            return try json(
                200,
                try api.service.read { hall -> SlotsView in
                    let now = api.service.clock()
                    let book = hall.bookingCalendar
                    let (first, last) = (hall.calendar.day(of: now), book.lastBookableDay(now: now))
                    guard day >= first, day <= last else { throw HallError.booking(.outsideBookingDays(day: day, first: first, last: last)) }
                    let slots = slotViews(hall, service: code, day: day, now: now)
                    let holiday = hall.config.hours.holidays.contains(day)
                    let message: LocalizedName? =
                        !slots.isEmpty
                        ? nil
                        : holiday
                            ? LocalizedName(zh: "法定节假日，本厅不办公", en: "A public holiday: the hall is closed")
                            : LocalizedName(zh: "当天不接受此项业务预约", en: "No bookings for this business that day")
                    return SlotsView(
                        service: code, date: day, weekday: HallDays.weekday(day) ?? 0, open: !slots.isEmpty, holiday: holiday, message: message,
                        slots: slots)
                })
        }
        router.add(.post, "/api/appointments") { ctx in
            let api = ctx.api
            let body = try ctx.body(BookingBody.self)
            try api.admitBooking(address: ctx.request.remoteAddress, session: ctx.session)
            let request = BookingRequest(service: body.service, day: body.date, slot: body.slot, phone: body.phone, idNumber: body.idNumber)
            return ctx.later { answer in
                api.service.change(
                    { hall, now in
                        var random = SystemRandomNumberGenerator()
                        return try hall.book(request, now: now, random: &random)
                    },
                    completion: { result in
                        answer { try json(201, AppointmentView(try result.get(), config: api.service.config, secret: true)) }
                    })
            }
        }
        router.add(.get, "/api/appointments/{id}") { ctx in
            let appointment = try ctx.appointment()
            return try json(200, AppointmentView(appointment, config: ctx.api.service.config))
        }
        router.add(.delete, "/api/appointments/{id}") { ctx in
            let api = ctx.api
            let appointment = try ctx.appointment()
            guard api.service.read({ $0.appointments[appointment.id] }) != nil else {
                throw HallError.booking(.notActive(appointment.status))
            }
            let secret = try ctx.secret()
            let cancelled = try api.service.change { hall, now in
                let events = try hall.cancelAppointment(appointment.id, secret: secret, now: now)
                return (events[0].appointment!, events)
            }
            return try json(200, AppointmentView(cancelled, config: api.service.config))
        }
        router.add(.get, "/api/appointments/{id}/qr.svg") { ctx in
            // The code itself, for the kiosk's scanner (which types what it reads, like a keyboard).
            let appointment = try ctx.appointment()
            let svg = try QRCode(encoding: appointment.code, correction: .medium).svg(moduleSize: 6, title: "\(appointment.code)")
            return .response(
                HTTPResponse(
                    status: 200, headers: [("Content-Type", "image/svg+xml"), ("Cache-Control", "private, no-store")], body: Array(svg.utf8)))
        }
        addCheckInRoute(&router)
    }

    /// The days from today to the last bookable one, with the places left in slots that can still be booked.
    func bookingDays(_ hall: Hall, service: String, now: Date) -> BookingDaysView {
        let today = hall.calendar.day(of: now)
        let last = hall.bookingCalendar.lastBookableDay(now: now)
        let count = HallDays.count(from: today, to: last) ?? 1
        let days = (0..<count).compactMap { HallDays.adding($0, to: today) }.map { day in
            let slots = Self.slotViews(hall, service: service, day: day, now: now).filter(\.bookable)
            return BookingDaysView.Day(
                date: day, weekday: HallDays.weekday(day) ?? 0, open: !hall.bookingCalendar.slots(service: service, day: day).isEmpty,
                holiday: hall.config.hours.holidays.contains(day), bookableSlots: slots.count, remaining: slots.reduce(0) { $0 + $1.remaining })
        }
        return BookingDaysView(service: service, slotMinutes: hall.config.service(service)?.booking?.slotMinutes ?? 0, days: days)
    }

    /// The per-address limit on bookings (`[limits] bookings_per_address_per_minute`); staff and the hall's kiosks are
    /// not limited. A token is taken for every attempt, so a flood of refused bookings is limited too.
    func admitBooking(address: String, session: Session?) throws {
        let limits = service.config.limits
        let perMinute = limits.bookingsPerAddressPerMinute
        guard perMinute > 0, session == nil, !Self.isExempt(address, limits: limits) else { return }
        if let wait = bookingBuckets.take(address, perMinute: perMinute, now: service.clock()) {
            throw APIError(
                429, "too_many_bookings", "this device has made \(perMinute) bookings in the last minute; try again in \(wait) s",
                headers: [("Retry-After", String(wait))], facts: ["messageZh": "本设备预约过于频繁，请 \(wait) 秒后再试"])
        }
    }
}

extension RouteContext {
    /// The `service` query parameter: a service that takes bookings.
    func bookableService() throws -> String {
        guard let code = request.query["service"], !code.isEmpty else {
            throw APIError(400, "invalid_field", "field \"service\": give the service's code, e.g. ?service=A", facts: ["field": "service"])
        }
        guard let service = api.service.config.service(code) else { throw APIError(HallError.unknownService(code)) }
        guard service.booking != nil else { throw APIError(HallError.booking(.notBookable(service: code))) }
        return code
    }

    /// The `date` query parameter, `YYYY-MM-DD`.
    func dateParameter() throws -> String {
        guard let day = request.query["date"], HallDays.isWellFormed(day) else {
            throw APIError(HallError.booking(.invalidDate(request.query["date"] ?? "")))
        }
        return day
    }

    /// The `secret` query parameter, required.
    func secret() throws -> String {
        guard let secret = request.query["secret"], !secret.isEmpty else {
            throw APIError(400, "invalid_field", "field \"secret\": the booking's secret is required: ?secret=…", facts: ["field": "secret"])
        }
        return secret
    }

    /// The booking named by `{id}`, live or stored, once the `secret` query parameter proves the caller booked it.
    func appointment() throws -> Appointment {
        let id = AppointmentID(params["id"]!)
        let secret = try secret()
        guard let appointment = try api.service.read({ $0.appointments[id] }) ?? api.service.store.appointment(id) else {
            throw APIError(HallError.booking(.unknownAppointment(id)))
        }
        guard RandomToken.constantTimeEqual(secret, appointment.secret) else { throw HallError.wrongSecret }
        return appointment
    }
}
