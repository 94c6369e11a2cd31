import HallCore
import Testing

@Suite struct AlertThresholdTests {
    @Test func aManagersThresholdsAreRefusedByTheFirstFieldOutOfBounds() {
        #expect(AlertThresholds().outOfBounds == nil, "the defaults are fine")
        #expect(AlertThresholds(dissatisfiedAtOrBelow: 0, renotifyMinutes: 0).outOfBounds == nil, "0: never")
        var rules = AlertThresholds(maxWaitingPerService: 0)
        #expect(rules.outOfBounds?.field == "maxWaitingPerService" && rules.outOfBounds?.rule == "a whole number from 1 to 10000")
        rules = AlertThresholds(maxWaitMinutes: 1441, dissatisfiedAtOrBelow: 5)
        #expect(rules.outOfBounds?.field == "maxWaitMinutes", "the first, in order")
        for broken in [
            AlertThresholds(maxWaitingPerOpenWindow: 0), AlertThresholds(dissatisfiedAtOrBelow: 5), AlertThresholds(maxPauseMinutes: -1),
            AlertThresholds(renotifyMinutes: -1), AlertThresholds(renotifyMinutes: 1441), AlertThresholds(escalateMinutes: 0),
        ] {
            #expect(broken.outOfBounds != nil, "\(broken)")
        }
    }
}
