import Foundation

/// A throwaway PostgreSQL cluster for tests: `initdb` in a temporary folder, the server listening on a free loopback
/// port only (its unix socket in that folder, never the system's), run as an unprivileged account when the tests run
/// as root (PostgreSQL refuses root). ``remove()`` (or deinit) stops it and deletes the folder; a cluster left behind
/// by a test process that died is removed by the next ``start(database:)``.
///
/// ```swift
/// let postgres = try TestPostgres.start()
/// defer { postgres.remove() }
/// let url = postgres.url   // postgresql://hallq@127.0.0.1:PORT/bureau
/// ```
public final class TestPostgres: @unchecked Sendable {
    /// Where the cluster lives: `data/` (the cluster), `socket/`, `server.log`, `owner.pid`.
    public let directory: URL
    public let port: Int
    public let database: String
    /// The folder of `initdb`, `pg_ctl` and `postgres`.
    public let binaries: String
    private let lock = NSLock()
    private var removed = false

    /// The account the server runs as when the tests run as root.
    static let serverAccount = "nobody"
    /// The cluster's superuser (trust authentication, loopback and the private socket only).
    public static let user = "hallq"

    /// The connection string of the test database, over TCP on loopback.
    public var url: String { "postgresql://\(Self.user)@127.0.0.1:\(port)/\(database)" }
    var dataPath: String { directory.appendingPathComponent("data").path }
    var socketPath: String { directory.appendingPathComponent("socket").path }
    var logPath: String { directory.appendingPathComponent("server.log").path }

    /// The folder holding PostgreSQL's server programs: `HALLQ_PG_BINDIR`, else the newest `/usr/lib/postgresql/N/bin`
    /// (Debian's layout), else nil.
    public static var binaryFolder: String? {
        if let dir = ProcessInfo.processInfo.environment["HALLQ_PG_BINDIR"] { return dir }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.reversed().map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    /// Whether tests needing PostgreSQL can run: its server programs are installed, or `HALLQ_REQUIRE_POSTGRES` is set
    /// (as `make test` does), in which case a missing server is a failure of ``start(database:)``, never a skip.
    public static var isAvailable: Bool {
        binaryFolder != nil || ProcessInfo.processInfo.environment["HALLQ_REQUIRE_POSTGRES"] != nil
    }

    /// Why tests needing PostgreSQL are skipped here.
    public static let skipReason = "PostgreSQL's server programs (Debian package postgresql) are not installed; `make deps` installs them"

    private init(directory: URL, port: Int, database: String, binaries: String) {
        self.directory = directory
        self.port = port
        self.database = database
        self.binaries = binaries
    }

    /// Creates a cluster, starts it and creates `database`; waits until it takes connections.
    public static func start(database: String = "bureau") throws -> TestPostgres {
        guard let binaries = binaryFolder else {
            throw TestPostgresError("PostgreSQL's server programs are not installed (no /usr/lib/postgresql/N/bin/initdb): run `make deps`")
        }
        removeAbandoned()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir.appendingPathComponent("socket").path, withIntermediateDirectories: true)
        try "\(getpid())".write(to: dir.appendingPathComponent("owner.pid"), atomically: true, encoding: .utf8)
        let postgres = TestPostgres(directory: dir, port: try freePort(), database: database, binaries: binaries)
        do {
            if getuid() == 0 { try postgres.giveToServerAccount() }
            try postgres.run(
                "initdb", ["-D", postgres.dataPath, "-U", user, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"])
            try postgres.startServer()
            try postgres.run("createdb", ["-h", postgres.socketPath, "-p", "\(postgres.port)", "-U", user, database])
        } catch {
            postgres.remove()
            throw error
        }
        return postgres
    }

    /// Starts the server (again, after ``stopServer()``) on the same port and data; waits until it takes connections.
    public func startServer() throws {
        let options = [
            "-p \(port)", "-k \(socketPath)", "-c listen_addresses=127.0.0.1", "-c fsync=off", "-c synchronous_commit=off",
            "-c full_page_writes=off", "-c max_connections=60", "-c shared_buffers=32MB",
        ]
        try run("pg_ctl", ["-D", dataPath, "-l", logPath, "-o", options.joined(separator: " "), "-w", "-t", "30", "start"])
    }

    /// Stops the server at once (`immediate`: connections are cut as by a crash; the data is kept).
    public func stopServer() throws {
        try run("pg_ctl", ["-D", dataPath, "-m", "immediate", "-w", "-t", "30", "stop"])
    }

    /// Whether the server is running.
    public var isRunning: Bool { (try? run("pg_ctl", ["-D", dataPath, "status"])) != nil }

    /// Runs `sql` with psql against the test database; returns its unaligned, tuples-only output.
    @discardableResult
    public func psql(_ sql: String) throws -> String {
        let psql = "\(binaries)/psql"
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-psql-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let result = try spawnAndWait(
            psql, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", "\(port)", "-U", Self.user, "-d", database, "-c", sql],
            outputPath: output)
        guard result.status == 0 else { throw TestPostgresError("psql failed (\(result.status)) on: \(sql)\n\(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What the server wrote to its log, for failure messages.
    public var serverLog: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Stops the server (if running) and deletes the cluster's folder. Safe to call twice.
    public func remove() {
        let first = lock.withLock { () -> Bool in
            defer { removed = true }
            return !removed
        }
        guard first else { return }
        _ = try? run("pg_ctl", ["-D", dataPath, "-m", "immediate", "-w", "-t", "30", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { remove() }

    /// Runs one of PostgreSQL's programs, as the server's account when running as root; throws with its output.
    @discardableResult
    func run(_ program: String, _ arguments: [String]) throws -> String {
        let path = "\(binaries)/\(program)"
        let command = getuid() == 0 ? ("/usr/sbin/runuser", ["-u", Self.serverAccount, "--", path] + arguments) : (path, arguments)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-pg-output-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let result = try spawnAndWait(command.0, command.1, outputPath: output)
        guard result.status == 0 else {
            throw TestPostgresError("\(program) failed (\(result.status)): \(result.output)\n\(serverLog.suffix(2000))")
        }
        return result.output
    }

    /// Hands the cluster's folder to the unprivileged account, which alone can then read it (PostgreSQL wants 0700).
    private func giveToServerAccount() throws {
        guard let account = getpwnam(Self.serverAccount) else { throw TestPostgresError("no account \(Self.serverAccount) to run PostgreSQL as") }
        let (uid, gid) = (account.pointee.pw_uid, account.pointee.pw_gid)
        for path in [directory.path, socketPath] {
            guard chown(path, uid, gid) == 0 else { throw TestPostgresError("cannot give \(path) to \(Self.serverAccount): errno \(errno)") }
        }
        chmod(directory.path, 0o755)
    }

    /// A loopback port nobody listens on now (the kernel's pick for a socket bound to port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestPostgresError("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestPostgresError("bind: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Stops and deletes clusters whose test process is gone (killed before it could remove them).
    static func removeAbandoned() {
        let temp = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temp.path)) ?? [] where name.hasPrefix("hallq-pg-") {
            let dir = temp.appendingPathComponent(name)
            guard let text = try? String(contentsOf: dir.appendingPathComponent("owner.pid"), encoding: .utf8),
                let owner = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), kill(owner, 0) != 0, errno == ESRCH,
                let binaries = binaryFolder
            else { continue }
            TestPostgres(directory: dir, port: 0, database: "", binaries: binaries).remove()
        }
    }
}

/// Why the test cluster could not be made or driven.
public struct TestPostgresError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
