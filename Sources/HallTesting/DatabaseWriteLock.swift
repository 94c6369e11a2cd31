import Foundation

/// Another process holding the database's write lock (as a backup tool or an `sqlite3` shell left in a transaction
/// might), so tests can see what the daemon does when its commits cannot go through.
public final class DatabaseWriteLock: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()

    /// Takes the write lock on the SQLite file at `path` (WAL readers go on) and holds it until ``release()``.
    public init(path: String) throws {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
            db.execute("BEGIN EXCLUSIVE")
            print("locked", flush=True)
            sys.stdin.read()
            db.execute("ROLLBACK")
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = input
        try process.run()
        let line = output.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).hasPrefix("locked") else {
            process.terminate()
            throw TestDaemonError.http("could not lock \(path)")
        }
    }

    /// Lets go of the lock and waits for the holder to end.
    public func release() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
