import Foundation
import HTTPServer
import HallCore

/// What decides whether a ticket may be taken, before the hall numbers it: priority only from staff, opening hours,
/// the daily cap per service and the per-address limit (`[hours]` and `[limits]` of the configuration).
extension HallAPI {
    /// Green-channel and appointment tickets are given by staff (an officer's, manager's or admin's session), never
    /// self-declared: otherwise anyone could jump every line.
    static func checkPriority(_ priority: Priority, session: Session?) throws {
        guard priority.isPriority, session == nil else { return }
        throw APIError(
            403, "priority_needs_staff",
            "\(priority.rawValue) tickets are issued by hall staff: send the request with an officer's or manager's login token")
    }

    /// Refuses a ticket the hall's hours or limits do not allow at `now`; runs under the hall's lock, before issuing
    /// (so it must not call back into the service).
    func admit(service code: String, hall: Hall, now: Date, address: String, session: Session?) throws {
        try admitHours(hall: hall, now: now)
        let limits = hall.config.limits
        if let service = hall.config.service(code), hall.dailyLimitReached(service: code, now: now) {
            let hours = IssuingHours(hours: hall.config.hours, calendar: hall.calendar)
            let next = hours.firstOpening(afterDayOf: now)
            let wait = next.map { max(1, Int($0.issuingFrom.timeIntervalSince(now).rounded(.up))) } ?? 86_400
            let from = next.map { " Tickets again from \(OpeningText.english($0.issuingFrom, calendar: hours.calendar, now: now))." } ?? ""
            let fromZh = next.map { "\(OpeningText.chinese($0.issuingFrom, calendar: hours.calendar, now: now))起可再取号。" } ?? ""
            throw APIError(
                429, "daily_limit_reached",
                "Today's \(limits.ticketsPerServicePerDay) tickets for \(service.name.en) (\(code)) have all been taken.\(from)",
                headers: [("Retry-After", String(wait))],
                facts: ["messageZh": "今日\(service.name.zh)（\(code)）\(limits.ticketsPerServicePerDay)个号已全部发完。\(fromZh)"])
        }
        let perMinute = limits.ticketsPerAddressPerMinute
        guard perMinute > 0, session == nil, !Self.isExempt(address, limits: limits) else { return }
        if let wait = ticketBuckets.take(address, perMinute: perMinute, now: now) {
            throw APIError(
                429, "too_many_tickets", "this device has taken \(perMinute) tickets in the last minute; try again in \(wait) s",
                headers: [("Retry-After", String(wait))], facts: ["messageZh": "本设备取号过于频繁，请 \(wait) 秒后再试"])
        }
    }

    /// Refuses any ticket outside the issuing hours (409 `hall_closed`, saying when tickets are next issued). Inside
    /// the issuing window found last time it only compares instants (a clock stepped back before it looks again).
    func admitHours(hall: Hall, now: Date) throws {
        if let window = issuingWindow.read({ $0 }), window.from <= now, now < window.until { return }
        let hours = IssuingHours(hours: hall.config.hours, calendar: hall.calendar)
        switch hours.state(at: now) {
        case .closed(let next): throw Self.hallClosed(next: next, hours: hours, now: now)
        case .open(let until, _, _): issuingWindow.withLock { $0 = (now, until) }
        }
    }

    /// Whether `address` is one of `[limits] exempt_addresses` (the hall's own kiosks).
    static func isExempt(_ address: String, limits: IssueLimits) -> Bool {
        let exempt = limits.exemptAddresses
        return !exempt.isEmpty && exempt.contains { AddressBuckets.canonical($0) == AddressBuckets.canonical(address) }
    }

    /// The 409 for a ticket asked for outside the issuing hours, saying when tickets are next issued.
    static func hallClosed(next: IssuingHours.Opening?, hours: IssuingHours, now: Date) -> APIError {
        guard let next else {
            return APIError(
                409, "hall_closed", "The hall issues no tickets now and has no opening hours in the next two weeks.",
                facts: ["messageZh": "本厅现在不取号，近两周没有开放时间。"])
        }
        let calendar = hours.calendar
        let from = OpeningText.english(next.issuingFrom, calendar: calendar, now: now)
        let opens = OpeningText.clock(next.opensAt, calendar: calendar)
        let tz = calendar.timeZone.identifier
        let early = next.issuingFrom < next.opensAt ? "; the hall opens at \(opens)" : ""
        let earlyZh = next.issuingFrom < next.opensAt ? "，\(opens) 开始办理" : ""
        let holiday = hours.isHoliday(now)
        return APIError(
            409, "hall_closed",
            (holiday ? "The hall is closed today for a public holiday." : "The hall issues no tickets now.")
                + " Tickets from \(from) (\(tz) time)\(early).",
            facts: [
                "messageZh": (holiday ? "今日为法定节假日，本厅不办公。" : "本厅现在不取号。")
                    + "下次取号时间：\(OpeningText.chinese(next.issuingFrom, calendar: calendar, now: now))\(earlyZh)。",
                "issuingFrom": iso(next.issuingFrom)!, "opensAt": iso(next.opensAt)!,
            ])
    }
}

/// Days and times in the hall's time zone, as the hall's refusals say them.
enum OpeningText {
    static let weekdaysEn = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let weekdaysZh = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
    static let monthsEn = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// `08:30`.
    static func clock(_ date: Date, calendar: HallCalendar) -> String {
        let minute = calendar.minuteOfDay(date)
        return String(format: "%02d:%02d", minute / 60, minute % 60)
    }

    /// `today at 08:30`, `tomorrow (Tuesday 24 November) at 08:30`, `Monday 30 November at 08:30`.
    static func english(_ date: Date, calendar: HallCalendar, now: Date) -> String {
        let (month, day) = monthDay(date, calendar: calendar)
        let named = "\(weekdaysEn[calendar.weekday(of: date) - 1]) \(day) \(monthsEn[month - 1])"
        let time = "at \(clock(date, calendar: calendar))"
        switch daysFrom(now, to: date, calendar: calendar) {
        case 0: return "today \(time)"
        case 1: return "tomorrow (\(named)) \(time)"
        default: return "\(named) \(time)"
        }
    }

    /// `今天 08:30`, `明天（11月24日 星期二）08:30`, `11月30日（星期一）08:30`.
    static func chinese(_ date: Date, calendar: HallCalendar, now: Date) -> String {
        let (month, day) = monthDay(date, calendar: calendar)
        let weekday = weekdaysZh[calendar.weekday(of: date) - 1]
        let time = clock(date, calendar: calendar)
        switch daysFrom(now, to: date, calendar: calendar) {
        case 0: return "今天 \(time)"
        case 1: return "明天（\(month)月\(day)日 \(weekday)）\(time)"
        default: return "\(month)月\(day)日（\(weekday)）\(time)"
        }
    }

    private static func monthDay(_ date: Date, calendar: HallCalendar) -> (Int, Int) {
        let parts = calendar.day(of: date).split(separator: "-").compactMap { Int($0) }
        return (parts[1], parts[2])
    }

    private static func daysFrom(_ now: Date, to date: Date, calendar: HallCalendar) -> Int {
        (HallDays.count(from: calendar.day(of: now), to: calendar.day(of: date)) ?? 3) - 1
    }
}
