import Foundation
import HallTesting
import Testing

@Suite(.serialized) struct CrashTests {
    /// Tickets acknowledged to many concurrent takers all survive a SIGKILL, and numbering continues without reuse.
    @Test func acknowledgedTicketsSurviveAKillAndNumberingContinues() throws {
        let daemon = try TestDaemon.start()
        final class Acks: @unchecked Sendable {
            let lock = NSLock()
            var tickets: [(id: String, number: String)] = []
        }
        let acks = Acks()
        let services = ["A", "B", "C", "D", "E"]
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<65 {
                let service = services[(worker + i) % services.count]
                guard let reply = try? daemon.request("POST", "/api/tickets", json: ["service": service]), reply.status == 201,
                    let id = reply.json["id"] as? String, let number = reply.json["number"] as? String
                else { continue }
                acks.lock.withLock { acks.tickets.append((id, number)) }
            }
        }
        #expect(acks.tickets.count == 520)
        #expect(Set(acks.tickets.map(\.number)).count == acks.tickets.count, "no number handed out twice")
        daemon.kill()
        try daemon.launch()
        for ticket in acks.tickets {
            let reply = try daemon.request("GET", "/api/tickets/\(ticket.id)")
            #expect(reply.status == 200 && reply.json["number"] as? String == ticket.number, "lost \(ticket.number)")
        }
        let highestA = acks.tickets.filter { $0.number.hasPrefix("A") }.compactMap { Int($0.number.dropFirst()) }.max() ?? 0
        let next = try daemon.request("POST", "/api/tickets", json: ["service": "A"]).json["number"] as? String
        #expect(next == String(format: "A%03d", highestA + 1))
        #expect(try daemon.request("GET", "/api/queues").json["totalWaiting"] as? Int == 521)
        daemon.stop()
    }

    @Test func aCleanStopExitsZero() throws {
        let daemon = try TestDaemon.start()
        try daemon.request("POST", "/api/tickets", json: ["service": "A"])
        #expect(daemon.stop() == 0)
    }
}
