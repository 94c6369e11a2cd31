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
        // The kiosk's green-channel ticket was issued under officer2's login, which the kiosk logged out at once.
        let sessions = try runTool("sqlite3", [daemon.databasePath, "SELECT COUNT(*) FROM sessions WHERE login = 'officer2'"]).output
        #expect(sessions.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "the kiosk left a staff session open")
    }

    @Test func theKioskSaysWhenTheHallOpensAndOpensByItself() throws {
        let daemon = try TestDaemon.start(clock: TestClock.lastWeek(.tuesday, 8))
        defer { daemon.stop() }
        try check("check_kiosk_hours.py", against: daemon, ["--clock-file", try daemon.testClock.path])
    }

    /// A slot booked on /book on a phone is checked in at the kiosk with its code: too early it says when to come
    /// back, at 13:40 it gives an appointment ticket; the ticket and peak pages link to the booking page.
    @Test func aSlotBookedOnThePhoneIsCheckedInAtTheKioskWithItsCode() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        try check("check_booking.py", against: daemon, ["--clock-file", try daemon.testClock.path])
    }

    @Test func theManagerDashboardShowsTheHallAndAnAlertThatCanBeAcknowledged() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--alert-check-seconds", "1"])
        defer { daemon.stop() }
        try check("check_manager.py", against: daemon)
    }

    /// Two quick calls are two announcements of the daemon's audio, in order, neither cut off, on a browser with no
    /// speech voices; a recall is said again; a board set to the browser's voices still chimes.
    @Test func theBoardSaysEveryCallInOrderWithTheDaemonsVoice() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        try check("check_voice.py", against: daemon)
    }

    /// The phone page notifies "3 ahead" and "called" (the permission granted in the test browser), says both to
    /// screen readers, and catches up after its connection is cut, reconnecting with the last event id.
    @Test func thePhoneWarnsBeforeTheTurnAndCatchesUpAfterItsStreamIsCut() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        try check("check_phone_alerts.py", against: daemon)
    }

    /// Runs a walk-through script against `daemon` and expects it to pass.
    func check(_ script: String, against daemon: TestDaemon, _ arguments: [String] = []) throws {
        let path = TestDaemon.repositoryRoot.appendingPathComponent("scripts/browser/\(script)").path
        let result = try runTool("python3", [path, "--base", daemon.baseURL] + arguments, mergingErrors: true)
        #expect(result.status == 0, "\(script) exited with \(result.status):\n\(result.output)\n--- daemon log ---\n\(daemon.log)")
    }
}
