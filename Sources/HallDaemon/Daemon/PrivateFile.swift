import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Files only their owner may read: the hall's config holds password hashes and the webhook secret.
public enum PrivateFile {
    /// Owner read and write, nothing for group and others.
    public static let mode: mode_t = 0o600

    /// Why a file could not be written.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Replaces the file at `path` with `text` atomically: a temporary file beside it, created 0600 (and given the
    /// old file's owner when run as root), written and synced, then renamed over it. Readers see the old file or the
    /// new one, never half of it, and the new one is never readable by others, not even for a moment.
    public static func replace(_ path: String, with text: String) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let directory = (target as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((target as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        var old = stat()
        let hadFile = stat(target, &old) == 0
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do {
            // A file a root shell rewrites must stay readable by the account the daemon runs as.
            if hadFile, getuid() == 0 { _ = fchown(fd, old.st_uid, old.st_gid) }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
            try handle.write(contentsOf: Data(text.utf8))
            guard fsync(fd) == 0 else { throw Failure(description: "cannot sync \(temporary): \(String(cString: strerror(errno)))") }
            close(fd)
            closed = true
            guard rename(temporary, target) == 0 else { throw Failure(description: "cannot replace \(target): \(String(cString: strerror(errno)))") }
        } catch {
            unlink(temporary)
            throw error
        }
        let dirFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    /// Takes group and other access away from the file at `path`; returns the mode it had when that changed
    /// anything, nil when it was private already. Throws when it cannot be changed (e.g. not the owner).
    @discardableResult
    public static func restrict(_ path: String) throws -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
        let permissions = info.st_mode & 0o777
        guard permissions & 0o077 != 0 else { return nil }
        guard chmod(path, permissions & 0o700) == 0 else {
            throw Failure(description: "cannot make \(path) private (mode \(String(permissions, radix: 8))): \(String(cString: strerror(errno)))")
        }
        return permissions
    }
}
