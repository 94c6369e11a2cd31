import Foundation

extension HallSimulator {
    /// Turns some of a day's walk-ins into booked visits, through the real domain: each books, the evening before, the
    /// slot of their business that starts nearest after they would have come (if it has a place), then comes to check
    /// in around its start. Some cancel that evening (and come as walk-ins after all), some come after check-in has
    /// closed, some never come (no-shows at the slot's end). Returns the booking events, in time order.
    mutating func bookVisits(day: Date, arrivals: inout [(at: Date, visit: Visit)]) throws -> [HallEvent] {
        let calendar = hall.calendar
        let dayText = calendar.day(of: day)
        let bookable = hall.config.services.filter { !hall.bookingCalendar.slots(service: $0.code, day: dayText).isEmpty }.map(\.code)
        let bookableMix = bookable.reduce(0) { $0 + (model.serviceMix[$1] ?? 0) }
        guard model.bookingShare > 0, bookableMix > 0 else { return [] }
        let chance = min(1, model.bookingShare / bookableMix)
        let evening = calendar.date(onDayOf: calendar.adding(days: -1, to: day), minute: 18 * 60)
        // Who books, when that evening, and when (if ever) they cancel.
        var plans: [(at: Date, arrival: Int, cancelAt: Date?)] = []
        for (index, arrival) in arrivals.enumerated() {
            guard case .walkIn(let request) = arrival.visit, request.priority == .normal, bookable.contains(request.service),
                Double.random(in: 0..<1, using: &random) < chance
            else { continue }
            let at = evening + Double.random(in: 0..<5 * 3600, using: &random)
            let cancels = Double.random(in: 0..<1, using: &random) < model.bookingCancelShare
            plans.append((at, index, cancels ? at + Double.random(in: 60..<3600, using: &random) : nil))
        }
        let actions = (plans.indices.map { ($0, plans[$0].at, false) } + plans.indices.compactMap { i in plans[i].cancelAt.map { (i, $0, true) } })
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        let opening = calendar.date(onDayOf: day, minute: hall.config.hours.spans(on: dayText).first?.startMinute ?? 0)
        let settings = hall.config.appointments
        var events: [HallEvent] = []
        var made: [Int: Appointment] = [:]
        var taken: Set<Int> = []
        for (plan, at, isCancel) in actions {
            if isCancel {
                if let appointment = made[plan] { events += try hall.cancelAppointment(appointment.id, secret: appointment.secret, now: at) }
                continue
            }
            let arrival = arrivals[plans[plan].arrival]
            guard case .walkIn(let request) = arrival.visit,
                let slot = hall.bookingCalendar.slots(service: request.service, day: dayText).first(where: {
                    $0.startsAt > arrival.at - 600 && $0.startsAt <= arrival.at + 2100 && hall.remaining(in: $0) > 0
                })
            else { continue }
            phones += 1
            let phone = "139" + String(format: "%08d", phones % 100_000_000)
            let booking = BookingRequest(service: request.service, day: dayText, slot: slot.slot, phone: phone)
            let (appointment, booked) = try hall.book(booking, now: at, random: &random)
            events += booked
            made[plan] = appointment
            // Those who cancel come as walk-ins after all.
            guard plans[plan].cancelAt == nil else { continue }
            taken.insert(plans[plan].arrival)
            let x = Double.random(in: 0..<1, using: &random)
            if x < model.bookingNoShowShare { continue }
            let closes = appointment.checkInCloses(settings)
            let comes =
                x < model.bookingNoShowShare + model.bookingLateShare
                ? closes + Double.random(in: 60..<max(61, appointment.endsAt.timeIntervalSince(closes)), using: &random)
                : appointment.startsAt + Double.random(in: -25 * 60..<10 * 60, using: &random)
            // Nobody checks in before the doors open: those who come early wait outside.
            arrivals.append((max(comes, opening), .booked(code: appointment.code)))
        }
        arrivals = arrivals.enumerated().filter { !taken.contains($0.offset) }.map(\.element).sorted { $0.at < $1.at }
        return events
    }
}
