import Foundation
import HallTesting
import Testing

/// The hall's screens in headless Chromium against a real daemon, as taxpayers, officers and managers use them
/// (the walk-throughs are `scripts/browser/check_*.py`; they need Debian's `chromium` and `python3`). Any console
/// error, uncaught exception or Content-Security-Policy violation on any page fails them.
@Suite(.serialized) struct BrowserTests {
    /// …then the public peak-time page and the managers' statistics.
    @Test func kioskPhoneOfficerBoardWindowDisplayAndRatingPadWorkTogetherLive() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        try check("check_pages.py", against: daemon)
    }

    @Test func theManagerDashboardShowsTheHallAndAnAlertThatCanBeAcknowledged() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--alert-check-seconds", "1"])
        defer { daemon.stop() }
        try check("check_manager.py", against: daemon)
    }

    /// Runs a walk-through script against `daemon` and expects it to pass.
    func check(_ script: String, against daemon: TestDaemon) throws {
        let path = TestDaemon.repositoryRoot.appendingPathComponent("scripts/browser/\(script)").path
        let result = try runTool("python3", [path, "--base", daemon.baseURL], mergingErrors: true)
        #expect(result.status == 0, "\(script) exited with \(result.status):\n\(result.output)\n--- daemon log ---\n\(daemon.log)")
    }
}
