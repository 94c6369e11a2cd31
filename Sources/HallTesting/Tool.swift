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
