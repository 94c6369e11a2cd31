extension AlertThresholds {
    /// The first threshold a manager may not set for a day, with the rule it breaks (`maxWaitMinutes` must be
    /// "greater than 0 and at most 1440"), or nil when all keep alerts meaningful.
    public var outOfBounds: (field: String, rule: String)? {
        let checks: [(ok: Bool, field: String, rule: String)] = [
            ((1...10_000).contains(maxWaitingPerService), "maxWaitingPerService", "a whole number from 1 to 10000"),
            (maxWaitingPerOpenWindow > 0 && maxWaitingPerOpenWindow <= 1000, "maxWaitingPerOpenWindow", "greater than 0 and at most 1000"),
            (maxWaitMinutes > 0 && maxWaitMinutes <= 1440, "maxWaitMinutes", "greater than 0 and at most 1440"),
            ((0...4).contains(dissatisfiedAtOrBelow), "dissatisfiedAtOrBelow", "0 (never) to 4"),
            (maxPauseMinutes > 0 && maxPauseMinutes <= 1440, "maxPauseMinutes", "greater than 0 and at most 1440"),
            (renotifyMinutes >= 0 && renotifyMinutes <= 1440, "renotifyMinutes", "0 (never) to 1440"),
            (escalateMinutes > 0 && escalateMinutes <= 1440, "escalateMinutes", "greater than 0 and at most 1440"),
        ]
        return checks.first { !$0.ok }.map { ($0.field, $0.rule) }
    }
}
