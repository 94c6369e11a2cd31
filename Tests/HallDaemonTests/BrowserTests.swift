import Foundation
import HallTesting
import Testing

/// The hall's screens in headless Chromium against a real daemon, as taxpayers, officers and managers use them
/// (the walk-throughs are `scripts/browser/check_*.py`; they need Debian's `chromium` and `python3`).
@Suite(.serialized) struct BrowserTests {
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path, "--base", daemon.baseURL]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Reads until the script and the browser it started have closed the pipe.
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(
            process.terminationStatus == 0, "\(script) exited with \(process.terminationStatus):\n\(output)\n--- daemon log ---\n\(daemon.log)")
    }
}
