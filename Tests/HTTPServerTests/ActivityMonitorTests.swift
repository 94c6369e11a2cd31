import Foundation
import HTTPServer
import Testing

@Suite struct ActivityMonitorTests {
    @Test func stepsReportHowLongTheyHaveRunAndEndWhenDone() {
        let monitor = ActivityMonitor()
        let request = monitor.begin("POST /api/tickets", kind: .request)
        let commit = monitor.begin("commit of 3 changes")
        #expect(monitor.requestsInFlight.map(\.what) == ["POST /api/tickets"], "only requests count as in flight")
        #expect(Set(monitor.stalled(longerThan: -1).map(\.what)) == ["POST /api/tickets", "commit of 3 changes"])
        #expect(monitor.stalled(longerThan: 60).isEmpty)
        monitor.end(request)
        monitor.end(commit)
        #expect(monitor.stalled(longerThan: -1).isEmpty)
    }

    /// A step that begins on another thread while the table is being read never reports a huge (wrapped) duration.
    @Test func aStepBegunWhileReadingIsNeverCenturiesOld() {
        let monitor = ActivityMonitor()
        final class Worst: @unchecked Sendable {
            let lock = NSLock()
            var seconds = 0.0
        }
        let worst = Worst()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for _ in 0..<50_000 {
                if worker % 2 == 0 {
                    monitor.end(monitor.begin("step"))
                } else {
                    let longest = monitor.stalled(longerThan: -1).map(\.seconds).max() ?? 0
                    worst.lock.withLock { worst.seconds = max(worst.seconds, longest) }
                }
            }
        }
        #expect(worst.seconds < 60)
    }
}
