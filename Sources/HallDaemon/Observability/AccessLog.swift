import Foundation
import Locking
import Logging

/// The access log, kept off the request path: answering a request only adds a record to a buffer (one short lock, no
/// formatting); the log's own thread formats and writes the records in batches, about four times a second.
///
/// Every request is logged, or with `sampleEvery` > 1 one successful request in that many (refusals and errors
/// always); `errors` logs only 4xx and 5xx, `off` nothing. Only the method, path (control characters escaped), status,
/// time and route are written: never a query string (ticket secrets travel there) nor a header.
final class AccessLog: Sendable {
    /// Which requests are written.
    enum Mode: String, Sendable, CaseIterable { case all, errors, off }

    private struct Entry {
        var method: String
        var path: String
        var route: String
        var status: Int
        var nanoseconds: UInt64
    }

    private let logger: Logger
    let mode: Mode
    let sampleEvery: Int
    /// Records not yet written (nobody waits on it, so adding one wakes no thread).
    private let buffer = Locked((entries: [Entry](), counter: 0))
    /// Whether the writer should finish, and whether it has (the writer sleeps on this between batches).
    private let run = Locked((stopping: false, finished: true))

    init(logger: Logger, mode: Mode, sampleEvery: Int = 1) {
        self.logger = logger
        self.mode = logger.logLevel <= .info ? mode : .off
        self.sampleEvery = max(1, sampleEvery)
    }

    /// Notes one answered request.
    func record(method: String, path: String, route: String, status: Int, nanoseconds: UInt64) {
        guard mode != .off else { return }
        let failed = status >= 400
        if mode == .errors && !failed { return }
        buffer.withLock { b in
            b.counter &+= 1
            guard failed || sampleEvery == 1 || b.counter % sampleEvery == 0 else { return }
            b.entries.append(Entry(method: method, path: path, route: route, status: status, nanoseconds: nanoseconds))
        }
    }

    private func writeLoop() {
        while true {
            let stopping = run.withLock(when: { $0.stopping }, until: Date() + 0.25) { _ in true } ?? false
            let batch = buffer.withLock { b in
                defer { b.entries.removeAll(keepingCapacity: true) }
                return b.entries
            }
            for e in batch {
                let tenths = (e.nanoseconds + 50_000) / 100_000
                logger.info("\(e.method) \(LogText.printable(e.path)) \(e.status) \(tenths / 10).\(tenths % 10)ms", metadata: ["route": "\(e.route)"])
            }
            if stopping {
                run.withLock { $0.finished = true }
                return
            }
        }
    }
}

extension AccessLog: DaemonPart {
    var partName: String { "access log" }

    /// Starts the writer thread (none when nothing is logged).
    func start() {
        guard mode != .off else { return }
        run.withLock { $0 = (stopping: false, finished: false) }
        let writer = Thread { [self] in writeLoop() }
        writer.name = "hallq-access-log"
        writer.start()
    }

    /// Writes what is buffered and stops the writer.
    func stop(before deadline: Date) -> Bool {
        run.withLock { $0.stopping = true }
        return run.withLock(when: { $0.finished }, until: deadline) { _ in true } ?? false
    }
}

/// Text that came from a client, made safe for one log line.
enum LogText {
    /// Control characters (and DEL) escaped as `\u{…}`, so a path cannot forge or break log lines.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(text.unicodeScalars.map { isControl($0) ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined())
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool { s.value < 0x20 || (0x7F...0x9F).contains(s.value) }
}
