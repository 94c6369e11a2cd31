import BureauStore
import Foundation
import HTTPServer
import HallCore

/// `GET /api/halls`: every hall for taxpayers, and the best one to go to now for a service.
struct HallFinderView: Encodable, Sendable {
    struct ServiceNow: Encodable, Sendable {
        var service: String
        var nameZh: String
        var nameEn: String
        @Nullable var waiting: Int?
        /// The wait of a ticket taken now, by the hall's own estimate; null when no open window serves the line.
        @Nullable var estimatedWaitSeconds: Int?
    }
    struct Hall: Encodable, Sendable {
        var hallID: String
        var nameZh: String
        var nameEn: String
        var addressZh: String
        var addressEn: String
        @Nullable var phone: String?
        var timeZone: String
        /// Today's opening spans in the hall's time, e.g. `08:30-12:00`: none on its public holidays, and on a make-up
        /// working day the hours of the weekday it works like.
        var hoursToday: [String]
        @Nullable var openNow: Bool?
        var services: [ServiceNow]
        /// Seconds since the hall last reported; null when it never did.
        @Nullable var staleSeconds: Double?
        /// Whether its figures are too old to go by.
        var stale: Bool
    }
    struct Best: Encodable, Sendable {
        var hallID: String
        var nameZh: String
        var nameEn: String
        var waiting: Int
        var estimatedWaitSeconds: Int
    }
    var at: String
    @Nullable var service: String?
    /// The hall with the shortest expected wait for `service` among those open, serving it and not stale.
    @Nullable var best: Best?
    var halls: [Hall]
}

extension BureauAPI {
    /// Whether `code` looks like a service code (one or two upper-case ASCII letters).
    static func isServiceCode(_ code: String) -> Bool {
        (1...2).contains(code.utf8.count) && code.utf8.allSatisfy { (65...90).contains($0) }
    }

    func finder(service: String?) throws -> HallFinderView {
        if let service, !Self.isServiceCode(service) {
            throw APIError.badRequest("service must be a service code of one or two capital letters, e.g. A", code: "invalid_field")
        }
        let now = Date()
        var halls = try reader.halls().map { hall(of: $0, now: now) }
        if let service {
            halls = halls.filter { $0.services.contains { $0.service == service } }
            guard !halls.isEmpty else { throw APIError(404, "unknown_service", "no hall of the bureau offers service \(service)") }
        }
        let best = service.flatMap { code -> HallFinderView.Best? in
            let candidates = halls.compactMap { h -> HallFinderView.Best? in
                guard !h.stale, h.openNow != false, let line = h.services.first(where: { $0.service == code }), let wait = line.estimatedWaitSeconds
                else { return nil }
                return HallFinderView.Best(
                    hallID: h.hallID, nameZh: h.nameZh, nameEn: h.nameEn, waiting: line.waiting ?? 0, estimatedWaitSeconds: wait)
            }
            return candidates.min { ($0.estimatedWaitSeconds, $0.waiting, $0.hallID) < ($1.estimatedWaitSeconds, $1.waiting, $1.hallID) }
        }
        return HallFinderView(at: iso(now)!, service: service, best: best, halls: halls)
    }

    private func hall(of overview: HallOverview, now: Date) -> HallFinderView.Hall {
        let p = overview.profile
        let stale = (overview.staleSeconds ?? .infinity) > staleAfterSeconds
        let lines = Dictionary(overview.status?.lines.map { ($0.service, $0) } ?? [], uniquingKeysWith: { a, _ in a })
        // The hall's day and hour by its own clock (as it last reported), in its own time zone.
        let hallNow = overview.status?.hallTime ?? now
        let calendar = p.calendar
        let minute = calendar.minuteOfDay(hallNow)
        // As the hall itself decides: closed on its public holidays, a make-up working day open like its weekday.
        let spans = p.hours.spans(on: overview.day)
        return HallFinderView.Hall(
            hallID: p.hallID, nameZh: p.listName.zh, nameEn: p.listName.en, addressZh: p.address.zh, addressEn: p.address.en, phone: p.phone,
            timeZone: p.timeZone, hoursToday: spans.map { "\(Self.clock($0.startMinute))-\(Self.clock($0.endMinute))" },
            openNow: stale ? nil : p.hours.isOpen(on: overview.day, minute: minute),
            services: p.services.map { s in
                let line = stale ? nil : lines[s.code]
                return HallFinderView.ServiceNow(
                    service: s.code, nameZh: s.name.zh, nameEn: s.name.en, waiting: line?.waiting, estimatedWaitSeconds: line?.estimatedWaitSeconds)
            },
            staleSeconds: overview.staleSeconds.map { ($0 * 10).rounded() / 10 }, stale: stale)
    }

    static func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }
}

extension HallCalendar {
    /// Minutes after local midnight of `date` in the hall's time zone.
    func minuteOfDay(_ date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }
}
