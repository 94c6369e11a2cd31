import Foundation

/// The alert conditions that hold in a hall at a moment, by the thresholds in force.
///
/// - `queue:<service>`: more than `maxWaitingPerService` tickets wait for one service.
/// - `load`: the average waiting per open window exceeds `maxWaitingPerOpenWindow`, or people wait in opening hours with no window open.
/// - `wait:<service>`: the longest-waiting ticket of a service has waited more than `maxWaitMinutes`
///   (one alert per line, naming the ticket, rather than one per ticket, so a bad hour is one alert, not forty).
/// - `pause:<window>`: a window paused more than `maxPauseMinutes` while anyone waits for a service it serves.
/// - `rating:<ticket>`: a rating at or below `dissatisfiedAtOrBelow` (raised when the rating is given, see ``ratingCondition``).
///
/// Line conditions (`queue`, `wait`, `load`) hold only while the hall is open (`openNow`, from ``IssuingHours``): people
/// queueing at the door before opening, or a line left overnight, are no reason to wake the duty director.
public enum AlertRules {
    /// Every state-based condition that holds in `snapshot`; `openNow` says whether the hall is in its opening hours.
    public static func conditions(in snapshot: HallSnapshot, config: HallConfig, thresholds: AlertThresholds, openNow: Bool) -> [AlertCondition] {
        var found: [AlertCondition] = []
        let names = Dictionary(uniqueKeysWithValues: config.services.map { ($0.code, $0.name) })
        for line in snapshot.services where openNow {
            let zh = names[line.code]?.zh ?? line.code
            let en = names[line.code]?.en ?? line.code
            if line.waiting > thresholds.maxWaitingPerService {
                found.append(
                    AlertCondition(
                        key: "queue:\(line.code)", kind: .queue,
                        message: "\(zh)（\(line.code)）排队 \(line.waiting) 人，超过 \(thresholds.maxWaitingPerService) 人",
                        messageEn: "\(line.waiting) waiting for \(en) (\(line.code)), above \(thresholds.maxWaitingPerService)",
                        details: ["service": line.code, "waiting": String(line.waiting)]))
            }
            let minutes = line.longestWaitSeconds / 60
            if line.waiting > 0, minutes > thresholds.maxWaitMinutes {
                // Whole minutes rounded down, as the dashboard's clocks show them: "over 40 min" is true at 40.5.
                let whole = Int(minutes)
                found.append(
                    AlertCondition(
                        key: "wait:\(line.code)", kind: .wait,
                        message: "\(zh)（\(line.code)）最长已等候超过 \(whole) 分钟（上限 \(formatted(thresholds.maxWaitMinutes)) 分钟）",
                        messageEn:
                            "Someone waiting for \(en) (\(line.code)) has waited over \(whole) min (limit \(formatted(thresholds.maxWaitMinutes)))",
                        details: ["service": line.code, "minutes": String(whole), "waiting": String(line.waiting)]))
            }
        }
        if openNow, let load = loadCondition(snapshot, config: config, thresholds: thresholds) { found.append(load) }
        found += pauseConditions(snapshot, config: config, thresholds: thresholds)
        return found
    }

    /// The condition a rating raises, or nil when the score is above the threshold.
    public static func ratingCondition(ticket: Ticket, score: Int, reason: String?, thresholds: AlertThresholds) -> AlertCondition? {
        guard RatingScale.isDissatisfied(score, atOrBelow: thresholds.dissatisfiedAtOrBelow) else { return nil }
        let window = ticket.window.map { "\($0) 号窗口" } ?? "窗口"
        let windowEn = ticket.window.map { "window \($0)" } ?? "a window"
        var details = ["ticket": ticket.id.rawValue, "number": ticket.number, "score": String(score), "service": ticket.service]
        if let w = ticket.window { details["window"] = String(w) }
        if let officer = ticket.officer { details["officer"] = officer }
        // The reason is the public's own words: the dashboard shows it from the details, but it stays out of the
        // message, which SMS and the webhook send on (see ``Alert/publicTextDetails``).
        if let reason, !reason.isEmpty { details["reason"] = reason }
        return AlertCondition(
            key: "rating:\(ticket.id.rawValue)", kind: .rating,
            message: "\(ticket.number) 号在\(window)评价为\(RatingScale.nameZh(score))",
            messageEn: "Number \(ticket.number) rated \(windowEn) \(RatingScale.nameEn(score))", details: details)
    }

    static func loadCondition(_ snapshot: HallSnapshot, config: HallConfig, thresholds: AlertThresholds) -> AlertCondition? {
        let open = snapshot.openWindows
        let waiting = snapshot.totalWaiting
        guard waiting > 0 else { return nil }
        if open == 0 {
            return AlertCondition(
                key: "load", kind: .load, message: "\(waiting) 人等候，没有开放的窗口", messageEn: "\(waiting) waiting and no window is open",
                details: ["waiting": String(waiting), "openWindows": "0"])
        }
        let average = Double(waiting) / Double(open)
        guard average > thresholds.maxWaitingPerOpenWindow else { return nil }
        let shown = (average * 10).rounded() / 10
        return AlertCondition(
            key: "load", kind: .load,
            message: "平均每个开放窗口等候 \(shown) 人（\(waiting) 人 / \(open) 个窗口），超过 \(formatted(thresholds.maxWaitingPerOpenWindow))，请增开窗口",
            messageEn:
                "\(shown) waiting per open window (\(waiting) / \(open)), above \(formatted(thresholds.maxWaitingPerOpenWindow)): open more windows",
            details: ["waiting": String(waiting), "openWindows": String(open)])
    }

    static func pauseConditions(_ snapshot: HallSnapshot, config: HallConfig, thresholds: AlertThresholds) -> [AlertCondition] {
        let waitingBy = Dictionary(uniqueKeysWithValues: snapshot.services.map { ($0.code, $0.waiting) })
        return snapshot.windows.compactMap { view -> AlertCondition? in
            let state = view.state
            guard state.status == .paused, let since = state.pausedAt ?? state.since,
                let window = config.window(state.number)
            else { return nil }
            let minutes = snapshot.at.timeIntervalSince(since) / 60
            let waiting = window.services.reduce(0) { $0 + (waitingBy[$1] ?? 0) }
            guard minutes > thresholds.maxPauseMinutes, waiting > 0 else { return nil }
            return AlertCondition(
                key: "pause:\(state.number)", kind: .pause,
                message: "\(state.number) 号窗口已暂停超过 \(Int(minutes)) 分钟，仍有 \(waiting) 人等候其业务",
                messageEn: "Window \(state.number) paused for over \(Int(minutes)) min while \(waiting) wait for its services",
                details: ["window": String(state.number), "minutes": String(Int(minutes)), "waiting": String(waiting)])
        }
    }

    static func formatted(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
