import Foundation
import HallConfigFile
import HallCore
import Locking
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The staff accounts in force, followed from the config file while the daemon runs.
///
/// `hallqd user add` (or an editor) changes the TOML file under a running daemon. When a login or a token is
/// checked and at least a second has passed since the last look, the file's identity (inode, size, modification
/// time) is compared with the last one read; if it changed, the file is parsed again and its `[[users]]` replace
/// the ones in force. Sessions are checked against them on every request (see ``SessionKeeper``). A file that does
/// not parse, or whose new or changed users `validate` refuses, is logged and the users in force stay. Only users
/// are taken from the file while running: other changes wait for a restart. One request thread reads the file
/// while the others go on with the users in force.
public final class UserDirectory: Sendable {
    private let service: HallService
    private let path: String?
    private let logger: Logger
    private let validate: @Sendable (HallConfig) throws -> Void
    /// The users in force and what the last look at the file saw.
    private struct Watch {
        var users: [String: UserAccount]
        var seen: FileIdentity?
        var nextLook: UInt64
        var looking = false
    }
    private let watch: Locked<Watch>
    /// Least time between two looks at the file.
    static let lookEveryNanoseconds: UInt64 = 1_000_000_000

    /// Users of `service`'s config, followed from `configPath` (nil: fixed). `validate` gets the file's config with
    /// only its new or changed users, and may refuse them (e.g. demo passwords on a public address).
    public init(
        service: HallService, configPath: String?, logger: Logger, validate: @escaping @Sendable (HallConfig) throws -> Void = { _ in }
    ) {
        self.service = service
        self.path = configPath
        self.logger = logger
        self.validate = validate
        watch = Locked(
            Watch(
                users: Self.index(service.config.users), seen: configPath.flatMap(FileIdentity.init(path:)),
                nextLook: DispatchTime.now().uptimeNanoseconds + Self.lookEveryNanoseconds))
    }

    /// The account named `login` as the hall knows it now, or nil when there is none.
    func user(_ login: String) -> UserAccount? {
        lookIfDue(force: false)
        return watch.read { $0.users[login] }
    }

    /// Looks at the config file now, whatever the time since the last look, and takes its users if it changed.
    public func refresh() { lookIfDue(force: true) }

    private func lookIfDue(force: Bool) {
        guard let path else { return }
        let due: Bool = watch.withLock { w in
            let now = DispatchTime.now().uptimeNanoseconds
            guard !w.looking, force || now >= w.nextLook else { return false }
            w.nextLook = now + Self.lookEveryNanoseconds
            w.looking = true
            return true
        }
        guard due else { return }
        defer { watch.withLock { $0.looking = false } }
        let identity = FileIdentity(path: path)
        let changed = watch.withLock { w -> Bool in
            defer { w.seen = identity }
            return identity != w.seen
        }
        guard changed else { return }
        let config: HallConfig
        do {
            config = try HallConfig.load(path: path)
            var changed = config
            changed.users = watch.read { w in config.users.filter { w.users[$0.login] != $0 } }
            try validate(changed)
        } catch {
            logger.error("\(path) changed but its users were not taken (the users loaded before stay): \(error)")
            return
        }
        let fresh = Self.index(config.users)
        let running = service.config
        if watch.read({ fresh != $0.users }) {
            service.updateConfig { $0.users = config.users }
            watch.withLock { $0.users = fresh }
            logger.notice("\(path) changed: \(config.users.count) users now in force")
        }
        var rest = config
        rest.users = running.users
        rest.alerts = running.alerts
        if rest != running { logger.notice("\(path) changed beyond its users; those changes take effect at the next restart") }
    }

    private static func index(_ users: [UserAccount]) -> [String: UserAccount] {
        Dictionary(users.map { ($0.login, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// What tells one version of a file from another without reading it: device, inode, size and modification time.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    /// The identity of the file at `path`, nil when it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = Int(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
    }
}
