import Foundation
import HallCore

/// A small hall: A general, B invoices, C registration; window 1 serves A then B, 2 serves B then A, 3 serves C.
func smallHallConfig(policy: CallPolicySettings = CallPolicySettings(priorityBurst: 2, fairnessMinutes: 30, recallsBeforeNoShow: 2)) -> HallConfig {
    HallConfig(
        name: LocalizedName(zh: "测试办税服务厅", en: "Test Tax Hall"), timeZoneIdentifier: "Asia/Shanghai",
        hours: OpeningHours(days: [1: [OpeningSpan(startMinute: 540, endMinute: 1020)]]),
        services: [
            Service(code: "A", name: LocalizedName(zh: "综合业务", en: "General"), typicalMinutes: 8),
            Service(code: "B", name: LocalizedName(zh: "发票业务", en: "Invoices"), typicalMinutes: 4),
            Service(code: "C", name: LocalizedName(zh: "登记业务", en: "Registration"), typicalMinutes: 15),
        ],
        windows: [
            WindowConfig(number: 1, name: LocalizedName(zh: "1号窗口", en: "Window 1"), services: ["A", "B"]),
            WindowConfig(number: 2, name: LocalizedName(zh: "2号窗口", en: "Window 2"), services: ["B", "A"]),
            WindowConfig(number: 3, name: LocalizedName(zh: "3号窗口", en: "Window 3"), services: ["C"]),
        ],
        policy: policy)
}

/// 2026-11-23 (a Monday) at hh:mm Beijing time.
func beijing(_ hour: Int, _ minute: Int = 0, day: Int = 23) -> Date {
    var c = DateComponents()
    (c.year, c.month, c.day, c.hour, c.minute) = (2026, 11, day, hour, minute)
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = TimeZone(identifier: "Asia/Shanghai")!
    return cal.date(from: c)!
}

/// A hall under test with a clock and random source, and shorthand for its actions.
struct TestHall {
    var hall: Hall
    var rng = SplitMix64(seed: 7)
    var now: Date

    init(config: HallConfig = smallHallConfig(), now: Date = beijing(9)) {
        hall = Hall(config: config)
        self.now = now
    }

    mutating func advance(minutes: Double) { now += minutes * 60 }

    @discardableResult
    mutating func issue(_ service: String, _ priority: Priority = .normal) throws -> Ticket {
        try hall.issue(TicketRequest(service: service, priority: priority), now: now, random: &rng).0
    }

    mutating func openAll() throws {
        for w in hall.config.windows { _ = try hall.open(window: w.number, officer: "officer\(w.number)", now: now) }
    }

    /// Calls at `window` and, when a ticket came, serves and finishes it at once; returns its number.
    mutating func serveNext(at window: Int) throws -> String? {
        guard let ticket = try hall.callNext(window: window, now: now).0 else { return nil }
        _ = try hall.start(window: window, now: now)
        _ = try hall.finish(window: window, now: now)
        return ticket.number
    }
}
