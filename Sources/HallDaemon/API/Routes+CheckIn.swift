import Foundation
import HTTPServer
import HallCore

/// `POST /api/check-ins` body: the booking's code, or (at the hall's kiosks only) the phone it was booked with, and
/// whether the booking's phone should get the reminder texts.
struct CheckInBody: Decodable {
    var code: String?
    var phone: String?
    var sms: Bool?
}

extension HallAPI {
    /// Checking in at the kiosk is the one way a taxpayer gets an `appointment` ticket without staff: a booking of
    /// today whose check-in is open. Too early is refused with when to come back; too late gives an ordinary ticket
    /// with a note. Wrong codes and numbers are limited per address (kiosks included), checked before any look-up, so
    /// nobody learns anything by trying codes in a row; by phone number only the hall's own kiosks (and staff) may
    /// check in, as anyone may know someone's number.
    static func addCheckInRoute(_ router: inout Router) {
        router.add(.post, "/api/check-ins") { ctx in
            let api = ctx.api
            let (key, remind) = try ctx.checkInRequest()
            let address = ctx.request.remoteAddress
            let limits = api.service.config.limits
            let attempts = limits.checkInAttemptsPerAddressPerMinute
            if attempts > 0, let wait = api.checkInBuckets.wait(address, perMinute: attempts, now: api.service.clock()) {
                throw APIError(
                    429, "too_many_check_ins", "too many wrong codes or numbers from this device; try again in \(wait) s",
                    headers: [("Retry-After", String(wait))], facts: ["messageZh": "输入错误次数过多，请 \(wait) 秒后再试"])
            }
            return ctx.later { answer in
                api.service.change(
                    { hall, now -> (CheckIn, [HallEvent]) in
                        let plan = try hall.checkInPlan(key, now: now)
                        // On time, only the opening hours; late, an ordinary ticket like any other (limits included).
                        if plan.onTime {
                            try api.admitHours(hall: hall, now: now)
                        } else {
                            try api.admit(service: plan.appointment.service, hall: hall, now: now, address: address, session: ctx.session)
                        }
                        var random = SystemRandomNumberGenerator()
                        return try hall.checkIn(key, remind: remind, now: now, random: &random)
                    },
                    completion: { result in
                        if case .failure(HallError.booking(.noBooking)) = result, attempts > 0 {
                            _ = api.checkInBuckets.take(address, perMinute: attempts, now: api.service.clock())
                        }
                        answer {
                            let checkIn: CheckIn
                            do {
                                checkIn = try result.get()
                            } catch HallError.booking(.tooEarly(let slot, let opens)) {
                                throw api.tooEarly(slot: slot, opens: opens)
                            }
                            return try json(201, api.checkInView(checkIn))
                        }
                    })
            }
        }
    }

    func checkInView(_ c: CheckIn) -> CheckInView {
        let config = service.config
        let a = c.appointment
        var note: LocalizedName?
        if !c.onTime {
            let closes = BookingSlot.clock(service.read { $0.calendar.minuteOfDay(a.checkInCloses(config.appointments)) })
            note =
                a.status == .noShow
                ? LocalizedName(
                    zh: "您预约的 \(a.slot) 时段已过，预约已失效；已为您取普通号。", en: "Your \(a.slot) booking has lapsed; this is an ordinary ticket.")
                : LocalizedName(
                    zh: "您已超过 \(a.slot) 时段的签到时间（\(closes) 截止），已为您取普通号。",
                    en: "Check-in for your \(a.slot) slot closed at \(closes), so this is an ordinary ticket.")
        }
        return CheckInView(onTime: c.onTime, note: note, appointment: AppointmentView(a, config: config), ticket: view(of: c.ticket, secret: true))
    }

    /// The 409 for a check-in before its window opens, saying when to come back in both languages.
    func tooEarly(slot: String, opens: Date) -> APIError {
        let (calendar, now) = service.read { ($0.calendar, service.clock()) }
        return APIError(
            409, "too_early",
            "Check-in for your \(slot) slot opens \(OpeningText.english(opens, calendar: calendar, now: now)); please come back then.",
            facts: [
                "messageZh": "您预约的 \(slot) 时段\(OpeningText.chinese(opens, calendar: calendar, now: now))起可签到，请届时再来。",
                "checkInFrom": iso(opens)!, "slot": slot,
            ])
    }
}

extension RouteContext {
    /// The code (eight digits) or the phone number of a check-in, a phone number only at a kiosk of the hall or from
    /// staff; and whether the taxpayer asked for reminder texts.
    func checkInRequest() throws -> (key: CheckInKey, remind: Bool) {
        let body = try body(CheckInBody.self)
        return (try checkInKey(body), body.sms ?? false)
    }

    private func checkInKey(_ body: CheckInBody) throws -> CheckInKey {
        let code = body.code?.trimmingCharacters(in: .whitespaces).nilIfBlank
        let phone = body.phone?.trimmingCharacters(in: .whitespaces).nilIfBlank
        switch (code, phone) {
        case (let code?, nil):
            guard code.count == 8, code.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw APIError(400, "invalid_field", "field \"code\": a booking code is eight digits", facts: ["field": "code"])
            }
            return .code(code)
        case (nil, let phone?):
            guard (try? TaxpayerContact.validated(phone: phone, idNumber: nil)) != nil else { throw APIError(HallError.invalidPhone(phone)) }
            guard session != nil || HallAPI.isExempt(request.remoteAddress, limits: api.service.config.limits) else {
                throw APIError(
                    403, "check_in_at_kiosk", "checking in by phone number is for the hall's kiosks; type the booking's code instead",
                    facts: ["field": "phone", "messageZh": "手机号签到请在大厅取号机上办理，或输入预约码"])
            }
            return .phone(phone)
        default:
            throw APIError(400, "invalid_field", "give either \"code\" (the booking's eight digits) or \"phone\"", facts: ["field": "code"])
        }
    }
}

extension String {
    fileprivate var nilIfBlank: String? { isEmpty ? nil : self }
}
