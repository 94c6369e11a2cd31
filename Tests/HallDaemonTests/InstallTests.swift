import Foundation
import HallTesting
import Testing

/// `make install` into a temporary DESTDIR: the tree, the units (checked by systemd-analyze), a config that is never
/// overwritten, the installed binary finding its pages, and `make uninstall` leaving config and data.
@Suite(.serialized) struct InstallTests {
    /// Runs `make TARGET` in the repository with the test's binary (nothing is built) and `DESTDIR`.
    static func make(_ target: String, into destination: URL) throws -> ToolResult {
        try runTool(
            "make",
            ["-C", TestDaemon.repositoryRoot.path, "--no-print-directory", target, "DESTDIR=\(destination.path)", "HALLQD=\(TestDaemon.binary)"],
            mergingErrors: true)
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? -1
    }

    @Test func installsTheTreeAndUninstallLeavesConfigAndData() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-install-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let installed = try Self.make("install", into: root)
        try #require(installed.status == 0, "make install: \(installed.output)")
        func at(_ path: String) -> String { root.path + path }
        let files = FileManager.default
        #expect(files.isExecutableFile(atPath: at("/usr/local/bin/hallqd")))
        for page in [
            "/usr/local/share/hallq/web/kiosk.html", "/usr/local/share/hallq/web/assets/dom.js", "/usr/local/share/hallq/displays/hall.html",
        ] {
            #expect(files.fileExists(atPath: at(page)), "\(page) installed")
        }
        #expect(files.fileExists(atPath: at("/usr/local/share/doc/hallq/operations.md")))
        #expect(files.fileExists(atPath: at("/usr/local/share/doc/hallq/grafana-dashboard.json")))
        #expect(Self.mode(at("/etc/hallq/hall.toml")) == 0o600, "the config holds password hashes")
        #expect(Self.mode(at("/etc/hallq")) == 0o750)
        #expect(Self.mode(at("/var/lib/hallq")) == 0o700, "the data folder is the daemon's own")
        #expect(files.fileExists(atPath: at("/var/lib/hallq/backups")))
        #expect(try String(contentsOfFile: at("/usr/local/lib/sysusers.d/hallq.conf"), encoding: .utf8).contains("u hallq - "))

        let unitDir = at("/usr/local/lib/systemd/system")
        let unit = try String(contentsOfFile: unitDir + "/hallq.service", encoding: .utf8)
        for line in [
            "Type=notify", "User=hallq", "ProtectSystem=strict", "ReadWritePaths=/var/lib/hallq", "NoNewPrivileges=yes", "Restart=on-failure",
            "SuccessExitStatus=1", "StateDirectory=hallq", "PrivateTmp=yes", "ProtectHome=yes", "CapabilityBoundingSet=",
            "ExecStart=/usr/local/bin/hallqd serve --config /etc/hallq/hall.toml --db /var/lib/hallq/hall.sqlite $HALLQ_SERVE_OPTIONS",
        ] {
            #expect(unit.split(separator: "\n").contains { $0 == line }, "hallq.service has \(line)")
        }
        let backup = try String(contentsOfFile: unitDir + "/hallq-backup.service", encoding: .utf8)
        #expect(backup.contains("hallqd backup --db /var/lib/hallq/hall.sqlite --into ${HALLQ_BACKUP_DIR} --keep ${HALLQ_BACKUP_KEEP}"))
        #expect(try String(contentsOfFile: unitDir + "/hallq-backup.timer", encoding: .utf8).contains("OnCalendar="))
        for file in [unitDir + "/hallq.service", unitDir + "/hallq-backup.service", at("/etc/hallq/hallqd.env")] {
            #expect((try String(contentsOfFile: file, encoding: .utf8)).firstMatch(of: /@[A-Z]+@/) == nil, "\(file): every path filled in")
        }
        try Self.verifyUnits(in: unitDir, root: root.path)

        // The hall's own config survives a second install; the example beside the program is the new one.
        let ownConfig = "# this hall's own settings\n" + (try String(contentsOfFile: at("/etc/hallq/hall.toml"), encoding: .utf8))
        try ownConfig.write(toFile: at("/etc/hallq/hall.toml"), atomically: true, encoding: .utf8)
        try "HALLQ_SERVE_OPTIONS=--port 9999\n".write(toFile: at("/etc/hallq/hallqd.env"), atomically: true, encoding: .utf8)
        let again = try Self.make("install", into: root)
        #expect(again.status == 0)
        #expect(again.output.contains("kept \(at("/etc/hallq/hall.toml"))"))
        #expect(try String(contentsOfFile: at("/etc/hallq/hall.toml"), encoding: .utf8) == ownConfig, "never overwritten")
        #expect(try String(contentsOfFile: at("/etc/hallq/hallqd.env"), encoding: .utf8) == "HALLQ_SERVE_OPTIONS=--port 9999\n")

