import Foundation
import HallTesting
import Testing

/// The printed ticket's QR code, as a browser draws it, scans to the phone ticket page with the secret.
@Suite struct TicketQRTests {
    @Test func theQRCodeOpensThePhonePageWithTheSecret() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--public-url", "http://hall.example:8080/"])
        defer { daemon.stop() }
        let ticket = try daemon.request("POST", "/api/tickets", json: ["service": "B"]).json
        let id = ticket["id"] as! String, secret = ticket["secret"] as! String
        let svg = try daemon.request("GET", "/api/tickets/\(id)/qr.svg?secret=\(secret)")
        #expect(svg.status == 200 && svg.headers["content-type"] == "image/svg+xml")
        #expect(svg.text.hasPrefix("<svg") && svg.text.contains("B001"))
        #expect(try daemon.request("GET", "/api/tickets/\(id)/qr.svg?secret=wrong").status == 403)
        #expect(try daemon.request("GET", "/api/tickets/nosuchticket/qr.svg").status == 404)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("qr.png").path
        try run(
            "chromium",
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(dir.path)/profile", "--screenshot=\(png)",
                "--window-size=500,500", "\(daemon.baseURL)/api/tickets/\(id)/qr.svg?secret=\(secret)",
            ])
        let decoded = try run("zbarimg", ["--raw", "-q", png]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(decoded == "http://hall.example:8080/t/\(id)#s=\(secret)")
    }

    /// Runs a tool from PATH and returns its standard output; fails the test with its output when it exits non-zero.
    @discardableResult
    func run(_ tool: String, _ arguments: [String]) throws -> String {
        let result = try runTool(tool, arguments)
        #expect(result.status == 0, "\(tool) exited with \(result.status): \(result.output)")
        return result.output
    }
}
