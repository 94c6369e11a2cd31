import Foundation
import HallTesting
import Testing

/// Nothing personal is ever logged: a day's worth of a hall at `--log-level trace` (a ticket with a phone and ID
/// number followed, cancelled and rated, logins good and bad, a pad, an alert sent by SMS that fails), then every line
/// the daemon printed is searched for each phone and ID number, ticket secret, password and token it saw.
@Suite(.serialized) struct LogPrivacyTests {
    static let phone = "13912345678"
    static let otherPhone = "13987654321"
    static let idNumber = "11010519491231002X"
    static let badIDNumber = "110105194912310021"
    static let staffPhone = "13700001234"
    static let password = "Zebra-Quartz-7781-secret"
    static let wrongPassword = "Wrong-Password-4417"
    static let reason = "窗口办理太慢了"

    @Test(arguments: ["text", "json"]) func noLogLineHoldsAnythingPersonal(format: String) throws {
        let config = try ConfigCopy {
            $0.replacingOccurrences(
                of: #"first_group = ["13800000001"]"#, with: "first_group = [\"\(Self.staffPhone)\"]\nsms_command = [\"/bin/false\", \"{phone}\"]")
        }
        let added = try runTool(
            TestDaemon.binary, ["user", "add", "director", "--role", "manager", "--config", config.path], input: Self.password + "\n")
        try #require(added.status == 0)
        let daemon = try TestDaemon.start(
            config: config.path, extraArguments: ["--log-level", "trace", "--log-format", format, "--alert-check-seconds", "0.2"])
        defer { daemon.stop() }
        var secrets = [Self.phone, Self.otherPhone, Self.idNumber, Self.badIDNumber, Self.staffPhone, Self.password, Self.wrongPassword, Self.reason]
        // The numbers' telling parts too, so a log cannot hold them half masked.
        secrets += [
            String(Self.phone.suffix(8)), String(Self.otherPhone.suffix(8)), String(Self.idNumber.prefix(14)), String(Self.staffPhone.suffix(8)),
        ]

        let board = try SSEClient(port: daemon.port)
        let taken = try daemon.request("POST", "/api/tickets", json: ["service": "A", "phone": Self.phone, "idNumber": Self.idNumber])
        try #require(taken.status == 201, "\(taken.text)")
        let id = taken.json["id"] as! String
        let secret = try #require(taken.json["secret"] as? String)
        secrets.append(secret)
        #expect(try daemon.request("GET", "/api/tickets/\(id)/qr.svg?secret=\(secret)").status == 200)
        #expect(try daemon.request("GET", "/api/tickets/\(id)").status == 200)
        #expect(try daemon.request("POST", "/api/tickets", json: ["service": "A", "idNumber": Self.badIDNumber]).status == 400)

        let other = try daemon.request("POST", "/api/tickets", json: ["service": "B", "phone": Self.otherPhone])
        let otherSecret = try #require(other.json["secret"] as? String)
        secrets.append(otherSecret)
        let forged = "forged-secret-0123456789"
        secrets.append(forged)
        #expect(try daemon.request("DELETE", "/api/tickets/\(other.json["id"] as! String)?secret=\(forged)").status == 403)
        #expect(try daemon.request("DELETE", "/api/tickets/\(other.json["id"] as! String)?secret=\(otherSecret)").status == 200)

        #expect(try daemon.request("POST", "/api/login", json: ["user": "director", "password": Self.wrongPassword]).status == 401)
        let director = try daemon.login("director", password: Self.password)
        let officer = try daemon.login("officer1")
        secrets += [director, officer]
        #expect(try daemon.request("GET", "/api/me", token: director).status == 200)
        #expect(try daemon.request("GET", "/api/stats?from=2020-01-01&to=2020-01-02", token: director).status < 500)
        #expect(try daemon.request("POST", "/api/windows/1/open", token: officer).status == 200)
        try daemon.serveNext(window: 1, token: officer)
        let pad = try daemon.pairPad(window: 1, token: officer)
        secrets.append(pad)
        let rated = try daemon.request("POST", "/api/tickets/\(id)/rating", json: ["score": 1, "reason": Self.reason], token: pad)
        #expect(rated.status == 201, "\(rated.text)")
        #expect(try daemon.request("POST", "/api/logout", token: officer).status == 204)
        #expect(try daemon.request("GET", "/api/me", token: officer).status == 401, "a token used after logout")
        #expect(board.collect(3, timeout: 5).count == 3, "the board saw the day")
        // The rating raised an alert whose SMS (a command that fails) is tried: its failure is logged.
        #expect(daemon.eventually(within: 15) { daemon.log.contains("outbox: try 1") }, "\(daemon.log)")
        #expect(try daemon.request("GET", "/healthz").status == 200, "an SMS command that exits without reading its text ends nothing")
        #expect(daemon.stop() == 0)
        usleep(300_000)  // the last lines through the pipe

        let log = daemon.log
        for expected in ["POST /api/tickets 201", "POST /api/login 401", "rating pad", "alert", "outbox: try 1"] {
            #expect(log.contains(expected), "the log is the whole day's: \(expected)")
        }
        let lines = log.split(separator: "\n")
        for secret in secrets {
            let leaks = lines.filter { $0.contains(secret) }
            #expect(leaks.isEmpty, "\(secret) logged: \(leaks.prefix(3))")
        }
        if format == "json" {
            for line in lines {
                let entry = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
                #expect(entry?["time"] is String && entry?["level"] is String && entry?["message"] is String, "one JSON entry per line: \(line)")
            }
        }
    }
}
