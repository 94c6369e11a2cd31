import Foundation
import Testing

@testable import HallDaemon

/// A render kept on disk: the same bytes come back, the file has no name from the start, and a folder it cannot be
/// written to is a readable failure, not a crash.
@Suite struct AudioFileTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-audio-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The paths this process has open that start with `prefix` (as /proc shows them, " (deleted)" and all).
    static func openFiles(startingWith prefix: String) -> [String] {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") }.filter { $0.hasPrefix(prefix) }
    }

    @Test func theBytesComeBackFromAFileWithNoName() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var file: AudioFile? = try AudioFile(bytes, in: folder)
        #expect(file?.count == bytes.count)
        #expect(try file?.read() == bytes)
        #expect(try file?.read() == bytes, "read again, from the start")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [], "unlinked as soon as made")
        let open = Self.openFiles(startingWith: folder + "/.hallq-voice-")
        #expect(open.count == 1 && open.allSatisfy { $0.hasSuffix(" (deleted)") }, "\(open)")
        file = nil
        #expect(Self.openFiles(startingWith: folder + "/").isEmpty, "closed with its last reference")
    }

    @Test func anEmptyRenderIsKeptToo() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try AudioFile([], in: folder).read() == [])
    }

    @Test func aFolderThatCannotBeWrittenIsAFailureThatSaysWhere() throws {
        let missing = try Self.folder() + "/no-such-folder"
        let error = #expect(throws: AudioFile.Failure.self) { try AudioFile([1, 2, 3], in: missing) }
        #expect(error?.description.contains(missing) == true, "\(String(describing: error))")
    }

    @Test func rendersGoBesideTheDatabase() {
        #expect(AudioFile.folder(besideDatabase: "/var/lib/hallq/hall.sqlite") == "/var/lib/hallq")
        #expect(AudioFile.folder(besideDatabase: "hall.sqlite") == ".")
        #expect(AudioFile.folder(besideDatabase: "data/hall.sqlite") == "data")
        #expect(AudioFile.folder(besideDatabase: ":memory:") == NSTemporaryDirectory())
    }
}
