import Foundation

/// One class of a line (its priority or its normal tickets, or the tickets sent to one window by name), earliest
/// issued first. Taking the head, as every call does, is O(1); so is adding the newest ticket, as every issue does.
/// Others (a transfer keeps its issue time, a cancel leaves from the middle) shift the keys behind them.
struct OrderedLine: Sendable {
    /// Keys in order from `start`; those before it have left and are reclaimed once they are half the storage.
    private var keys: [LineKey] = []
    private var start = 0

    var count: Int { keys.count - start }
    var isEmpty: Bool { start == keys.count }
    var first: LineKey? { isEmpty ? nil : keys[start] }

    /// The key at `offset` places from the head.
    subscript(offset: Int) -> LineKey { keys[start + offset] }

    /// The first `n` keys.
    func prefix(_ n: Int) -> ArraySlice<LineKey> { keys[start..<(start + min(n, count))] }

    /// How many keys were issued before `key`: its place (from 0) if it is in this line, or where it would go.
    func index(of key: LineKey) -> Int {
        var (low, high) = (start, keys.count)
        while low < high {
            let mid = (low + high) / 2
            if keys[mid].issuedEarlier(than: key) { low = mid + 1 } else { high = mid }
        }
        return low - start
    }

    mutating func insert(_ key: LineKey) {
        if keys.last.map({ $0.issuedEarlier(than: key) }) ?? true {
            keys.append(key)
        } else {
            keys.insert(key, at: start + index(of: key))
        }
    }

    /// Removes `key` if it is in the line.
    mutating func remove(_ key: LineKey) {
        let i = start + index(of: key)
        guard i < keys.count, keys[i].id == key.id else { return }
        if i == start {
            start += 1
            if start == keys.count {
                keys.removeAll(keepingCapacity: true)
                start = 0
            } else if start >= 64 && 2 * start >= keys.count {
                keys.removeFirst(start)
                start = 0
            }
        } else {
            keys.remove(at: i)
        }
    }
}
