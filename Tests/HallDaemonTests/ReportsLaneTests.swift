import Foundation
import HTTPServer
import Testing

@testable import HallDaemon

/// The lane where history reads run, for the hall and the bureau: a report is answered later, off the worker; its
/// error becomes the refusal the caller makes of it; past the queue's limit a report is refused at once with 503.
@Suite struct ReportsLaneTests {
    /// The response `reply` is answered with, waiting at most 10 s.
    static func answer(_ reply: HTTPReply) -> HTTPResponse? {
        final class Box: @unchecked Sendable {
            var response: HTTPResponse?
            let done = DispatchSemaphore(value: 0)
        }
        guard case .later(let pending) = reply else { return nil }
        let box = Box()
        pending.whenComplete { response in
            box.response = response
            box.done.signal()
        }
        return box.done.wait(timeout: .now() + 10) == .success ? box.response : nil
    }

    @Test func reportsRunOffTheWorkerAndAFloodIsRefusedNotQueuedWithoutEnd() throws {
        let lane = ReportsLane(concurrent: 1, maxWaiting: 3)
        let gate = DispatchSemaphore(value: 0)
        let refusal: @Sendable (any Error) -> HTTPResponse = { APIError(418, "refused", "\($0)").response }
        let slow: @Sendable () throws -> HTTPReply = {
            gate.wait()
            return .response(HTTPResponse(status: 200, headers: [], body: Array("report".utf8)))
        }
        // One running and two queued: each call returns at once, before its report has run.
        let replies = try (0..<3).map { _ in try lane.run(slow, refusal: refusal) }
        do {
            _ = try lane.run(slow, refusal: refusal)
            Issue.record("a fourth report while three are in the lane is refused")
        } catch let error as APIError {
            #expect(error.status.code == 503 && error.code == "busy" && error.headers.contains { $0.0 == "Retry-After" })
        }
        for _ in 0..<3 { gate.signal() }
        for reply in replies { #expect(Self.answer(reply)?.body == Array("report".utf8)) }
        // A report that fails is answered with the caller's refusal of its error.
        let failing = try lane.run({ throw APIError(400, "invalid_field", "from must be a date") }, refusal: refusal)
        let refused = Self.answer(failing)
        #expect(refused?.status.code == 418 && String(decoding: refused?.body ?? [], as: UTF8.self).contains("from must be a date"))
    }
}
