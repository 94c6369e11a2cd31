import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The database holds phone and ID numbers and staff sessions: its file and SQLite's `-wal` and `-shm` beside it are
/// readable by the owner only (mode 0600), and a folder the store creates for them is 0700.
extension HallStore {
    /// The files' mode: read and write for the owner, nothing for anyone else.
    public static let fileMode: mode_t = 0o600

    /// Creates the database's folder (0700) and an empty database file (0600) when missing, and takes group and
    /// other access away from the files already there. SQLite then gives `-wal` and `-shm` the database file's mode.
    static func prepareOwnerOnlyFiles(_ path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if !FileManager.default.fileExists(atPath: path) {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
            if fd >= 0 { close(fd) }
        }
        restrictToOwner(path)
    }

    /// Sets the database file, its `-wal` and its `-shm` to 0600 where they exist (best effort: a file this
    /// process does not own keeps its mode).
    static func restrictToOwner(_ path: String) {
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            _ = chmod(file, fileMode)
        }
    }
}
