import Foundation
import Testing

@testable import QRCode

/// Reads QR codes back with `zbarimg` (Debian package zbar-tools), an independent decoder.
enum ZBar {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "zbarimg not found on PATH: install the Debian package zbar-tools (make deps) to run QR round-trip tests" }
    }

    struct Failed: Error, CustomStringConvertible {
        let status: Int32
        let output: String
        var description: String { "zbarimg exited \(status) (4 means no symbol found): \(output)" }
    }

    /// The zbarimg executable on PATH, if any.
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("zbarimg")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    /// Writes `image` (a netpbm file) to a temporary file and returns what `zbarimg --raw -q` decodes from it.
    static func decode(_ image: [UInt8], fileExtension: String) throws -> [UInt8] {
        guard let executable else { throw Missing() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).\(fileExtension)")
        try Data(image).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--raw", "-q", file.path]
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(status: process.terminationStatus, output: String(decoding: errors, as: UTF8.self))
        }
        // --raw prints the payload followed by one newline.
        var bytes = [UInt8](output)
        if bytes.last == 0x0A { bytes.removeLast() }
        return bytes
    }

    /// What zbarimg reads from `code` rendered as a PGM (or PBM) at `scale` pixels per module.
    static func decode(_ code: QRCode, scale: Int = 3, asPBM: Bool = false) throws -> [UInt8] {
        asPBM ? try decode(code.pbm(scale: scale), fileExtension: "pbm") : try decode(code.pgm(scale: scale), fileExtension: "pgm")
    }
}
