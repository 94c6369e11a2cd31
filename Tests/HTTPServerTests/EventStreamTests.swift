import Foundation
import HTTPServer
import Testing

@Suite struct EventStreamTests {
    final class Streams: @unchecked Sendable {
        let lock = NSLock()
        var all: [EventStream] = []
        func add(_ s: EventStream) { lock.withLock { all.append(s) } }
        var count: Int { lock.withLock { all.count } }
        func send(_ e: ServerSentEvent) { lock.withLock { all }.forEach { $0.send(e) } }
    }

    func waitFor(_ condition: () -> Bool) {
        let deadline = Date() + 3
        while !condition() && Date() < deadline { usleep(5_000) }
    }

    @Test func subscribersGetTheBacklogThenLiveMessagesInOrderWithHeartbeats() throws {
        let streams = Streams()
        let s = try RunningServer(heartbeat: 0.2) { _ in
            let stream = EventStream(initial: [ServerSentEvent(id: "1", event: "ticket.issued", data: "{\"n\":1}")])
            streams.add(stream)
            return .eventStream(stream)
        }
        let a = try RawClient(port: s.port)
        let b = try RawClient(port: s.port)
        a.send("GET /api/events HTTP/1.1\r\nHost: x\r\n\r\n")
        b.send("GET /api/events HTTP/1.1\r\nHost: x\r\n\r\n")
        waitFor { streams.count == 2 }
        streams.send(ServerSentEvent(id: "2", event: "ticket.called", data: "line one\nline two"))
        streams.send(ServerSentEvent(id: "3", event: "ticket.started", data: "{}"))
        for client in [a, b] {
            let text = client.read(timeout: 3) { $0.contains("id: 3") && $0.contains(": ping") }
            #expect(text.contains("Content-Type: text/event-stream"))
            let one = try #require(text.range(of: "id: 1"))
            let two = try #require(text.range(of: "id: 2\nevent: ticket.called\ndata: line one\ndata: line two\n\n"))
            let three = try #require(text.range(of: "id: 3"))
            #expect(one.lowerBound < two.lowerBound && two.lowerBound < three.lowerBound)
            #expect(text.contains(": ping"), "heartbeat comments keep idle streams alive")
        }
        #expect(s.server.activeEventStreams == 2)
    }

    /// HTTP/1.1 is sent chunked from the connection's pool; HTTP/1.0 (no chunks) goes through the response's own
    /// block, a few hundred bytes, so a message is copied out in many pieces.
    @Test(arguments: ["HTTP/1.1", "HTTP/1.0"])
    func messagesLongerThanAWriteBlockArriveWholeAndInOrder(version: String) throws {
        let streams = Streams()
        let s = try RunningServer { _ in
            let stream = EventStream()
            streams.add(stream)
            return .eventStream(stream)
        }
        let client = try RawClient(port: s.port)
        client.send("GET /api/events \(version)\r\nHost: x\r\n\r\n")
        waitFor { streams.count == 1 }
        // Several blocks' worth each, sent back to back so they queue as separate shared chunks.
        let bodies = (0..<4).map { n in String(repeating: Character(String(n)), count: 5_000 + n) }
        for (n, body) in bodies.enumerated() { streams.send(ServerSentEvent(id: String(n + 1), event: "big", data: body)) }
        // HTTP/1.1 frames the endless reply in chunks wherever the writes fell; the events are in the chunks' payload.
        let payload: (String) -> String = { reply in
            version == "HTTP/1.1" ? Self.dechunked(reply) : (reply.range(of: "\r\n\r\n").map { String(reply[$0.upperBound...]) } ?? "")
        }
        let text = payload(client.read(timeout: 10) { payload($0).contains(bodies[3] + "\n\n") })
        var from = text.startIndex
        for (n, body) in bodies.enumerated() {
            let whole = try #require(text.range(of: "id: \(n + 1)\nevent: big\ndata: \(body)\n\n", range: from..<text.endIndex), "\(version)")
            from = whole.upperBound
        }
    }

