import Foundation

/// What a program run by ``runTool(_:_:)`` left behind.
public struct ToolResult: Sendable {
    public var status: Int32
    /// Its standard output (and standard error, when merged).
    public var output: String
}

/// Runs `tool` (a name looked up on PATH, or an absolute path) with `arguments` and `input` (none by default) on its
/// standard input, and waits for it.
public func runTool(_ tool: String, _ arguments: [String], input: String? = nil, mergingErrors: Bool = false) throws -> ToolResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = mergingErrors ? pipe : FileHandle.nullDevice
    let inputPipe = input.map { _ in Pipe() }
    process.standardInput = inputPipe ?? FileHandle.nullDevice
    try process.run()
    if let inputPipe, let input {
        // Small inputs only (a password, a line of text): the pipe's buffer takes them without the tool reading first.
        inputPipe.fileHandleForWriting.write(Data(input.utf8))
        try inputPipe.fileHandleForWriting.close()
    }
    // Reads until the program (and anything it started that holds the pipe) has closed it.
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return ToolResult(status: process.terminationStatus, output: output)
}

/// The Python of the project's own virtual environment (`make tools` makes it), with the PyPI tools the tests use:
/// `HALLQ_PYTHON`, else `.venv/bin/python3` at the repository's root.
public func projectPython() throws -> String {
    let path = ProcessInfo.processInfo.environment["HALLQ_PYTHON"] ?? TestDaemon.repositoryRoot.appendingPathComponent(".venv/bin/python3").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw TestDaemonError.http("no Python tools at \(path): run `make tools` (make test does) to create the virtual environment")
    }
    return path
}

/// Runs a Python `script` with the project's tools, giving it `arguments` (sys.argv[1...]).
public func runPython(_ script: String, _ arguments: [String] = []) throws -> ToolResult {
    try runTool(try projectPython(), ["-c", script] + arguments, mergingErrors: true)
}
