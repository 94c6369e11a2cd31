import Foundation
import HallTesting
import Testing

/// The hall's screens in headless Chromium against a real daemon, as a taxpayer and an officer use them
/// (the walk-through itself is `scripts/browser/check_pages.py`; it needs Debian's `chromium` and `python3`).
@Suite(.serialized) struct BrowserTests {
    @Test func kioskPhoneOfficerBoardWindowDisplayAndRatingPadWorkTogetherLive() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        let script = TestDaemon.repositoryRoot.appendingPathComponent("scripts/browser/check_pages.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--base", daemon.baseURL]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Reads until the script and the browser it started have closed the pipe.
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(
            process.terminationStatus == 0,
            "check_pages.py exited with \(process.terminationStatus):\n\(output)\n--- daemon log ---\n\(daemon.log)")
    }
}
