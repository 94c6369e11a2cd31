import Foundation
import HallCore

/// Random halls for property tests: 1–4 services, 1–5 windows with random ordered service lists, a random policy,
/// and a random history of issues (green and appointment tickets among them, often at the same instant), calls,
/// starts, finishes, transfers to a service or a named window, cancels, pauses and closures; a random estimator.
struct RandomHall {
    var hall: Hall
    var now: Date
    var estimator: WaitEstimator

    init(seed: UInt64) {
        var dice = SplitMix64(seed: seed)
        func roll(_ n: Int) -> Int { Int(dice.next() % UInt64(n)) }
        let codes = Array(["A", "B", "C", "D"].prefix(1 + roll(4)))
        let services = codes.map { Service(code: $0, name: LocalizedName(zh: $0, en: $0), typicalMinutes: Double(2 + roll(15))) }
        let windows = (1...(1 + roll(5))).map { number in
            WindowConfig(
                number: number, name: LocalizedName(zh: "\(number)", en: "\(number)"),
                services: Array(codes.shuffled(using: &dice).prefix(1 + roll(codes.count))))
        }
        let config = HallConfig(
            name: LocalizedName(zh: "随机", en: "Random"), timeZoneIdentifier: "Asia/Shanghai",
            hours: OpeningHours(days: [1: [OpeningSpan(startMinute: 540, endMinute: 1020)]]), services: services, windows: windows,
            policy: CallPolicySettings(priorityBurst: 1 + roll(3), fairnessMinutes: Double([5, 10, 30][roll(3)]), recallsBeforeNoShow: 0))
        var t = TestHall(config: config)
        t.rng = SplitMix64(seed: seed &+ 1000)
        for w in windows where roll(4) > 0 { _ = try? t.hall.open(window: w.number, officer: "officer\(w.number)", now: t.now) }
        for _ in 0..<(10 + roll(90)) {
            t.advance(minutes: Double([0, 0, 1, 2, 5][roll(5)]))
            let window = 1 + roll(windows.count)
            let held = t.hall.ticket(atWindow: window)
            switch roll(14) {
            case 0...5:
                let priority: Priority = [.green, .appointment, .normal, .normal, .normal][roll(5)]
                _ = try? t.issue(codes[roll(codes.count)], priority)
            case 6, 7:
                if held == nil { _ = try? t.hall.callNext(window: window, now: t.now) } else { _ = try? t.serveHeld(window) }
            case 8: _ = try? t.hall.start(window: window, now: t.now)
            case 9:
                let target: TransferTarget = roll(2) == 0 ? .service(codes[roll(codes.count)]) : .window(1 + roll(windows.count))
                _ = try? t.hall.transfer(window: window, to: target, now: t.now)
            case 10:
                if let victim = t.hall.waitingTickets.min(by: { $0.id.rawValue < $1.id.rawValue }), roll(2) == 0 {
                    _ = try? t.hall.cancel(victim.id, secret: victim.secret, now: t.now)
                }
            case 11: _ = (try? t.hall.pause(window: window, now: t.now)) ?? (try? t.hall.resume(window: window, now: t.now))
            case 12: _ = (try? t.hall.close(window: window, now: t.now)) ?? (try? t.hall.open(window: window, officer: "o", now: t.now))
            default: _ = try? t.hall.open(window: window, officer: "officer\(window)", now: t.now)
            }
        }
        hall = t.hall
        now = t.now + Double([0, 0, 60, 600, 2400][roll(5)])
        estimator = WaitEstimator(historicalMean: roll(2) == 0 ? [:] : [codes[0]: Double(60 + roll(900))])
        for code in codes where roll(2) == 0 { estimator.observe(service: code, seconds: Double(30 + roll(1200))) }
        if roll(2) == 0 { estimator.observe(walk: Double(roll(300))) }
        estimator.playoutLimit = [2, 4, 120, 120][roll(4)]
    }
}
