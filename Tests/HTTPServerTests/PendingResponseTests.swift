import Foundation
import HTTPServer
import Testing

@Suite struct PendingResponseTests {
    final class Promises: @unchecked Sendable {
        let lock = NSLock()
        var all: [PendingResponse] = []
        func add(_ p: PendingResponse) { lock.withLock { all.append(p) } }
        var count: Int { lock.withLock { all.count } }
        var first: PendingResponse? { lock.withLock { all.first } }
    }

    func waitFor(_ condition: () -> Bool) {
        let deadline = Date() + 3
        while !condition() && Date() < deadline { usleep(5_000) }
    }

    /// One worker thread only: while a request waits for its answer, the same worker answers others.
    @Test func aWaitingRequestDoesNotHoldItsWorker() throws {
        let promises = Promises()
        var config = HTTPServerConfiguration()
        config.port = 0
        config.threads = 1
        let server = HTTPServer(configuration: config) { request in
            if request.path == "/slow" {
                let p = PendingResponse()
                promises.add(p)
                return .later(p)
            }
            return .response(.text(200, "quick"))
        }
        try server.start()
        defer { server.stop() }
        let slow = try RawClient(port: server.port)
        slow.send("GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        waitFor { promises.count == 1 }
        #expect(promises.count == 1)
        for _ in 0..<5 {
            #expect(try RawClient.exchange(port: server.port, "GET /quick HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").contains("quick"))
        }
        #expect(server.activity.requestsInFlight.map(\.what) == ["GET /slow"], "the waiting request counts as in flight")
        Thread.detachNewThread { promises.first?.complete(.text(201, "done later")) }
        let reply = slow.read { $0.contains("done later") }
        #expect(reply.hasPrefix("HTTP/1.1 201") && reply.contains("done later"))
        waitFor { server.activity.requestsInFlight.isEmpty }
        #expect(server.activity.requestsInFlight.isEmpty)
    }

    @Test func anAnswerGivenBeforeTheHandlerReturnsIsSentAtOnce() throws {
        let s = try RunningServer { _ in
            let p = PendingResponse()
            p.complete(.text(200, "ready"))
            p.complete(.text(500, "ignored: only the first answer counts"))
            return .later(p)
        }
        let reply = try RawClient.exchange(port: s.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(reply.hasPrefix("HTTP/1.1 200") && reply.contains("ready") && !reply.contains("ignored"))
    }

    @Test func aClientThatLeavesBeforeTheAnswerIsForgottenSafely() throws {
        let promises = Promises()
        let s = try RunningServer { request in
            if request.path == "/ping" { return .response(.text(200, "pong")) }
            let p = PendingResponse()
            promises.add(p)
            return .later(p)
        }
        do {
            let client = try RawClient(port: s.port)
            client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            waitFor { promises.count == 1 }
        }
        // The client is gone; libmicrohttpd notices once the connection is resumed by the answer.
        let observed = Promises()
        promises.first?.whenComplete { _ in observed.add(PendingResponse()) }
        promises.first?.complete(.text(200, "nobody listens"))
        #expect(observed.count == 1, "observers run once the answer is given")
        #expect(try RawClient.exchange(port: s.port, "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").contains("pong"))
        waitFor { s.server.activity.requestsInFlight.isEmpty }
        #expect(s.server.activity.requestsInFlight.isEmpty)
    }

    @Test func stopGivesUpOnAnAnswerThatNeverComesAfterTheGracePeriod() throws {
        let promises = Promises()
        let s = try RunningServer { _ in
            let p = PendingResponse()
            promises.add(p)
            return .later(p)
        }
        let client = try RawClient(port: s.port)
        client.send("GET /never HTTP/1.1\r\nHost: x\r\n\r\n")
        waitFor { promises.count == 1 }
        let started = Date()
        #expect(s.server.stop(grace: 0.3) == false, "a request was still waiting")
        #expect(Date().timeIntervalSince(started) < 2)
        // Answering now must not touch the connection libmicrohttpd may be closing.
        promises.first?.complete(.text(200, "too late"))
    }
}
