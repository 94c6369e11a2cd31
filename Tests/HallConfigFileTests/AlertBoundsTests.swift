import HallConfigFile
import HallCore
import Testing

/// The hall's file and a manager's edit on the dashboard (PUT /api/alert-rules, checked by
/// ``AlertThresholds/outOfBounds``) accept exactly the same thresholds.
@Suite struct AlertBoundsTests {
    /// Each key with values at and just past its bounds, and how to put a value into thresholds.
    static let cases: [(key: String, values: [String], set: @Sendable (inout AlertThresholds, Double) -> Void)] = [
        ("max_waiting_per_service", ["0", "1", "10000", "10001"], { $0.maxWaitingPerService = Int($1) }),
        ("max_waiting_per_open_window", ["0", "0.5", "1000", "1000.5", "-1"], { $0.maxWaitingPerOpenWindow = $1 }),
        ("max_wait_minutes", ["0", "1", "480", "1440", "1441"], { $0.maxWaitMinutes = $1 }),
        ("dissatisfied_at_or_below", ["-1", "0", "2", "4", "5"], { $0.dissatisfiedAtOrBelow = Int($1) }),
        ("max_pause_minutes", ["0", "1", "1440", "1441"], { $0.maxPauseMinutes = $1 }),
        ("renotify_minutes", ["-1", "0", "1440", "1441"], { $0.renotifyMinutes = $1 }),
        ("escalate_minutes", ["0", "1", "1440", "1441"], { $0.escalateMinutes = $1 }),
    ]

    @Test func theFileAndTheManagersEditAcceptTheSameThresholds() throws {
        var checked = 0
        for (key, values, set) in Self.cases {
            for value in values {
                var edited = AlertThresholds()
                set(&edited, Double(value)!)
                let byEdit = edited.outOfBounds == nil
                let byFile: Bool
                do {
                    let config = try HallConfig.parse(toml: ConfigFixtures.minimal + "\n[alerts]\n\(key) = \(value)\n")
                    byFile = true
                    #expect(config.alerts == edited, "\(key) = \(value) read as given")
                } catch {
                    byFile = false
                    #expect("\(error)".contains("alerts.\(key)"), "the error names the key: \(error)")
                }
                let verdicts = "the file \(byFile ? "accepts" : "refuses") it, the edit \(byEdit ? "accepts" : "refuses") it"
                #expect(byFile == byEdit, "\(key) = \(value): \(verdicts)")
                if !byEdit { checked += 1 }
            }
        }
        #expect(checked >= 14, "every key is tried past its bounds")
    }
}
