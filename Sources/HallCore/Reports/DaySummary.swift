import Foundation

/// Today at a glance for the managers' dashboard, computed from the day's tickets: totals, per service, per window,
/// and per hour. Pure: the tickets, the live snapshot and the ratings are passed in.
public struct DaySummary: Sendable {
    /// Counts and rates for the whole day or one service.
    public struct Totals: Sendable {
        public var issued = 0
        public var served = 0
        public var noShows = 0
        public var cancelled = 0
        public var calls = 0
        public var waitSum = 0.0
        public var withinTarget = 0
        /// No-shows among tickets that reached a window.
        public var noShowRate: Double? { served + noShows > 0 ? Double(noShows) / Double(served + noShows) : nil }
        /// Share of calls whose wait was within the hall's target.
        public var withinTargetShare: Double? { calls > 0 ? Double(withinTarget) / Double(calls) : nil }
        public var meanWaitSeconds: Double? { calls > 0 ? waitSum / Double(calls) : nil }
        public init() {}

        /// Counts one of the day's tickets.
        mutating func count(_ t: Ticket, targetSeconds: Double) {
            issued += 1
            switch t.status {
            case .done: served += 1
            case .noShow: noShows += 1
            case .cancelled: cancelled += 1
            default: break
            }
            if let wait = t.waitSeconds {
                calls += 1
                waitSum += wait
                if wait <= targetSeconds { withinTarget += 1 }
            }
        }
    }

    /// One window's day.
    public struct WindowDay: Sendable {
        public var number: Int
        public var served = 0
        public var serviceSum = 0.0
        public var meanServiceSeconds: Double? { served > 0 ? serviceSum / Double(served) : nil }
        public init(number: Int) { self.number = number }
    }

    /// One hall-local hour of the day.
    public struct Hour: Sendable {
        public var hour: Int
        public var issued = 0
        public var served = 0
        public var calls = 0
        public var waitSum = 0.0
        public var meanWaitSeconds: Double? { calls > 0 ? waitSum / Double(calls) : nil }
        public init(hour: Int) { self.hour = hour }
    }

    public var totals = Totals()
    public var services: [String: Totals] = [:]
    public var windows: [Int: WindowDay] = [:]
    /// Hours from the first opening hour (or first activity) to the last, in order.
    public var hours: [Hour] = []

    /// Summarises `tickets` (every ticket of the day, any status) with `targetWaitMinutes` as the service target.
    public init(tickets: [Ticket], config: HallConfig, calendar: HallCalendar, now: Date) {
        let target = config.policy.targetWaitMinutes * 60
        var byHour: [Int: Hour] = [:]
        func touch(_ hour: Int, _ change: (inout Hour) -> Void) { change(&byHour[hour, default: Hour(hour: hour)]) }
        for t in tickets {
            totals.count(t, targetSeconds: target)
            services[t.service, default: Totals()].count(t, targetSeconds: target)
            touch(calendar.hour(of: t.issuedAt)) { $0.issued += 1 }
            if let called = t.calledAt, let wait = t.waitSeconds {
                touch(calendar.hour(of: called)) {
                    $0.calls += 1
                    $0.waitSum += wait
                }
            }
            if t.status == .done, let finished = t.finishedAt {
                touch(calendar.hour(of: finished)) { $0.served += 1 }
                if let w = t.window {
                    windows[w, default: WindowDay(number: w)].served += 1
                    windows[w, default: WindowDay(number: w)].serviceSum += t.serviceSeconds ?? 0
                }
            }
        }
        let spans = config.hours.spans(on: calendar.day(of: now))
        let open = spans.map { $0.startMinute / 60 }.min()
        let close = spans.map { ($0.endMinute - 1) / 60 }.max()
        let first = [open, byHour.keys.min()].compactMap { $0 }.min()
        let last = [close, byHour.keys.max()].compactMap { $0 }.max()
        if let first, let last, first <= last {
            hours = (first...last).map { byHour[$0] ?? Hour(hour: $0) }
        }
    }
}
