import CMicroHTTPD
import Foundation
import Locking

/// A response given later, from any thread: the handler returns ``HTTPReply/later(_:)`` at once and the worker thread
/// moves on to other connections, while the connection waits suspended in libmicrohttpd until ``complete(_:)``.
///
/// This is what keeps a worker from blocking while a change waits for its commit (or a long report runs elsewhere):
/// with a fixed pool of workers, a blocked worker holds up every connection it serves.
///
/// Locking: as ``EventStream``: suspending and resuming happen under its lock, which libmicrohttpd's callbacks into
/// it (``take(on:)``, ``detach()``) also take, so the connection cannot be freed between the decision and the call.
public final class PendingResponse: Sendable {
    private struct Waiting {
        var response: HTTPResponse?
        var connection: OpaquePointer?
        var suspended = false
        var gone = false
        var observers: [@Sendable (HTTPResponse) -> Void] = []
        var activity: (monitor: ActivityMonitor, token: Int)?
    }
    private let waiting = Locked(Waiting())

    public init() {}

    /// Gives the answer; only the first call counts. Observers run first, on the caller's thread with no lock held, so
    /// what they record (metrics, the access log) is there before the client can see the answer.
    public func complete(_ response: HTTPResponse) {
        let taken = waiting.withLock { w -> (observers: [@Sendable (HTTPResponse) -> Void], activity: (ActivityMonitor, Int)?)? in
            guard w.response == nil else { return nil }
            w.response = response
            defer {
                w.observers = []
                w.activity = nil
            }
            return (w.observers, w.activity)
        }
        guard let taken else { return }
        if let (monitor, token) = taken.activity { monitor.end(token) }
        taken.observers.forEach { $0(response) }
        waiting.withLock { w in
            if w.suspended, let connection = w.connection {
                w.suspended = false
                MHD_resume_connection(connection)
            }
        }
    }

    /// Gives what `make` makes, or `refusal` of what it throws. A later answer is a plain response: `make` giving a
    /// stream or another later answer is a programming error.
    public func complete(making make: () throws -> HTTPReply, refusal: (any Error) -> HTTPResponse) {
        let response: HTTPResponse
        do {
            guard case .response(let made) = try make() else { preconditionFailure("a later answer is a plain response") }
            response = made
        } catch {
            response = refusal(error)
        }
        complete(response)
    }

    /// Runs `body` with the response once it is given (at once if it already was).
    public func whenComplete(_ body: @escaping @Sendable (HTTPResponse) -> Void) {
        let ready = waiting.withLock { w -> HTTPResponse? in
            if let response = w.response { return response }
            w.observers.append(body)
            return nil
        }
        if let ready { body(ready) }
    }

    /// Whether the client went away before the answer was given.
    public var clientGone: Bool { waiting.read { $0.gone } }

    // MARK: - Server side

    /// Counts the wait as a request in flight until the answer is given or the client goes.
    func track(_ monitor: ActivityMonitor, label: String) {
        let token = monitor.begin(label, kind: .request)
        let done = waiting.withLock { w -> Bool in
            if w.response != nil || w.gone { return true }
            w.activity = (monitor, token)
            return false
        }
        if done { monitor.end(token) }
    }

    /// The answer if it is ready; otherwise suspends the connection until it is (called on the connection's worker).
    func take(on connection: OpaquePointer) -> HTTPResponse? {
        waiting.withLock { w in
            if let response = w.response { return response }
            w.connection = connection
            if !w.suspended {
                w.suspended = true
                MHD_suspend_connection(connection)
            }
            return nil
        }
    }

    /// libmicrohttpd is done with the connection (answered, or the client went away).
    func detach() {
        let activity = waiting.withLock { w -> (ActivityMonitor, Int)? in
            w.connection = nil
            w.suspended = false
            if w.response == nil { w.gone = true }
            defer { w.activity = nil }
            return w.activity
        }
        if let (monitor, token) = activity { monitor.end(token) }
    }
}