        // The installed binary, started elsewhere with no --web-root, serves the installed pages.
        let daemon = try TestDaemon.start(executable: at("/usr/local/bin/hallqd"), webRoot: nil)
        defer { daemon.stop() }
        let kiosk = try daemon.request("GET", "/")
        #expect(kiosk.status == 200 && kiosk.text.contains("<html"), "the kiosk page from share/hallq: \(kiosk.status)")
        #expect(try daemon.request("GET", "/displays/hall").status == 200)
        daemon.stop()

        try "hall data".write(toFile: at("/var/lib/hallq/hall.sqlite"), atomically: true, encoding: .utf8)
        let removed = try Self.make("uninstall", into: root)
        #expect(removed.status == 0, "make uninstall: \(removed.output)")
        for gone in [
            "/usr/local/bin/hallqd", "/usr/local/share/hallq", "/usr/local/share/doc/hallq", "/usr/local/lib/systemd/system/hallq.service",
            "/usr/local/lib/systemd/system/hallq-backup.timer", "/usr/local/lib/sysusers.d/hallq.conf",
        ] {
            #expect(!files.fileExists(atPath: at(gone)), "\(gone) removed")
        }
        #expect(try String(contentsOfFile: at("/etc/hallq/hall.toml"), encoding: .utf8) == ownConfig, "config left")
        #expect(files.fileExists(atPath: at("/etc/hallq/hallqd.env")))
        #expect(try String(contentsOfFile: at("/var/lib/hallq/hall.sqlite"), encoding: .utf8) == "hall data", "data left")
    }

    /// `systemd-analyze verify` on the installed units, their program's path pointed into the DESTDIR (where it is):
    /// no error and no warning (an unknown or misplaced key is only a warning). Skipped where systemd-analyze is missing.
    static func verifyUnits(in unitDir: String, root: String) throws {
        guard (try? runTool("systemd-analyze", ["--version"]))?.status == 0 else { return }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var paths: [String] = []
        for name in ["hallq.service", "hallq-backup.service", "hallq-backup.timer"] {
            let text = try String(contentsOfFile: unitDir + "/" + name, encoding: .utf8)
            let path = scratch.appendingPathComponent(name).path
            try text.replacingOccurrences(of: "/usr/local/bin/hallqd", with: root + "/usr/local/bin/hallqd").write(
                toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let verified = try runTool("systemd-analyze", ["verify"] + paths, mergingErrors: true)
        #expect(verified.status == 0 && verified.output.isEmpty, "systemd-analyze verify: \(verified.output)")
    }

    /// Under systemd (`Type=notify`) the daemon says READY=1 once it answers, and STOPPING=1 when told to stop.
    @Test func theDaemonTellsTheServiceManagerWhenItIsReadyAndWhenItStops() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Python plays systemd: a datagram socket in NOTIFY_SOCKET, the daemon started with it, /healthz asked the
        // moment READY=1 arrives, then SIGTERM and the exit status.
        let script = """
            import os, re, signal, socket, subprocess, sys, time, urllib.request
            binary, config, folder = sys.argv[1:4]
            path = os.path.join(folder, "notify.sock")
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            sock.bind(path)
            sock.settimeout(30)
            env = dict(os.environ, NOTIFY_SOCKET=path)
            log = open(os.path.join(folder, "out.txt"), "w+")
            proc = subprocess.Popen([binary, "serve", "--config", config, "--db", os.path.join(folder, "hall.sqlite"), "--port", "0",
                                     "--log-level", "warning", "--web-root", folder], env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                ready = sock.recv(4096).decode()
                print("first:", ready.replace("\\n", " | "))
                log.flush(); log.seek(0)
                port = re.search(r"listening on [0-9.]+:([0-9]+)", log.read()).group(1)
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
                    print("healthz:", reply.status)
                proc.send_signal(signal.SIGTERM)
                print("then:", sock.recv(4096).decode())
                print("exit:", proc.wait(timeout=30))
            finally:
                if proc.poll() is None:
                    proc.kill()
            """
        let config = TestDaemon.repositoryRoot.appendingPathComponent("config/demo-hall.toml").path
        let result = try runPython(script, [TestDaemon.binary, config, directory.path])
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("first: READY=1") }, "READY=1 first: \(result.output)")
        #expect(lines.contains("healthz: 200"), "answering when it says it is ready: \(result.output)")
        #expect(lines.contains("then: STOPPING=1"), "\(result.output)")
        #expect(lines.contains("exit: 0"), "a clean stop: \(result.output)")
    }
}
