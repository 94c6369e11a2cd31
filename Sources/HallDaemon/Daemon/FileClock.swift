import Foundation
import Locking

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's time taken from a file, for tests (`hallqd serve --clock-file`): the file holds an ISO 8601 instant,
/// and the time is that instant plus the real time elapsed since the file last changed. Each reading costs one
/// `stat`; the file is read again only when its modification time, inode or size changed, so a test can pin
/// "Monday 10:00 in Beijing" and step the clock forward or back while the daemon runs.
public final class FileClock: Sendable {
    public let path: String
    /// The file's version last read, and the instant it held.
    private let reading: Locked<(stamp: Stamp, pinned: Date)>

    /// What identifies one version of the file.
    private struct Stamp: Equatable {
        var modified: Date
        var inode: UInt64
        var size: Int64
    }

    /// Reads the file; throws when it is missing or holds no ISO 8601 instant.
    public init(path: String) throws {
        self.path = path
        guard let stamp = Self.stamp(path) else { throw DaemonStartError(description: "cannot read the clock file \(path)") }
        guard let instant = Self.instant(path) else {
            throw DaemonStartError(description: "the clock file \(path) does not hold an ISO 8601 instant like 2026-11-23T10:00:00+08:00")
        }
        reading = Locked((stamp, instant))
    }

    /// The file's instant plus the real time since the file changed (the last good reading while it is unreadable).
    public func now() -> Date {
        reading.withLock { r in
            if let current = Self.stamp(path), current != r.stamp, let instant = Self.instant(path) { r = (current, instant) }
            return r.pinned + max(0, Date().timeIntervalSince(r.stamp.modified))
        }
    }

    private static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        return Stamp(modified: modified, inode: UInt64(info.st_ino), size: Int64(info.st_size))
    }

    private static func instant(_ path: String) -> Date? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: trimmed) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: trimmed)
    }
}
