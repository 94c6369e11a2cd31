import Foundation
import HallStore
import Locking

/// Recently read history profiles. History before today changes only when rollups are rebuilt (to the same numbers)
/// or pruned (rollups kept), so a profile of whole past days can be reused for a few minutes: the public peak page
/// and heatmap are read by many phones at once, and each read of a year of rollups costs tens of milliseconds.
final class HistoryCache: Sendable {
    private let entries = Locked<[String: (profile: HistoryProfile, at: TimeInterval)]>([:])
    let lifetime: TimeInterval
    let capacity: Int

    init(lifetime: TimeInterval = 300, capacity: Int = 16) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The profile of `[from, to)` in `store`, read again when older than ``lifetime``.
    func profile(_ store: HallStore, from: Date, to: Date) throws -> HistoryProfile {
        let key = "\(store.path)|\(from.timeIntervalSince1970)|\(to.timeIntervalSince1970)"
        let now = ProcessInfo.processInfo.systemUptime
        if let hit = entries.read({ $0[key] }), now - hit.at < lifetime { return hit.profile }
        let profile = try store.historyProfile(from: from, to: to)
        entries.withLock { entries in
            entries = entries.filter { now - $0.value.at < lifetime }
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.at < $1.value.at })?.key { entries[oldest] = nil }
            entries[key] = (profile, now)
        }
        return profile
    }
}

/// The daemon's history profiles, shared by the heatmap and peak routes.
let historyCache = HistoryCache()
