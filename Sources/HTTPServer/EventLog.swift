import Foundation
import Locking

/// The live messages every event stream shares: encoded server-sent events appended in order to one ring of bytes,
/// which each ``EventStream`` reads at its own pace from its own offset.
///
/// A message is written once, whatever the number of subscribers; a subscriber costs an offset, not a queue. The ring
/// keeps the newest `capacity` bytes, so a stream that reconnects with a recent `Last-Event-ID` is replayed by copying
/// bytes, with no database read and no rendering. Offsets are absolute (bytes appended since the log began), so how far
/// a stream is behind is one subtraction.
///
/// Locking: one leaf lock, held only to copy bytes in or out; nothing is called while it is held. (Unchecked only for
/// the ring's raw memory, which is touched under that lock alone.)
public final class EventLog: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    private struct Ring {
        /// Bytes appended since the log began: the offset one past the newest byte.
        var end: Int64 = 0
        /// Message ids with the offset each message starts at, oldest first (from `indexHead` on).
        var index: [(id: Int64, start: Int64)] = []
        var indexHead = 0
        /// Every message with an id up to this one has left the ring (or came before the log began).
        var trimmedThrough: Int64

        var newestID: Int64 { index.count > indexHead ? index[index.count - 1].id : trimmedThrough }
    }
    private let ring: Locked<Ring>

    /// Bytes the ring holds.
    public let capacity: Int

    /// A log that holds the newest `capacity` bytes; `lastID` is the id of the last message before the log began
    /// (e.g. the journal's last sequence number at start), so a client that has seen it needs no replay.
    public init(capacity: Int = 4 << 20, lastID: Int64 = 0) {
        self.capacity = max(capacity, 4096)
        storage = .allocate(byteCount: self.capacity, alignment: 8)
        ring = Locked(Ring(trimmedThrough: lastID))
    }

    deinit { storage.deallocate() }

    /// The offset one past the newest byte.
    public var endOffset: Int64 { ring.read { $0.end } }

    /// The id of the newest message (the last one before the log began when it is empty).
    public var lastID: Int64 { ring.read { $0.newestID } }

    /// Appends messages in order; ids must increase. A message longer than the ring is skipped (and counts as trimmed).
    public func append(_ messages: [(id: Int64, bytes: [UInt8])]) {
        ring.withLock { ring in
            for (id, bytes) in messages {
                guard bytes.count <= capacity else {
                    ring.trimmedThrough = id
                    continue
                }
                ring.index.append((id, ring.end))
                write(bytes, at: ring.end)
                ring.end += Int64(bytes.count)
            }
            trim(&ring)
        }
    }

    /// Where a client that last saw message `id` resumes: the offset of the first message after it, or nil when some
    /// of those messages have already left the ring, or `id` is newer than anything written (the client must resync).
    public func offset(after id: Int64) -> Int64? {
        ring.read { ring in
            guard id >= ring.trimmedThrough, id <= ring.newestID else { return nil }
            var (low, high) = (ring.indexHead, ring.index.count)
            while low < high {
                let mid = (low + high) / 2
                if ring.index[mid].id <= id { low = mid + 1 } else { high = mid }
            }
            return low < ring.index.count ? ring.index[low].start : ring.end
        }
    }

    /// Copies up to `max` bytes starting at `offset` into `buffer`; nil when `offset` has already left the ring.
    public func read(from offset: Int64, into buffer: UnsafeMutableRawPointer, max: Int) -> Int? {
        ring.read { ring in
            guard offset >= ring.end - Int64(capacity) else { return nil }
            let n = Int(min(Int64(max), ring.end - offset))
            guard n > 0 else { return 0 }
            let start = Int(offset % Int64(capacity))
            let first = min(n, capacity - start)
            buffer.copyMemory(from: storage.baseAddress! + start, byteCount: first)
            if first < n { (buffer + first).copyMemory(from: storage.baseAddress!, byteCount: n - first) }
            return n
        }
    }

    private func write(_ bytes: [UInt8], at offset: Int64) {
        let start = Int(offset % Int64(capacity))
        let first = min(bytes.count, capacity - start)
        bytes.withUnsafeBytes { src in
            (storage.baseAddress! + start).copyMemory(from: src.baseAddress!, byteCount: first)
            if first < bytes.count { storage.baseAddress!.copyMemory(from: src.baseAddress! + first, byteCount: bytes.count - first) }
        }
    }

    /// Drops index entries of messages whose first byte has been overwritten.
    private func trim(_ ring: inout Ring) {
        let oldest = ring.end - Int64(capacity)
        while ring.indexHead < ring.index.count, ring.index[ring.indexHead].start < oldest {
            ring.trimmedThrough = ring.index[ring.indexHead].id
            ring.indexHead += 1
        }
        if ring.indexHead > 1024 && ring.indexHead * 2 > ring.index.count {
            ring.index.removeFirst(ring.indexHead)
            ring.indexHead = 0
        }
    }
}
