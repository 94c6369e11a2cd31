import Foundation
import Locking

/// Slows password guessing: failed logins are counted per client address and per account name, each within
/// `window` seconds; past either limit, logins are refused (429) until the oldest counted failure is `window` old.
///
/// A successful login clears only its own account's count, never the address's: otherwise a guesser holding any
/// valid login (their own) could reset their address between guesses at someone else's password.
final class LoginLimiter: Sendable {
    private let failures: Locked<(byAddress: FailureLog, byAccount: FailureLog)>

    init(perAddress: Int = 5, perAccount: Int = 10, window: TimeInterval = 300) {
        failures = Locked((FailureLog(limit: perAddress, window: window), FailureLog(limit: perAccount, window: window)))
    }

    /// Seconds until a login to `account` from `address` may be tried again, or nil when it may be tried now.
    func retryAfter(address: String, account: String, now: Date) -> Int? {
        failures.withLock { f in
            let waits = [f.byAddress.retryAfter(address, now: now), f.byAccount.retryAfter(FailureLog.key(account), now: now)]
            return waits.compactMap { $0 }.max()
        }
    }

    func recordFailure(address: String, account: String, now: Date) {
        failures.withLock { f in
            f.byAddress.record(address, now: now)
            f.byAccount.record(FailureLog.key(account), now: now)
        }
    }

    /// A successful login of `account`: its own failures are forgiven; its address's are not.
    func recordSuccess(account: String) { failures.withLock { $0.byAccount.forget(FailureLog.key(account)) } }
}

/// Recent failures per key, bounded: past `maxKeys` keys, expired ones are swept, and new keys are not added while
/// it is still full (keys already counted keep counting).
private struct FailureLog {
    let limit: Int
    let window: TimeInterval
    var failures: [String: [Date]] = [:]
    static let maxKeys = 10_000

    /// Account names are counted whether or not they exist (so a 429 does not tell which do), cut to a bounded length.
    static func key(_ account: String) -> String { String(account.prefix(64)) }

    mutating func retryAfter(_ key: String, now: Date) -> Int? {
        guard let all = failures[key] else { return nil }
        let recent = all.filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
    }

    mutating func record(_ key: String, now: Date) {
        if failures[key] == nil, failures.count >= Self.maxKeys {
            failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
            if failures.count >= Self.maxKeys { return }
        }
        failures[key, default: []].append(now)
    }

    mutating func forget(_ key: String) { failures[key] = nil }
}
