import Foundation
import HallTesting
import Testing

/// A hall whose commits cannot go through (another process holds the database's write lock): the watchdog says so,
/// and a stop always ends.
@Suite(.serialized) struct StopAndWatchdogTests {
    /// Sends a ticket request that will hang on the held lock; returns when it is in flight.
    static func stuckRequest(_ daemon: TestDaemon) -> Thread {
        let thread = Thread { _ = try? daemon.request("POST", "/api/tickets", json: ["service": "A"], timeout: 30) }
        thread.start()
        usleep(300_000)
        return thread
    }

    @Test func theWatchdogReportsAStuckCommitOnHealthzAndTheLog() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--watchdog-seconds", "1", "--stall-exit-seconds", "0"])
        defer { daemon.stop() }
        #expect(try daemon.request("GET", "/healthz").status == 200)
        let lock = try DatabaseWriteLock(path: daemon.databasePath)
        _ = Self.stuckRequest(daemon)
        // The request and the commit it waits for both pass the one-second mark.
        var health = try daemon.request("GET", "/healthz", timeout: 1)
        func stuck() -> [String] { (health.json["stuck"] as? [[String: Any]] ?? []).compactMap { $0["what"] as? String } }
        for _ in 0..<40 where !stuck().contains(where: { $0.hasPrefix("commit") }) {
            usleep(100_000)
            health = try daemon.request("GET", "/healthz", timeout: 1)
        }
        #expect(health.status == 503)
        #expect(health.json["status"] as? String == "stuck")
        #expect(stuck().contains { $0.hasPrefix("commit") } && stuck().contains("POST /api/tickets"), "\(stuck())")
        #expect(daemon.log.contains("stuck: commit"))
        lock.release()
        var recovered = 503
        for _ in 0..<150 where recovered != 200 {
            usleep(100_000)
            recovered = try daemon.request("GET", "/healthz", timeout: 1).status
        }
        #expect(recovered == 200, "healthy again once the lock is gone")
    }

    @Test func aDaemonStuckTooLongExitsForTheServiceManager() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--watchdog-seconds", "1", "--stall-exit-seconds", "2"])
        let lock = try DatabaseWriteLock(path: daemon.databasePath)
        defer { lock.release() }
        _ = Self.stuckRequest(daemon)
        #expect(daemon.waitForExit(timeout: 6) == 70)
        #expect(daemon.log.contains("exiting so the service manager restarts the daemon"))
    }

    @Test func sigtermEndsWithinTheGracePeriodWhileARequestIsStuck() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--shutdown-grace-seconds", "1", "--stall-exit-seconds", "0"])
        let lock = try DatabaseWriteLock(path: daemon.databasePath)
        defer { lock.release() }
        _ = Self.stuckRequest(daemon)
        let started = Date()
        daemon.send(signal: SIGTERM)
        let status = daemon.waitForExit(timeout: 8)
        #expect(status == 1, "a stop that leaves a request behind is not clean")
        #expect(Date().timeIntervalSince(started) < 4, "ended within the grace period (1 s) and a little")
        #expect(daemon.log.contains("still answering after"))
    }

    @Test func aSecondSignalExitsAtOnce() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--shutdown-grace-seconds", "60", "--stall-exit-seconds", "0"])
        let lock = try DatabaseWriteLock(path: daemon.databasePath)
        defer { lock.release() }
        _ = Self.stuckRequest(daemon)
        daemon.send(signal: SIGTERM)
        usleep(300_000)
        #expect(daemon.isRunning, "the first signal waits for the request in flight")
        let started = Date()
        daemon.send(signal: SIGTERM)
        #expect(daemon.waitForExit(timeout: 3) == 1)
        #expect(Date().timeIntervalSince(started) < 1.5)
    }

    /// With a single worker thread, writes waiting for their commit leave it free: boards, pages and health still answer.
    @Test func readsAnswerWhileWritesWaitForTheDatabase() throws {
        let daemon = try TestDaemon.start(extraArguments: ["--threads", "1", "--stall-exit-seconds", "0"])
        defer { daemon.stop() }
        let lock = try DatabaseWriteLock(path: daemon.databasePath)
        let writers = (0..<3).map { _ in Self.stuckRequest(daemon) }
        for path in ["/api/queues", "/api/hall", "/healthz", "/kiosk", "/api/windows/1"] {
            let started = Date()
            let reply = try daemon.request("GET", path, timeout: 2)
            #expect(reply.status == 200, "\(path): \(reply.text)")
            #expect(Date().timeIntervalSince(started) < 1, "\(path) did not queue behind the waiting writes")
        }
        lock.release()
        for writer in writers { while !writer.isFinished { usleep(10_000) } }
        #expect(try daemon.request("GET", "/api/queues").json["totalWaiting"] as? Int == 3, "the writes went through once the lock was gone")
    }

    @Test func aCleanStopCheckpointsTheDatabase() throws {
        let daemon = try TestDaemon.start()
        for _ in 0..<20 { try daemon.request("POST", "/api/tickets", json: ["service": "B"]) }
        #expect(daemon.stop() == 0)
        let wal = (try? FileManager.default.attributesOfItem(atPath: daemon.databasePath + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0, "the WAL was folded back into the database file")
    }

    /// Started in the background by a shell (as an init script or `make run &` would), the daemon still stops on SIGTERM:
    /// the signal waits for the daemon's own waiter instead of landing on a worker thread that ignores it.
    @Test func aDaemonStartedInTheBackgroundByAShellStopsOnSigterm() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-bg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = TestDaemon.repositoryRoot.path
        // The shell first closes every descriptor it inherited beyond the standard three, so the daemon holds none of
        // the test's pipes (waiting for the shell would otherwise wait for the daemon).
        let command = """
            for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
            ( '\(TestDaemon.binary)' serve --config '\(root)/config/demo-hall.toml' --web-root '\(root)' --port 0 \
              --db '\(dir.path)/hall.sqlite' --log-level notice > '\(dir.path)/log' 2>&1 & echo $! > '\(dir.path)/pid' )
            """
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = ["-c", command]
        shell.standardOutput = FileHandle.nullDevice
        shell.standardError = FileHandle.nullDevice
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        let pidFile = dir.appendingPathComponent("pid").path
        let log = dir.appendingPathComponent("log").path
        func logText() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        for _ in 0..<300 where !logText().contains("listening on") { usleep(20_000) }
        let pid = try #require(Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(logText().contains("listening on"))
        kill(pid, SIGTERM)
        var alive = true
        for _ in 0..<250 where alive {
            usleep(20_000)
            alive = kill(pid, 0) == 0
        }
        if alive { kill(pid, SIGKILL) }
        #expect(!alive, "stopped within five seconds")
        #expect(logText().contains("shutting down"))
    }

    @Test func anUnknownCommandFailsAndServesNothing() throws {
        let result = try runTool(TestDaemon.binary, ["bakup", "--db", "/tmp/never.sqlite"], mergingErrors: true)
        #expect(result.status == 64)
        #expect(result.output.contains("unknown command 'bakup'"))
        #expect(!result.output.contains("listening"))
        let bare = try runTool(TestDaemon.binary, [], mergingErrors: true)
        #expect(!bare.output.contains("listening"), "no command at all prints help, it does not serve")
    }
}
