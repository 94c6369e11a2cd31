import Foundation
import HallStore

extension OutboxWorker {
    /// How long the SMS command may run before the try counts as failed.
    static let smsTimeoutSeconds = 15.0

    /// Runs the configured SMS command for one recipient, the text on its standard input; nil when it exits 0.
    /// The command is run directly, not through a shell, so nothing in the text or the number is interpreted.
    func sendSMS(_ delivery: OutboxDelivery) -> String? {
        guard let command = settings.smsCommand, let program = command.first else { return "no sms_command configured" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = command.dropFirst().map { $0.replacingOccurrences(of: "{phone}", with: delivery.target) }
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            return "cannot run \(program): \(error.localizedDescription)"
        }
        // A command that exits without reading its text closes the pipe first: the write fails (EPIPE) and the exit
        // status decides. (FileHandle's write(_:) would trap on that error and end the daemon.)
        try? input.fileHandleForWriting.write(contentsOf: Data(delivery.payload.utf8))
        try? input.fileHandleForWriting.close()
        if exited.wait(timeout: .now() + Self.smsTimeoutSeconds) == .timedOut {
            process.terminate()
            return "timed out after \(Int(Self.smsTimeoutSeconds)) s"
        }
        guard process.terminationStatus != 0 else { return nil }
        let said = String(decoding: errors.fileHandleForReading.availableData.prefix(300), as: UTF8.self)
        return "exit \(process.terminationStatus)" + (said.isEmpty ? "" : ": \(said.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
}
