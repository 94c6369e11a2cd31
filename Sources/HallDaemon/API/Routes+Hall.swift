import Foundation
import HTTPServer
import HallCore

/// `GET /api/hall`: what every screen needs to label things.
struct HallInfoView: Encodable {
    struct ServiceInfo: Encodable {
        var code: String
        var name: LocalizedName
        var typicalMinutes: Double
        /// When it takes bookings (null when it takes none).
        @Nullable var booking: BookingInfo?
    }
    struct BookingInfo: Encodable, Sendable {
        var weekdays: [String]
        var hours: [String]
        var slotMinutes: Int
        var placesPerSlot: Int
    }
    /// `[appointments]`: how far ahead, and when booking closes and check-in runs around a slot.
    struct AppointmentInfo: Encodable {
        var daysAhead: Int
        var bookUntilMinutesBefore: Int
        var checkInFromMinutesBefore: Int
        var checkInUntilMinutesAfter: Int
    }
    struct WindowInfo: Encodable {
        var number: Int
        var name: LocalizedName
        var services: [String]
    }
    var name: LocalizedName
    var timeZone: String
    var hours: [String: [String]]
    /// Public holidays and make-up working days of the configuration, `YYYY-MM-DD`.
    var holidays: [String]
    var makeUpDays: [String]
    var services: [ServiceInfo]
    var windows: [WindowInfo]
    var recallsBeforeNoShow: Int
    var targetWaitMinutes: Double
    var appointments: AppointmentInfo
    /// How boards announce calls.
    struct Voice: Encodable {
        /// `daemon`, `browser` or `chime`: what boards speak with unless their address says otherwise.
        var speaker: String
        /// Whether the daemon renders announcements (`GET /api/announcements/{seq}`).
        var audio: Bool
        var volume: Double
        var rate: Double
        var repeats: Int
    }
    var voice: Voice
    /// When taxpayers are told their turn is near.
    struct Reminders: Encodable {
        /// People ahead, or fewer, that make a ticket "near".
        var placesBefore: Int
        /// Whether the kiosk offers text messages (`sms` in `POST /api/tickets`).
        var sms: Bool
    }
    var reminders: Reminders
}

extension HallAPI {
    static func addHallRoutes(_ router: inout Router) {
        router.add(.get, "/api/hall") { ctx in
            let c = ctx.api.service.config
            let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            func text(_ spans: [OpeningSpan]) -> [String] {
                spans.map { "\(BookingSlot.clock($0.startMinute))-\(BookingSlot.clock($0.endMinute))" }
            }
            var hours: [String: [String]] = [:]
            for (day, spans) in c.hours.days { hours[names[day - 1]] = text(spans) }
            let services = c.services.map { s in
                HallInfoView.ServiceInfo(
                    code: s.code, name: s.name, typicalMinutes: s.typicalMinutes,
                    booking: s.booking.map { b in
                        .init(
                            weekdays: b.weekdays.sorted().map { names[$0 - 1] }, hours: text(b.spans), slotMinutes: b.slotMinutes,
                            placesPerSlot: c.placesPerSlot(of: s))
                    })
            }
            let a = c.appointments
            return try json(
                200,
                HallInfoView(
                    name: c.name, timeZone: c.timeZoneIdentifier, hours: hours, holidays: c.hours.holidays.sorted(),
                    makeUpDays: c.hours.makeUpDays.sorted(),
                    services: services, windows: c.windows.map { .init(number: $0.number, name: $0.name, services: $0.services) },
                    recallsBeforeNoShow: c.policy.recallsBeforeNoShow, targetWaitMinutes: c.policy.targetWaitMinutes,
                    appointments: .init(
                        daysAhead: a.daysAhead, bookUntilMinutesBefore: a.bookUntilMinutesBefore,
                        checkInFromMinutesBefore: a.checkInFromMinutesBefore,
                        checkInUntilMinutesAfter: a.checkInUntilMinutesAfter),
                    voice: .init(
                        speaker: c.voice.speaker.rawValue, audio: ctx.api.voice?.speaks ?? false, volume: c.voice.volume, rate: c.voice.rate,
                        repeats: c.voice.repeats),
                    reminders: .init(placesBefore: c.reminders.placesBefore, sms: c.sendsReminderTexts)))
        }
        router.add(.get, "/api/queues") { ctx in try json(200, ctx.api.queuesView()) }
        router.add(.get, "/api/events") { ctx in
            // A bad or stale id is not an error: the client gets one `resync` event and reloads its state.
            let lastID = ctx.request.header("last-event-id") ?? ctx.request.query["lastEventId"]
            return .eventStream(try ctx.api.service.events.subscribe(after: lastID, address: ctx.request.remoteAddress))
        }
    }

    /// Lines, windows and the latest calls, as boards show them.
    func queuesView() throws -> QueuesView {
        // Built under the hall's read lock: estimates are look-ups now, and a copy of the hall held outside the lock
        // would make the next commit copy every ticket. The last event id is the one the hub published with this state,
        // so a board that loads this and then follows the stream from that id misses nothing and sees nothing twice.
        service.read { hall in
            let now = service.clock()
            let snapshot = hall.snapshot(now: now)
            let lines = snapshot.services.map { line in
                ServiceLineView(
                    code: line.code, waiting: line.waiting, longestWaitSeconds: Int(line.longestWaitSeconds),
                    estimatedWaitSeconds: service.estimator.estimate(position: line.waiting + 1, service: line.code, hall: hall), next: line.next)
            }
            let windows = hall.config.windows.map {
                windowView(config: $0, state: hall.windows[$0.number] ?? WindowState(number: $0.number), hall: hall)
            }
            return QueuesView(
                at: iso(now)!, lastEventId: service.events.log.lastID, totalWaiting: snapshot.totalWaiting, openWindows: snapshot.openWindows,
                services: lines, windows: windows, recentCalls: service.events.latestCalls)
        }
    }
}