    /// The payload of a chunked HTTP/1.1 reply read so far (headers dropped, an unfinished last chunk kept as it is).
    static func dechunked(_ reply: String) -> String {
        let bytes = Array(reply.utf8)
        let crlf: [UInt8] = [13, 10]
        func crlfIndex(from i: Int) -> Int? { (i..<max(i, bytes.count - 1)).first { bytes[$0] == 13 && bytes[$0 + 1] == 10 } }
        guard let headerEnd = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == crlf + crlf }) else { return "" }
        var i = headerEnd + 4
        var payload: [UInt8] = []
        while let lineEnd = crlfIndex(from: i), let size = Int(String(decoding: bytes[i..<lineEnd], as: UTF8.self), radix: 16) {
            let start = lineEnd + 2
            payload += bytes[start..<min(start + size, bytes.count)]
            guard start + size + 2 <= bytes.count else { break }
            i = start + size + 2
        }
        return String(decoding: payload, as: UTF8.self)
    }

    @Test func aSubscriberThatDoesNotReadIsCutOffAndOthersKeepGoing() throws {
        let streams = Streams()
        let s = try RunningServer { request in
            if request.path == "/ping" { return .response(.text(200, "pong")) }
            // The first subscriber never reads and may fall 64 KiB behind; the second reads and has room to spare.
            let stream = EventStream(bufferLimit: request.path == "/stalled" ? 64 * 1024 : 256 << 20)
            streams.add(stream)
            return .eventStream(stream)
        }
        let stalled = try RawClient(port: s.port)
        stalled.send("GET /stalled HTTP/1.1\r\nHost: x\r\n\r\n")
        waitFor { streams.count == 1 }
        let reader = try RawClient(port: s.port)
        reader.send("GET /reader HTTP/1.1\r\nHost: x\r\n\r\n")
        waitFor { streams.count == 2 }
        let drained = Thread { _ = reader.read(timeout: 30) { $0.contains("id: last") } }
        drained.start()
        let big = String(repeating: "x", count: 60_000)
        var cutOff = false
        for i in 0..<1000 {
            streams.send(ServerSentEvent(id: "\(i)", data: big))
            if streams.lock.withLock({ streams.all[0].isClosed }) {
                cutOff = true
                break
            }
        }
        #expect(cutOff, "the stalled subscriber was disconnected once its buffer overflowed")
        #expect(!streams.lock.withLock { streams.all[1].isClosed }, "the reading subscriber keeps its stream")
        let started = Date()
        #expect(try RawClient.exchange(port: s.port, "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").contains("pong"))
        #expect(Date().timeIntervalSince(started) < 1, "the API still answers at once")
        streams.send(ServerSentEvent(id: "last", data: "still here"))
        waitFor { streams.lock.withLock { streams.all[1].backlog } == 0 }
        #expect(streams.lock.withLock { streams.all[1].backlog } == 0, "everything queued for the reader was written")
    }

    @Test func stopClosesOpenStreamsAndReturns() throws {
        let streams = Streams()
        let s = try RunningServer { _ in
            let stream = EventStream()
            streams.add(stream)
            return .eventStream(stream)
        }
        let client = try RawClient(port: s.port)
        client.send("GET /api/events HTTP/1.1\r\nHost: x\r\n\r\n")
        waitFor { streams.count == 1 }
        let started = Date()
        s.server.stop()
        #expect(Date().timeIntervalSince(started) < 3)
        #expect(streams.lock.withLock { streams.all[0].isClosed })
        _ = client.read(timeout: 1)
    }

    @Test func aStreamTooFarBehindTheLogIsCutOffAndItsCloseHandlerMayUseIt() throws {
        let log = EventLog(capacity: 64 * 1024, lastID: 0)
        let stream = EventStream(log: log, bufferLimit: 1024)
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var closes = 0
            var backlogSeen = -1
        }
        let seen = Seen()
        // The handler calls back into the stream: it must not run under the stream's lock, or this would hang.
        stream.onClose {
            seen.lock.withLock {
                seen.closes += 1; seen.backlogSeen = stream.backlog
            }
        }
        log.append([(1, [UInt8](repeating: 65, count: 600))])
        stream.wake(logEnd: log.endOffset)
        #expect(!stream.isClosed, "600 bytes behind is within the limit")
        log.append([(2, [UInt8](repeating: 66, count: 600))])
        let woken = Thread { stream.wake(logEnd: log.endOffset) }
        woken.start()
        waitFor { woken.isFinished }
        #expect(woken.isFinished, "cutting off never deadlocks on the stream's own lock")
        #expect(stream.isClosed && stream.wasCutOff)
        #expect(seen.lock.withLock { seen.closes } == 1)
        stream.close()
        #expect(seen.lock.withLock { seen.closes } == 1, "close handlers run once")
    }

    @Test func aLogStreamWritesItsGreetingThenTheLogFromItsOffset() throws {
        let log = EventLog(capacity: 64 * 1024, lastID: 0)
        log.append([(1, ServerSentEvent(id: "1", event: "old", data: "{}").encoded)])
        let streams = Streams()
        let s = try RunningServer { _ in
            let stream = EventStream(log: log, from: log.offset(after: 0), initial: [ServerSentEvent(comment: "hello")])
            streams.add(stream)
            return .eventStream(stream)
        }
        let client = try RawClient(port: s.port)
        client.send("GET /api/events HTTP/1.0\r\nHost: x\r\n\r\n")
        waitFor { streams.count == 1 }
        log.append([(2, ServerSentEvent(id: "2", event: "new", data: "{}").encoded)])
        streams.lock.withLock { streams.all }.forEach { $0.wake(logEnd: log.endOffset) }
        let text = client.read(timeout: 3) { $0.contains("id: 2") }
        let hello = try #require(text.range(of: ": hello"))
        let one = try #require(text.range(of: "id: 1\nevent: old"))
        let two = try #require(text.range(of: "id: 2\nevent: new"))
        #expect(hello.lowerBound < one.lowerBound && one.lowerBound < two.lowerBound)
    }

    @Test func encodingFollowsTheSSEFormat() {
        #expect(
            String(decoding: ServerSentEvent(id: "7", event: "e", data: "a\nb").encoded, as: UTF8.self) == "id: 7\nevent: e\ndata: a\ndata: b\n\n")
        #expect(String(decoding: ServerSentEvent(comment: "ping").encoded, as: UTF8.self) == ": ping\n\n")
        #expect(String(decoding: ServerSentEvent(retry: 2000).encoded, as: UTF8.self) == "retry: 2000\n\n")
        // One line and several, empty lines kept (an empty data line is part of the message's data).
        #expect(String(decoding: ServerSentEvent(data: "{\"a\":\"东\"}").encoded, as: UTF8.self) == "data: {\"a\":\"东\"}\n\n")
        #expect(String(decoding: ServerSentEvent(data: "").encoded, as: UTF8.self) == "data: \n\n")
        #expect(String(decoding: ServerSentEvent(data: "a\n\nb\n").encoded, as: UTF8.self) == "data: a\ndata: \ndata: b\ndata: \n\n")
    }
}
