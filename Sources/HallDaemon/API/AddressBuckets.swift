import Foundation
import Locking

#if canImport(Glibc)
    import Glibc
#endif

/// The per-address ticket limit as token buckets: an address may take up to N tickets at once, then one more every
/// 60/N seconds. IPv6 clients are counted per /64 network, since one phone or household gets a whole /64.
final class AddressBuckets: Sendable {
    private let buckets = Locked<[String: (tokens: Double, at: Date)]>([:])
    /// Beyond this many addresses, full buckets (which carry no information) are forgotten.
    let maxAddresses: Int

    init(maxAddresses: Int = 100_000) { self.maxAddresses = maxAddresses }

    /// Addresses (or /64 networks) with a bucket now.
    var count: Int { buckets.read { $0.count } }

    /// Takes one ticket's token for `address`; nil when allowed, else the whole seconds until the next token.
    func take(_ address: String, perMinute: Int, now: Date) -> Int? {
        let capacity = Double(perMinute)
        let rate = capacity / 60
        let key = Self.key(address)
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? (capacity, now)
            // A clock stepped back refills nothing rather than taking tokens away.
            bucket.tokens = min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.at)) * rate)
            bucket.at = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            if buckets.count > maxAddresses { forgetFull(&buckets, capacity: capacity, rate: rate, now: now) }
            return nil
        }
    }

    /// The whole seconds until `address` has a token again, without taking one; nil when it has one now.
    func wait(_ address: String, perMinute: Int, now: Date) -> Int? {
        let capacity = Double(perMinute)
        let rate = capacity / 60
        guard let bucket = buckets.read({ $0[Self.key(address)] }) else { return nil }
        let tokens = min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.at)) * rate)
        return tokens >= 1 ? nil : max(1, Int(((1 - tokens) / rate).rounded(.up)))
    }

    private func forgetFull(_ buckets: inout [String: (tokens: Double, at: Date)], capacity: Double, rate: Double, now: Date) {
        buckets = buckets.filter { $0.value.tokens + max(0, now.timeIntervalSince($0.value.at)) * rate < capacity }
        // Still too many distinct addresses within a minute: start afresh rather than grow without bound.
        if buckets.count > maxAddresses { buckets.removeAll(keepingCapacity: true) }
    }

    /// What one bucket counts: the IPv4 address (also when IPv4-mapped), or the /64 of an IPv6 address.
    static func key(_ address: String) -> String {
        var v6 = in6_addr()
        guard address.contains(":"), inet_pton(AF_INET6, address, &v6) == 1 else { return address }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return bytes[12..<16].map(String.init).joined(separator: ".")
        }
        return bytes[0..<8].map { String(format: "%02x", $0) }.joined() + "::/64"
    }

    /// An address as ``key(_:)`` would see it exactly (no /64), for comparing with configured addresses.
    static func canonical(_ address: String) -> String {
        var v6 = in6_addr()
        guard address.contains(":"), inet_pton(AF_INET6, address, &v6) == 1 else { return address }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &v6, &text, socklen_t(text.count)) != nil else { return address }
        let canonical = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return canonical.hasPrefix("::ffff:") && canonical.contains(".") ? String(canonical.dropFirst(7)) : canonical
    }
}
