import Foundation
import HTTPServer

/// Where history reads run (statistics, heatmaps, the peak page, the dashboard's day): at most two at a time, on
/// threads of their own, so the libmicrohttpd workers go on answering boards, kiosks and consoles meanwhile. With
/// two cores, two reports may use both while writes and quick reads wait only for the CPU, never for a worker.
///
/// A flood of reports queues here, not in the workers; past `maxWaiting` the lane refuses with 503 and Retry-After
/// rather than holding thousands of requests in memory.
final class ReportsLane: Sendable {
    private let queue: OperationQueue
    let maxWaiting: Int

    init(concurrent: Int = 2, maxWaiting: Int = 64) {
        queue = OperationQueue()
        queue.name = "hallq.reports"
        queue.maxConcurrentOperationCount = concurrent
        self.maxWaiting = maxWaiting
    }

    /// Answers later with what `body` makes in the lane (its errors become refusals as on a worker).
    func run(_ context: RouteContext, _ body: @escaping @Sendable () throws -> HTTPReply) throws -> HTTPReply {
        let (api, request) = (context.api, context.request)
        return try run(body) { api.errorResponse($0, request: request) }
    }

    /// Answers later with what `body` makes in the lane, or `refusal` of what it throws (a plain response either way).
    func run(_ body: @escaping @Sendable () throws -> HTTPReply, refusal: @escaping @Sendable (any Error) -> HTTPResponse) throws -> HTTPReply {
        guard queue.operationCount < maxWaiting else {
            throw APIError(503, "busy", "too many reports are being prepared; try again in a few seconds", headers: [("Retry-After", "5")])
        }
        let pending = PendingResponse()
        queue.addOperation { pending.complete(making: body, refusal: refusal) }
        return .later(pending)
    }
}
