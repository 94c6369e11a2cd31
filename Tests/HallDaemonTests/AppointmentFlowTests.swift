import Foundation
import HallTesting
import Testing

/// Booking a slot and checking in at the kiosk, against the real daemon on a test clock. The demo hall books A in
/// 30-minute slots of 3 places (09:00–11:30, 13:30–16:30), closes booking an hour before a slot, and checks in from
/// 30 minutes before a slot to 15 minutes after its start.
@Suite(.serialized) struct AppointmentFlowTests {
    /// `weekday` of the test week as the API writes a date.
    static func date(_ weekday: TestClock.Weekday) -> String {
        let f = DateFormatter()
        f.timeZone = TestClock.beijing
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: TestClock.lastWeek(weekday, 12))
    }
    let tuesday = date(.tuesday)

    func book(
        _ daemon: TestDaemon, _ slot: String, phone: String, service: String = "A", date: String? = nil, from address: String = "127.0.0.1"
    ) throws -> TestResponse {
        try daemon.request(
            "POST", "/api/appointments", json: ["service": service, "date": date ?? tuesday, "slot": slot, "phone": phone], from: address)
    }

    func booked(_ daemon: TestDaemon, _ slot: String, phone: String) throws -> [String: Any] {
        let reply = try book(daemon, slot, phone: phone)
        #expect(reply.status == 201, "\(reply.text)")
        return reply.json
    }

    func checkIn(_ daemon: TestDaemon, _ body: [String: Any], from address: String = "127.0.0.1") throws -> TestResponse {
        try daemon.request("POST", "/api/check-ins", json: body, from: address)
    }

    func field(_ reply: TestResponse) -> String? { (reply.json["error"] as? [String: Any])?["field"] as? String }

    func sql(_ daemon: TestDaemon, _ query: String) throws -> String {
        try runTool("sqlite3", [daemon.databasePath, query]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aSlotIsBookedUntilFullAndACancelledPlaceIsFreeAgain() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let first = try booked(daemon, "14:00", phone: "13800000001")
        let code = try #require(first["code"] as? String)
        #expect(code.count == 8 && code.allSatisfy(\.isNumber) && (first["secret"] as? String)?.count == 20)
        #expect(first["slot"] as? String == "14:00" && first["service"] as? String == "A" && first["status"] as? String == "booked")
        #expect(first["phone"] as? String == "138****0001", "the phone comes back masked")
        let second = try booked(daemon, "14:00", phone: "13800000002")
        _ = try booked(daemon, "14:00", phone: "13800000003")
        let full = try book(daemon, "14:00", phone: "13800000004")
        #expect(full.status == 409 && full.errorCode == "slot_full" && field(full) == "slot", "\(full.text)")
        var slots = try daemon.request("GET", "/api/appointment-slots?service=A&date=\(tuesday)").json["slots"] as? [[String: Any]] ?? []
        let two = try #require(slots.first { $0["slot"] as? String == "14:00" })
        #expect(two["remaining"] as? Int == 0 && two["bookable"] as? Bool == false && two["capacity"] as? Int == 3)
        #expect(slots.first { $0["slot"] as? String == "14:30" }?["remaining"] as? Int == 3)
        #expect(slots.first { $0["slot"] as? String == "09:30" }?["bookable"] as? Bool == false, "booking closed before it started")

        // One booking per phone per service per day.
        let again = try book(daemon, "14:30", phone: "13800000001")
        #expect(again.status == 409 && again.errorCode == "already_booked" && field(again) == "phone", "\(again.text)")

        // The booking is seen and cancelled with its secret only; its place is free again.
        let id = try #require(second["id"] as? String)
        let secret = try #require(second["secret"] as? String)
        #expect(try daemon.request("GET", "/api/appointments/\(id)?secret=guess").status == 403)
        #expect(try daemon.request("GET", "/api/appointments/\(id)").errorCode == "invalid_field")
        #expect(try daemon.request("DELETE", "/api/appointments/\(id)?secret=guess").status == 403)
        #expect(try daemon.request("GET", "/api/appointments/nosuchbooking?secret=x").status == 404)
        let seen = try daemon.request("GET", "/api/appointments/\(id)?secret=\(secret)")
        #expect(seen.status == 200 && seen.json["code"] as? String == second["code"] as? String && seen.json["secret"] == nil)
        let cancelled = try daemon.request("DELETE", "/api/appointments/\(id)?secret=\(secret)")
        #expect(cancelled.status == 200 && cancelled.json["status"] as? String == "cancelled", "\(cancelled.text)")
        #expect(try daemon.request("DELETE", "/api/appointments/\(id)?secret=\(secret)").errorCode == "appointment_not_active")
        #expect(try book(daemon, "14:00", phone: "13800000004").status == 201, "the cancelled place is booked again")
        slots = try daemon.request("GET", "/api/appointment-slots?service=A&date=\(tuesday)").json["slots"] as? [[String: Any]] ?? []
        #expect(slots.first { $0["slot"] as? String == "14:00" }?["remaining"] as? Int == 0)
        let qr = try daemon.request("GET", "/api/appointments/\(first["id"] as! String)/qr.svg?secret=\(first["secret"] as! String)")
        #expect(qr.status == 200 && qr.headers["content-type"] == "image/svg+xml" && qr.text.contains("<svg"))
        #expect(try sql(daemon, "SELECT COUNT(*) FROM appointments WHERE status = 'booked'") == "3")
        #expect(try sql(daemon, "SELECT COUNT(*) FROM events WHERE kind LIKE 'appointment.%' AND details LIKE '%1380000%'") == "0")
    }

    @Test func badBookingsNameTheFieldAtFault() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let cases: [([String: Any], Int, String, String?)] = [
            (["service": "A", "date": tuesday, "slot": "14:00"], 400, "invalid_phone", "phone"),
            (["service": "A", "date": tuesday, "slot": "14:00", "phone": "12345"], 400, "invalid_phone", "phone"),
            (["service": "A", "date": "2026-13-01", "slot": "14:00", "phone": "13800000001"], 400, "invalid_field", "date"),
            (["service": "A", "date": tuesday, "slot": "2pm", "phone": "13800000001"], 400, "invalid_field", "slot"),
            (["service": "A", "date": tuesday, "slot": "14:15", "phone": "13800000001"], 404, "unknown_slot", "slot"),
            (["service": "A", "date": tuesday, "slot": "11:00", "phone": "13800000001"], 409, "booking_closed", "slot"),
            (["service": "B", "date": tuesday, "slot": "14:00", "phone": "13800000001"], 409, "not_bookable", "service"),
            (["service": "Z", "date": tuesday, "slot": "14:00", "phone": "13800000001"], 422, "unknown_service", "service"),
            (["service": "A", "date": "2020-01-06", "slot": "14:00", "phone": "13800000001"], 409, "date_not_bookable", "date"),
            (["service": "A", "date": "0999-01-06", "slot": "14:00", "phone": "13800000001"], 409, "date_not_bookable", "date"),
            (["service": "A", "date": Self.date(.sunday), "slot": "14:00", "phone": "13800000001"], 409, "day_closed", "date"),
            (["service": "A", "slot": "14:00", "phone": "13800000001"], 400, "invalid_field", nil),
        ]
        for (body, status, code, name) in cases {
            let reply = try daemon.request("POST", "/api/appointments", json: body)
            #expect(reply.status == status && reply.errorCode == code, "\(body): \(reply.text)")
            if let name { #expect(field(reply) == name, "\(body): \(reply.text)") }
            #expect((reply.json["error"] as? [String: Any])?["message"] is String)
        }
        #expect(try daemon.request("GET", "/api/appointment-slots?date=\(tuesday)").errorCode == "invalid_field")
        #expect(try daemon.request("GET", "/api/appointment-slots?service=A&date=tomorrow").errorCode == "invalid_field")
        #expect(try daemon.request("GET", "/api/appointment-slots?service=B&date=\(tuesday)").errorCode == "not_bookable")
        #expect(try sql(daemon, "SELECT COUNT(*) FROM appointments") == "0", "no refused request booked anything")
    }

    @Test func onTimeCheckInGivesAnAppointmentTicketCalledBeforeWalkInsWithinTheBound() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let clock = try daemon.testClock
        let early = try (1...3).map { try booked(daemon, "13:30", phone: "1380000000\($0)") }
        let later = try booked(daemon, "14:00", phone: "13800000009")

        // Too early: the refusal says when check-in opens, in both languages.
        try clock.set(TestClock.lastWeek(.tuesday, 12, 50))
        let tooEarly = try checkIn(daemon, ["code": early[0]["code"]!])
        let refusal = try #require(tooEarly.json["error"] as? [String: Any])
        #expect(tooEarly.status == 409 && tooEarly.errorCode == "too_early", "\(tooEarly.text)")
        #expect((refusal["message"] as? String)?.contains("opens today at 13:00") == true, "\(tooEarly.text)")
        #expect((refusal["messageZh"] as? String)?.contains("今天 13:00") == true, "\(tooEarly.text)")
        #expect(refusal["checkInFrom"] as? String != nil)

        // Two walk-ins, then four booked taxpayers check in: with priority_burst 3 the first walk-in is fourth.
        try clock.set(TestClock.lastWeek(.tuesday, 13, 35))
        let walkIns = try (0..<2).map { _ in try daemon.request("POST", "/api/tickets", json: ["service": "A"]).json["number"] as? String }
        var numbers: [String] = []
        for b in early + [later] {
            let reply = try checkIn(daemon, ["code": b["code"]!])
            #expect(reply.status == 201 && reply.json["onTime"] as? Bool == true, "\(reply.text)")
            let ticket = try #require(reply.json["ticket"] as? [String: Any])
            #expect(ticket["priority"] as? String == "appointment" && ticket["secret"] is String)
            #expect((reply.json["appointment"] as? [String: Any])?["status"] as? String == "checkedIn")
            numbers.append(ticket["number"] as? String ?? "")
        }
        let twice = try checkIn(daemon, ["code": early[0]["code"]!])
        #expect(twice.status == 409 && twice.errorCode == "already_checked_in" && twice.text.contains(numbers[0]), "\(twice.text)")
        let officer = try daemon.login("officer1")
        #expect(try daemon.request("POST", "/api/windows/1/open", token: officer).status == 200)
        var order: [String] = []
        for _ in 0..<6 {
            let called = try daemon.request("POST", "/api/windows/1/call-next", token: officer)
            order.append(called.json["number"] as? String ?? "none")
            try daemon.request("POST", "/api/windows/1/start", token: officer)
            try daemon.request("POST", "/api/windows/1/finish", token: officer)
        }
        #expect(order == [numbers[0], numbers[1], numbers[2], walkIns[0]!, numbers[3], walkIns[1]!], "\(order)")
        let journal = try sql(daemon, "SELECT COUNT(*) FROM events WHERE kind = 'ticket.issued' AND details LIKE '%\"priority\":\"appointment\"%'")
        #expect(journal == "4")
    }

    @Test func aLateArrivalGetsAnOrdinaryTicketWithANoteAndAnAbsentOneIsANoShowAtTheSlotsEnd() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let clock = try daemon.testClock
        _ = try booked(daemon, "14:30", phone: "13800000001")
        let absent = try booked(daemon, "14:30", phone: "13800000002")
        try clock.set(TestClock.lastWeek(.tuesday, 14, 50))
        let late = try checkIn(daemon, ["phone": "13800000001"])
        #expect(late.status == 201 && late.json["onTime"] as? Bool == false, "\(late.text)")
        #expect((late.json["ticket"] as? [String: Any])?["priority"] as? String == "normal")
        #expect(
            (late.json["note"] as? [String: Any])?["en"] as? String == "Check-in for your 14:30 slot closed at 14:45, so this is an ordinary ticket.")
        #expect((late.json["appointment"] as? [String: Any])?["status"] as? String == "late")

        // The slot ends at 15:00: the keeper marks the absent booking a no-show by itself.
        let id = try #require(absent["id"] as? String)
        let secret = try #require(absent["secret"] as? String)
        #expect(try daemon.request("GET", "/api/appointments/\(id)?secret=\(secret)").json["status"] as? String == "booked")
        try clock.set(TestClock.lastWeek(.tuesday, 15, 0, second: 1))
        let marked = try daemon.eventually(within: 10) {
            try daemon.request("GET", "/api/appointments/\(id)?secret=\(secret)").json["status"] as? String == "noShow"
        }
        #expect(marked, "\(daemon.log)")
        #expect(try sql(daemon, "SELECT COUNT(*) FROM events WHERE kind = 'appointment.noShow'") == "1")

        // Managers see the day's bookings per slot on the dashboard and in the statistics (JSON and CSV).
        let manager = try daemon.login("manager")
        let lines = try daemon.request("GET", "/api/dashboard", token: manager).json["bookings"] as? [[String: Any]] ?? []
        let slot = try #require(lines.first { $0["service"] as? String == "A" && $0["slot"] as? String == "14:30" })
        #expect(slot["booked"] as? Int == 2 && slot["late"] as? Int == 1 && slot["noShows"] as? Int == 1 && slot["capacity"] as? Int == 3)
        let stats = try daemon.request("GET", "/api/stats?group=slot&from=\(tuesday)&to=\(tuesday)", token: manager).json
        let row = try #require((stats["rows"] as? [[String: Any]])?.first { $0["key"] as? String == "A 14:30" })
        #expect(row["booked"] as? Int == 2 && row["checkedInLate"] as? Int == 1 && row["bookingNoShows"] as? Int == 1, "\(row)")
        #expect(row["labelEn"] as? String == "General 14:30" && row["calls"] is NSNull)
        let byDay = try daemon.request("GET", "/api/stats?group=day&from=\(tuesday)&to=\(tuesday)", token: manager).json
        #expect((byDay["total"] as? [String: Any])?["booked"] as? Int == 2)
        let csv = try daemon.request("GET", "/api/stats?group=slot&format=csv&from=\(tuesday)&to=\(tuesday)", token: manager).text
        #expect(csv.contains("booked,checkedIn,checkedInLate,bookingNoShows,bookingsCancelled"), "\(csv)")
        #expect(csv.contains("A 14:30,综合业务 14:30,General 14:30,"), "\(csv)")

        // The next day the phone numbers are gone.
        try clock.set(TestClock.lastWeek(.wednesday, 9))
        let cleared = try daemon.eventually(within: 10) { try sql(daemon, "SELECT COUNT(*) FROM appointments WHERE phone IS NOT NULL") == "0" }
        #expect(cleared, "\(daemon.log)")
    }

    @Test func aPublicHolidayIsClosedAndAMakeUpDayOpens() throws {
        let config = try TestDaemon.demoConfig([
            ("holidays = [\n", "holidays = [\"\(tuesday)\",\n"),
            (
                #"make_up_days = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]"#,
                "make_up_days = [\"\(Self.date(.saturday))\"]"
            ),
        ])
        let daemon = try TestDaemon.start(config: config)
        defer { daemon.stop() }
        let closed = try daemon.request("POST", "/api/tickets", json: ["service": "A"])
        #expect(closed.status == 409 && closed.errorCode == "hall_closed", "\(closed.text)")
        #expect(
            closed.text.contains("closed today for a public holiday") && closed.text.contains("Tickets from tomorrow (Wednesday"), "\(closed.text)")
        #expect(closed.text.contains("法定节假日"))
        #expect(try daemon.request("GET", "/api/issuing").json["holiday"] as? Bool == true)
        let slots = try daemon.request("GET", "/api/appointment-slots?service=A&date=\(tuesday)").json
        #expect(slots["open"] as? Bool == false && slots["holiday"] as? Bool == true && (slots["slots"] as? [Any])?.isEmpty == true)
        let refused = try book(daemon, "14:00", phone: "13800000001")
        #expect(refused.status == 409 && refused.errorCode == "day_closed" && field(refused) == "date", "\(refused.text)")
        let days = try daemon.request("GET", "/api/appointment-days?service=A").json["days"] as? [[String: Any]] ?? []
        #expect(days.first?["holiday"] as? Bool == true && days.first?["open"] as? Bool == false)
        #expect(days.first { $0["date"] as? String == Self.date(.saturday) }?["open"] as? Bool == true, "the make-up Saturday takes bookings")
        #expect(try book(daemon, "10:00", phone: "13800000001", date: Self.date(.saturday)).status == 201)
        // The make-up Saturday issues tickets like a Monday.
        try daemon.testClock.set(TestClock.lastWeek(.saturday, 10))
        #expect(try daemon.request("POST", "/api/tickets", json: ["service": "A"]).status == 201)
    }

    @Test func floodsAndGuessesAreLimited() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        // Three bookings a minute from one address (a refused one counts too); the kiosk's address is not limited.
        #expect(try book(daemon, "14:00", phone: "13800000001", from: "127.0.5.1").status == 201)
        #expect(try book(daemon, "14:00", phone: "123", from: "127.0.5.1").status == 400)
        #expect(try book(daemon, "14:00", phone: "13800000002", from: "127.0.5.1").status == 201)
        let flood = try book(daemon, "14:00", phone: "13800000003", from: "127.0.5.1")
        #expect(flood.status == 429 && flood.errorCode == "too_many_bookings" && flood.headers["retry-after"] != nil, "\(flood.text)")
        let kept = try book(daemon, "14:00", phone: "13800000003")
        #expect(kept.status == 201, "\(kept.text)")

        // Checking in by phone number is for the hall's kiosks: anyone may know someone's number.
        try daemon.testClock.set(TestClock.lastWeek(.tuesday, 13, 40))
        let remote = try checkIn(daemon, ["phone": "13800000003"], from: "127.0.5.2")
        #expect(remote.status == 403 && remote.errorCode == "check_in_at_kiosk", "\(remote.text)")
        // Guessing codes: ten wrong ones a minute, then every check-in from that address waits, a right code too.
        for n in 0..<10 {
            let wrong = try checkIn(daemon, ["code": String(10_000_000 + n)], from: "127.0.5.2")
            #expect(wrong.status == 404 && wrong.errorCode == "no_booking", "\(wrong.text)")
        }
        let limited = try checkIn(daemon, ["code": kept.json["code"]!], from: "127.0.5.2")
        #expect(limited.status == 429 && limited.errorCode == "too_many_check_ins" && limited.headers["retry-after"] != nil, "\(limited.text)")
        #expect(try checkIn(daemon, ["code": kept.json["code"]!], from: "127.0.5.3").status == 201, "another address checks in")
        #expect(try checkIn(daemon, ["code": "1234"]).errorCode == "invalid_field")
        #expect(try checkIn(daemon, [:]).errorCode == "invalid_field")
        // Still no self-declared priority: a booking's check-in is the one way without staff.
        #expect(try daemon.request("POST", "/api/tickets", json: ["service": "A", "priority": "appointment"]).errorCode == "priority_needs_staff")
    }
}
