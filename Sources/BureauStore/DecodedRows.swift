import Foundation
import Locking

/// Stored JSON documents decoded once and kept while their text stays the same. The dashboard and the hall finder read
/// every hall's profile and last status on each request, and decoding them took most of the bureau's CPU (the bench's
/// profile: 77 %); a profile changes when its hall restarts, a status at each report, so most requests decode none.
final class DecodedRows<Value: Decodable & Sendable>: Sendable {
    private let kept = Locked<[String: (text: String, value: Value)]>([:])

    /// The value of `text`, stored for `key`: the one decoded before when the text is unchanged.
    func value(_ key: String, _ text: String) throws -> Value {
        if let hit = kept.read({ $0[key] }), hit.text == text { return hit.value }
        let value = try StoredJSON.decode(Value.self, from: text)
        kept.withLock { $0[key] = (text, value) }
        return value
    }

    /// Forgets keys no longer stored (a hall removed from the bureau), so the cache never outgrows the halls.
    func keep(only keys: Set<String>) {
        kept.withLock { rows in
            if rows.count > keys.count { rows = rows.filter { keys.contains($0.key) } }
        }
    }
}
