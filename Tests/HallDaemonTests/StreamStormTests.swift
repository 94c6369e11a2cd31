import Foundation
import HallTesting
import Testing

/// Live-event streams against a real daemon: reconnect storms, stalled readers, stale ids, per-address caps.
@Suite(.serialized) struct StreamStormTests {
    /// Takes `count` tickets over eight connections; returns how many were acknowledged.
    static func takeTickets(_ daemon: TestDaemon, _ count: Int) -> Int {
        final class Count: @unchecked Sendable {
            let lock = NSLock()
            var n = 0
        }
        let taken = Count()
        let services = ["A", "B", "C", "D", "E"]
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in stride(from: worker, to: count, by: 8) {
                if (try? daemon.request("POST", "/api/tickets", json: ["service": services[i % 5]]))?.status == 201 {
                    taken.lock.withLock { taken.n += 1 }
                }
            }
        }
        return taken.n
    }

    /// Boards on flaky Wi-Fi reconnecting with `Last-Event-ID: 0` and dropping again, while a kiosk keeps issuing: the
    /// hall never stops. (This hung the daemon for good when a replayed stream was cut off while the hub held its lock.)
    @Test func reconnectStormsWithAnOldIdNeverStopTheHall() throws {
        let daemon = try TestDaemon.start()
        #expect(Self.takeTickets(daemon, 6_000) == 6_000)

        final class Kiosk: @unchecked Sendable {
            let lock = NSLock()
            var issued: [Date] = []
            var failures: [String] = []
            var running = true
        }
        let kiosk = Kiosk()
        let started = Date()
        let taker = Thread {
            while kiosk.lock.withLock({ kiosk.running }) {
                do {
                    let reply = try daemon.request("POST", "/api/tickets", json: ["service": "A"], timeout: 3)
                    kiosk.lock.withLock { reply.status == 201 ? kiosk.issued.append(Date()) : kiosk.failures.append("\(reply.status)") }
                } catch {
                    kiosk.lock.withLock { kiosk.failures.append("\(error)") }
                }
                usleep(20_000)
            }
        }
        taker.start()
        var resyncs = 0
        for _ in 0..<3 {
            let boards = try (0..<10).map { _ in try SSEClient(port: daemon.port, lastEventID: "0", receiveBufferBytes: 4096) }
            // Each board reads a little (as a slow one does), then drops.
            for board in boards where board.next(timeout: 2)?.event == "resync" { resyncs += 1 }
            usleep(1_500_000)
            boards.forEach { $0.disconnect() }
        }
        kiosk.lock.withLock { kiosk.running = false }
        while !taker.isFinished { usleep(10_000) }

        let (issued, failures) = kiosk.lock.withLock { (kiosk.issued, kiosk.failures) }
        #expect(failures.isEmpty, "every ticket request was answered: \(failures.prefix(3))")
        let times = [started] + issued
        let longestGap = zip(times, times.dropFirst()).map { $1.timeIntervalSince($0) }.max() ?? .infinity
        #expect(issued.count > 20 && longestGap < 2, "tickets kept coming: \(issued.count), longest gap \(longestGap) s")
        #expect(resyncs == 30, "an id the daemon cannot replay cheaply gets one resync event, not thousands of rows")
        let health = Date()
        #expect(try daemon.request("GET", "/healthz", timeout: 1).status == 200)
        #expect(Date().timeIntervalSince(health) < 1)
        #expect(daemon.stop() == 0)
    }

    /// A board that stops reading is cut off once it is too far behind; other boards get every message, the API answers.
    @Test func aStalledReaderIsCutOffAndTheOthersGoOn() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--stream-buffer-bytes", "16384"])
        defer { daemon.stop() }
        let stalled = try SSEClient(port: daemon.port, receiveBufferBytes: 2048)
        let reader = try SSEClient(port: daemon.port)
        #expect(Self.waitForMetric(daemon, "hallq_sse_subscribers", 2) == 2)
        // The other board reads as the burst goes on.
        final class Inbox: @unchecked Sendable { var messages: [SSEMessage] = [] }
        let inbox = Inbox()
        // Until the burst's last change (the 50th finish) has arrived, however slow a loaded machine makes the burst.
        let reading = Thread {
            var finished = 0
            let deadline = Date() + 120
            while finished < 50, Date() < deadline, let message = reader.next(timeout: 30) {
                inbox.messages.append(message)
                if message.event == "ticket.finished" { finished += 1 }
            }
        }
        reading.start()
        // The burst: enough calls and tickets to overflow the stalled board's socket buffers and its 16 KiB.
        let token = try daemon.login("officer1")
        try daemon.request("POST", "/api/windows/1/open", token: token)
        #expect(Self.takeTickets(daemon, 400) == 400)
        for _ in 0..<50 {
            for action in ["call-next", "start", "finish"] { try daemon.request("POST", "/api/windows/1/\(action)", token: token) }
        }
        while !reading.isFinished { usleep(10_000) }
        let received = inbox.messages
        let ids = received.compactMap { Int64($0.id ?? "") }
        let kinds = Dictionary(grouping: received, by: { $0.event ?? "" }).mapValues(\.count)
        #expect(kinds["ticket.issued"] == 400 && kinds["ticket.called"] == 50 && kinds["ticket.finished"] == 50, "\(kinds)")
        #expect(ids == Array((ids.first ?? 0)...(ids.last ?? -1)), "the reading board got every change, in journal order")
        #expect(Self.waitForMetric(daemon, "hallq_sse_dropped_total", 1) == 1, "the stalled board was cut off")
        #expect(Self.metric(daemon, "hallq_sse_subscribers") == 1)
        #expect(try daemon.request("POST", "/api/tickets", json: ["service": "A"], timeout: 2).status == 201)
        #expect(reader.next(timeout: 2)?.event == "ticket.issued", "the other board still follows the hall")
        _ = stalled
    }

    /// Ids the daemon cannot replay (garbage, negative, from the future, or gone from the log) get one resync event;
    /// a recent id gets exactly what was missed.
    @Test func staleOrBadIdsGetOneResyncEvent() throws {
        let daemon = try TestDaemon.start()
        defer { daemon.stop() }
        for _ in 0..<3 { try daemon.request("POST", "/api/tickets", json: ["service": "B"]) }
        let last = try daemon.request("GET", "/api/queues").json["lastEventId"] as? Int ?? -1
        #expect(last >= 3)
        for id in ["garbage", "-5", "\(last + 1000)", "0x10"] {
            let client = try SSEClient(port: daemon.port, lastEventID: id)
            let first = client.next(timeout: 2)
            #expect(first?.event == "resync" && first?.id == String(last), "id \(id)")
            #expect(first?.json["lastEventId"] as? Int == last)
            #expect(client.next(timeout: 0.3) == nil, "nothing else until the hall changes")
        }
        let recent = try SSEClient(port: daemon.port, lastEventID: String(last - 2))
        #expect(recent.collect(5, timeout: 1).map(\.id) == [String(last - 1), String(last)])
        let current = try SSEClient(port: daemon.port, lastEventID: String(last))
        #expect(current.next(timeout: 0.5) == nil, "an up-to-date client gets neither replay nor resync")
    }

    /// One address may hold only so many streams; another address is not affected, and a closed stream frees its place.
    @Test func streamsPerAddressAreCapped() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--max-streams-per-address", "3"])
        defer { daemon.stop() }
        let mine = try (0..<3).map { _ in try SSEClient(port: daemon.port, sourceAddress: "127.0.5.1") }
        #expect(Self.waitForMetric(daemon, "hallq_sse_subscribers", 3) == 3)
        let other = try SSEClient(port: daemon.port, sourceAddress: "127.0.5.2")
        #expect(Self.waitForMetric(daemon, "hallq_sse_subscribers", 4) == 4)
        let fourth = try SSEClient(port: daemon.port, sourceAddress: "127.0.5.1")
        #expect(fourth.next(timeout: 1) == nil)
        #expect(fourth.status == 429)
        try daemon.request("POST", "/api/tickets", json: ["service": "B"])
        #expect(other.next(timeout: 2)?.event == "ticket.issued", "other addresses are not affected")
        // A dropped board's place is freed when the next message (or heartbeat) finds its socket closed.
        mine[0].disconnect()
        try daemon.request("POST", "/api/tickets", json: ["service": "C"])
        #expect(Self.waitForMetric(daemon, "hallq_sse_subscribers", 3) == 3)
        let again = try SSEClient(port: daemon.port, sourceAddress: "127.0.5.1")
        try daemon.request("POST", "/api/tickets", json: ["service": "A"])
        #expect(again.next(timeout: 2)?.event == "ticket.issued", "a freed place can be taken again")
    }

    /// Waits (up to five seconds) until a value of `GET /metrics` is `value`; returns the last value seen.
    @discardableResult
    static func waitForMetric(_ daemon: TestDaemon, _ name: String, _ value: Int) -> Int {
        var seen = metric(daemon, name)
        for _ in 0..<250 where seen != value {
            usleep(20_000)
            seen = metric(daemon, name)
        }
        return seen
    }

    /// A value of `GET /metrics` (-1 when missing).
    static func metric(_ daemon: TestDaemon, _ name: String) -> Int {
        let text = (try? daemon.request("GET", "/metrics").text) ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ").last ?? "").map { Int($0) } ?? -1
        }
        return -1
    }
}
