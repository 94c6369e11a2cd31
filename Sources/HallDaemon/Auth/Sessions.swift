import Foundation
import HallCore
import HallStore

/// A logged-in member of staff, with the role and window the hall's users give them now.
struct Session: Sendable {
    var login: String
    var role: Role
    var window: Int?
    var tokenHash: String

    /// Whether this session may act at window `number`.
    func mayAct(atWindow number: Int) -> Bool { role.mayAct(atWindow: number, ownWindow: window) }
}

/// Issues and checks login tokens: 256 random bits, given to the client once, stored only as SHA-256.
///
/// A token names a login, not its rights: each check looks the login up in the users in force (which follow the
/// config file, see ``UserDirectory``), so a removed user's token is refused and a moved or re-roled user acts
/// with their new window and role at once.
struct SessionKeeper: Sendable {
    let store: HallStore
    let lifetime: TimeInterval
    let users: UserDirectory

    /// A new token for `user`, valid for `lifetime`.
    func open(for user: UserAccount, now: Date) throws -> (token: String, expiresAt: Date) {
        let token = BearerToken.make()
        let expires = now + lifetime
        try store.saveSession(
            StoredSession(
                tokenHash: BearerToken.hash(token), login: user.login, role: user.role, window: user.window, expiresAt: expires),
            now: now)
        return (token, expires)
    }

    /// The session of a bearer token, if valid, unexpired and its user still exists.
    func session(token: String, now: Date) throws -> Session? {
        let hash = BearerToken.hash(token)
        guard let stored = try store.session(tokenHash: hash, now: now), let user = users.user(stored.login) else { return nil }
        return Session(login: user.login, role: user.role, window: user.window, tokenHash: hash)
    }

    func close(_ session: Session) throws { try store.deleteSession(tokenHash: session.tokenHash) }
}
