import Foundation
import HallCore
import HallStore

/// A logged-in member of staff.
struct Session: Sendable {
    var login: String
    var role: Role
    var window: Int?
    var tokenHash: String

    /// Whether this session may act at window `number`.
    func mayAct(atWindow number: Int) -> Bool { role != .officer || window == number }
}

/// Issues and checks login tokens: 256 random bits, given to the client once, stored only as SHA-256.
struct SessionKeeper: Sendable {
    let store: HallStore
    let lifetime: TimeInterval

    /// A new token for `user`, valid for `lifetime`.
    func open(for user: UserAccount, now: Date) throws -> (token: String, expiresAt: Date) {
        let token = BearerToken.make()
        let expires = now + lifetime
        try store.saveSession(
            StoredSession(
                tokenHash: BearerToken.hash(token), login: user.login, role: user.role.rawValue, window: user.window, expiresAt: expires),
            now: now)
        return (token, expires)
    }

    /// The session of a bearer token, if valid and unexpired.
    func session(token: String, now: Date) throws -> Session? {
        let hash = BearerToken.hash(token)
        guard let stored = try store.session(tokenHash: hash, now: now), let role = Role(rawValue: stored.role) else { return nil }
        return Session(login: stored.login, role: role, window: stored.window, tokenHash: hash)
    }

    func close(_ session: Session) throws { try store.deleteSession(tokenHash: session.tokenHash) }
}

/// Slows password guessing: after `limit` failures from one address within `window` seconds, logins from it are
/// refused (429) until the window passes.
final class LoginLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String: [Date]] = [:]
    let limit: Int
    let window: TimeInterval

    init(limit: Int = 5, window: TimeInterval = 300) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until `address` may try again, or nil when it may try now.
    func retryAfter(_ address: String, now: Date) -> Int? {
        lock.withLock {
            let recent = failures[address, default: []].filter { now.timeIntervalSince($0) < window }
            failures[address] = recent
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
        }
    }

    func recordFailure(_ address: String, now: Date) { lock.withLock { failures[address, default: []].append(now) } }
    func recordSuccess(_ address: String) { lock.withLock { failures[address] = nil } }
}
