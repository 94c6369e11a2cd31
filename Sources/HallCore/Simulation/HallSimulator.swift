import Foundation

/// Plays whole hall days through the real domain: arrivals, calls, no-shows, transfers, service and ratings.
/// Deterministic for a seed; emits every change as ``HallEvent``s for the store to journal.
public struct HallSimulator<Random: RandomNumberGenerator> {
    public internal(set) var hall: Hall
    public var model: ArrivalModel
    var random: Random
    /// Phone numbers handed to simulated bookings so far (each booking a new taxpayer).
    var phones = 0
    /// Sees every step's new events with the hall right after them (e.g. to score wait estimates at issue time).
    public var observer: ((_ events: [HallEvent], _ hall: Hall) -> Void)?

    public init(hall: Hall, random: Random) {
        self.hall = hall
        self.model = ArrivalModel(config: hall.config)
        self.random = random
    }

    enum Phase { case idle, called(noShow: Bool), serving }

    /// Simulates the hall day that contains `day` and returns its events in order (empty on a closed day).
    public mutating func simulateDay(_ day: Date) throws -> [HallEvent] {
        let calendar = hall.calendar
        let spans = hall.config.hours.spans(on: calendar.day(of: day))
        guard let first = spans.first, let last = spans.last else { return [] }
        var arrivals = drawArrivals(day: day, spans: spans)
        // Bookings come first: made the evening before, they turn some of the day's walk-ins into booked visits.
        var events = try bookVisits(day: day, arrivals: &arrivals)
        events += hall.closeEarlierDays(now: calendar.date(onDayOf: day, minute: first.startMinute))
        let windows = hall.config.windows.map(\.number)
        var phase: [Int: Phase] = [:]
        var due: [Int: Date] = [:]
        var now = calendar.date(onDayOf: day, minute: first.startMinute)
        for w in windows {
            events += try hall.open(window: w, officer: "officer\(w)", now: now)
            phase[w] = .idle
        }
        var next = 0
        while true {
            let nextArrival = next < arrivals.count ? arrivals[next].at : nil
            let nextWindow = due.min { $0.value < $1.value }
            if let at = nextArrival, nextWindow.map({ at <= $0.value }) ?? true {
                now = at
                events += hall.closeAppointments(now: now)
                let issued: [HallEvent]
                switch arrivals[next].visit {
                case .walkIn(let request): issued = try hall.issue(request, now: now, random: &random).1
                case .booked(let code): issued = try hall.checkIn(.code(code), now: now, random: &random).1
                }
                events += issued
                observer?(issued, hall)
                next += 1
            } else if let (w, at) = nextWindow {
                now = at
                events += hall.closeAppointments(now: now)
                due[w] = nil
                let advanced = try advance(window: w, phase: &phase, due: &due, now: now)
                events += advanced
                observer?(advanced, hall)
            } else {
                break
            }
            for w in windows {
                guard case .idle = phase[w]! else { continue }
                let called = try call(window: w, phase: &phase, due: &due, now: now)
                events += called
                if !called.isEmpty { observer?(called, hall) }
            }
        }
        let closing = max(now, calendar.date(onDayOf: day, minute: last.endMinute))
        events += hall.closeAppointments(now: closing)
        for w in windows { events += try hall.close(window: w, now: closing) }
        return events
    }

    private mutating func call(window w: Int, phase: inout [Int: Phase], due: inout [Int: Date], now: Date) throws -> [HallEvent] {
        let (ticket, events) = try hall.callNext(window: w, now: now)
        guard ticket != nil else { return [] }
        let noShow = Double.random(in: 0..<1, using: &random) < 0.03
        phase[w] = .called(noShow: noShow)
        due[w] = now + (noShow ? 150 : Double.random(in: 25...90, using: &random))
        return events
    }

    private mutating func advance(window w: Int, phase: inout [Int: Phase], due: inout [Int: Date], now: Date) throws -> [HallEvent] {
        switch phase[w]! {
        case .idle: return []
        case .called(let noShow):
            if noShow {
                var events: [HallEvent] = []
                for _ in 0..<hall.config.policy.recallsBeforeNoShow { events += try hall.recall(window: w, now: now) }
                phase[w] = .idle
                return events + (try hall.noShow(window: w, now: now))
            }
            let ticket = hall.ticket(atWindow: w)!
            let typical = hall.config.service(ticket.service)?.typicalMinutes ?? 8
            phase[w] = .serving
            due[w] = now + serviceSeconds(typicalMinutes: typical)
            return try hall.start(window: w, now: now)
        case .serving:
            phase[w] = .idle
            let ticket = hall.ticket(atWindow: w)!
            if Double.random(in: 0..<1, using: &random) < 0.02,
                let other = hall.config.services.map(\.code).filter({ $0 != ticket.service }).randomElement(using: &random)
            {
                return try hall.transfer(window: w, to: .service(other), now: now)
            }
            var events = try hall.finish(window: w, now: now)
            if Double.random(in: 0..<1, using: &random) < 0.7, let done = events.first?.ticket {
                events.append(HallEvent(kind: .ratingGiven, at: now, ticket: done, details: ["score": String(drawScore())]))
            }
            return events
        }
    }

    /// Log-normal around the typical time: most near it, a long tail of complex cases.
    private mutating func serviceSeconds(typicalMinutes: Double) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &random)
        let u2 = Double.random(in: 0..<1, using: &random)
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        return max(45, typicalMinutes * 60 * exp(0.45 * normal - 0.1))
    }

    private mutating func drawScore() -> Int {
        let x = Double.random(in: 0..<1, using: &random)
        return x < 0.80 ? 5 : x < 0.94 ? 4 : x < 0.98 ? 3 : x < 0.992 ? 2 : 1
    }

    /// Who comes: a walk-in taking a ticket, or a taxpayer checking a booking in with its code.
    enum Visit {
        case walkIn(TicketRequest)
        case booked(code: String)
    }

    private mutating func drawArrivals(day: Date, spans: [OpeningSpan]) -> [(at: Date, visit: Visit)] {
        let calendar = hall.calendar
        let dayOfMonth = Int(calendar.day(of: day).suffix(2)) ?? 1
        let factor = ArrivalModel.dayFactor(weekday: calendar.weekday(of: day), dayOfMonth: dayOfMonth)
        let openMinutes = spans.reduce(0) { $0 + $1.endMinute - $1.startMinute }
        let perMinute = model.baseDailyTickets * factor / Double(max(openMinutes, 1))
        let codes = model.serviceMix.keys.sorted()
        var result: [(Date, Visit)] = []
        for span in spans {
            for minute in span.startMinute..<span.endMinute {
                var remaining = perMinute * ArrivalModel.hourShape(minute: minute)
                while remaining > 0 {
                    if Double.random(in: 0..<1, using: &random) < min(remaining, 1) {
                        let at = calendar.date(onDayOf: day, minute: minute) + Double.random(in: 0..<60, using: &random)
                        result.append((at, .walkIn(TicketRequest(service: pick(codes), priority: pickPriority()))))
                    }
                    remaining -= 1
                }
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }

    mutating func pick(_ codes: [String]) -> String {
        var x = Double.random(in: 0..<1, using: &random)
        for code in codes {
            x -= model.serviceMix[code] ?? 0
            if x < 0 { return code }
        }
        return codes.last!
    }

    /// Green-channel tickets are given by staff at the kiosk; appointment tickets come only from checking a booking in.
    private mutating func pickPriority() -> Priority {
        Double.random(in: 0..<1, using: &random) < model.greenShare ? .green : .normal
    }
}
