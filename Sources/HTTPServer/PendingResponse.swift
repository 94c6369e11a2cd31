import CMicroHTTPD
import Foundation

/// A response given later, from any thread: the handler returns ``HTTPReply/later(_:)`` at once and the worker thread
/// moves on to other connections, while the connection waits suspended in libmicrohttpd until ``complete(_:)``.
///
/// This is what keeps a worker from blocking while a change waits for its commit (or a long report runs elsewhere):
/// with a fixed pool of workers, a blocked worker holds up every connection it serves.
///
/// Locking: as ``EventStream``: suspending and resuming happen under its lock, which libmicrohttpd's callbacks into
/// it (``take(on:)``, ``detach()``) also take, so the connection cannot be freed between the decision and the call.
public final class PendingResponse: @unchecked Sendable {
    private let lock = NSLock()
    private var response: HTTPResponse?
    private var connection: OpaquePointer?
    private var suspended = false
    private var gone = false
    private var observers: [@Sendable (HTTPResponse) -> Void] = []
    private var activity: (monitor: ActivityMonitor, token: Int)?

    public init() {}

    /// Gives the answer; only the first call counts. Observers run first, on the caller's thread with no lock held, so
    /// what they record (metrics, the access log) is there before the client can see the answer.
    public func complete(_ response: HTTPResponse) {
        let (first, observers, activity) = lock.withLock { () -> (Bool, [@Sendable (HTTPResponse) -> Void], (ActivityMonitor, Int)?) in
            guard self.response == nil else { return (false, [], nil) }
            self.response = response
            defer {
                self.observers = []
                self.activity = nil
            }
            return (true, self.observers, self.activity)
        }
        guard first else { return }
        if let (monitor, token) = activity { monitor.end(token) }
        observers.forEach { $0(response) }
        lock.withLock {
            if suspended, let connection {
                suspended = false
                MHD_resume_connection(connection)
            }
        }
    }

    /// Runs `body` with the response once it is given (at once if it already was).
    public func whenComplete(_ body: @escaping @Sendable (HTTPResponse) -> Void) {
        let ready = lock.withLock { () -> HTTPResponse? in
            if let response { return response }
            observers.append(body)
            return nil
        }
        if let ready { body(ready) }
    }

    /// Whether the client went away before the answer was given.
    public var clientGone: Bool { lock.withLock { gone } }

    // MARK: - Server side

    /// Counts the wait as a request in flight until the answer is given or the client goes.
    func track(_ monitor: ActivityMonitor, label: String) {
        let token = monitor.begin(label, kind: .request)
        let done = lock.withLock { () -> Bool in
            if response != nil || gone { return true }
            activity = (monitor, token)
            return false
        }
        if done { monitor.end(token) }
    }

    /// The answer if it is ready; otherwise suspends the connection until it is (called on the connection's worker).
    func take(on connection: OpaquePointer) -> HTTPResponse? {
        lock.withLock {
            if let response { return response }
            self.connection = connection
            if !suspended {
                suspended = true
                MHD_suspend_connection(connection)
            }
            return nil
        }
    }

    /// libmicrohttpd is done with the connection (answered, or the client went away).
    func detach() {
        let activity = lock.withLock { () -> (ActivityMonitor, Int)? in
            connection = nil
            suspended = false
            if response == nil { gone = true }
            defer { self.activity = nil }
            return self.activity
        }
        if let (monitor, token) = activity { monitor.end(token) }
    }
}
