import Foundation

/// One rendered announcement, kept in a file that has no name: created in the folder beside the hall's database and
/// unlinked at once, so the daemon's memory holds no audio (a render is ~400 KB; a burst of calls kept twenty of them
/// in memory), the kernel's page cache keeps the recent ones warm, and the file goes away when it is closed or the
/// daemon dies, leaving nothing to clean up.
final class AudioFile: Sendable {
    /// Why a render could not be kept.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let descriptor: Int32
    /// The audio's length in bytes.
    let count: Int

    /// `bytes` written to a new nameless file in `folder` (a full disk or an unwritable folder is a ``Failure``).
    init(_ bytes: [UInt8], in folder: String) throws {
        var template = Array((folder as NSString).appendingPathComponent(".hallq-voice-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: "cannot keep the audio in \(folder): \(String(cString: strerror(errno)))") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + written, bytes.count - written, off_t(written)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let why = String(cString: strerror(errno))
                close(fd)
                throw Failure(description: "cannot keep the audio in \(folder): \(why)")
            }
            written += n
        }
        descriptor = fd
        count = bytes.count
    }

    deinit { close(descriptor) }

    /// The audio's bytes, read back.
    func read() throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while initialized < count {
                let n = pread(descriptor, buffer.baseAddress! + initialized, count - initialized, off_t(initialized))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    throw Failure(description: "cannot read the kept audio back: \(n < 0 ? String(cString: strerror(errno)) : "short file")")
                }
                initialized += n
            }
        }
    }

    /// Where a daemon with the database at `databasePath` keeps its renders: the database's folder, or the temporary
    /// folder for a database that is not a file.
    static func folder(besideDatabase databasePath: String) -> String {
        if databasePath.isEmpty || databasePath == ":memory:" || databasePath.hasPrefix("file:") { return NSTemporaryDirectory() }
        let folder = (databasePath as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }
}
