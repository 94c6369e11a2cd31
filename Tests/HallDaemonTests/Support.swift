import Foundation
import HallTesting
import Testing

/// A private copy of the demo hall's configuration, changed by `edit`, in its own temporary folder.
final class ConfigCopy {
    let directory: URL
    let path: String

    init(edit: (String) -> String = { $0 }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("hall.toml").path
        let demo = try String(contentsOf: TestDaemon.repositoryRoot.appendingPathComponent("config/demo-hall.toml"), encoding: .utf8)
        try edit(demo).write(toFile: path, atomically: true, encoding: .utf8)
    }

    var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

extension TestDaemon {
    /// Pairs a rating pad for `window` with a staff `token`; returns the pad's token.
    func pairPad(window: Int, token: String) throws -> String {
        let reply = try request("POST", "/api/windows/\(window)/pad", json: ["label": "test pad \(window)"], token: token)
        guard reply.status == 201, let pad = reply.json["token"] as? String else {
            throw TestDaemonError.http("pairing a pad for window \(window) failed: \(reply.status) \(reply.text)")
        }
        return pad
    }

    /// Serves the next ticket at `window` from call to finish with an officer's (or manager's) `token`.
    func serveNext(window: Int, token: String) throws {
        for action in ["call-next", "start", "finish"] {
            let reply = try request("POST", "/api/windows/\(window)/\(action)", token: token)
            guard reply.status == 200 else { throw TestDaemonError.http("\(action) at window \(window): \(reply.status) \(reply.text)") }
        }
    }

    /// Polls `condition` every 50 ms for up to `seconds`; true once it holds.
    func eventually(within seconds: Double = 5, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date() + seconds
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return try condition()
    }
}
