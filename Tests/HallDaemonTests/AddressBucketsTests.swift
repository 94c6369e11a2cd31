import Foundation
import Testing

@testable import HallDaemon

/// The per-address ticket limit's token buckets.
@Suite struct AddressBucketsTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aBucketHoldsNTicketsAndRefillsOneEverySixtyOverNSeconds() {
        let buckets = AddressBuckets()
        for _ in 0..<3 { #expect(buckets.take("10.0.0.9", perMinute: 3, now: start) == nil) }
        #expect(buckets.take("10.0.0.9", perMinute: 3, now: start) == 20, "one token every 20 s")
        #expect(buckets.take("10.0.0.9", perMinute: 3, now: start + 15) == 5)
        #expect(buckets.take("10.0.0.9", perMinute: 3, now: start + 20) == nil)
        #expect(buckets.take("10.0.0.10", perMinute: 3, now: start) == nil, "another address has its own bucket")
    }

    @Test func aClockSteppedBackRefillsNothing() {
        let buckets = AddressBuckets()
        #expect(buckets.take("10.0.0.9", perMinute: 1, now: start) == nil)
        #expect(buckets.take("10.0.0.9", perMinute: 1, now: start - 3600) != nil)
    }

    @Test func ipv6CountsPerSlash64AndMappedIPv4AsIPv4() {
        #expect(AddressBuckets.key("2001:db8:1:2:aaaa::1") == AddressBuckets.key("2001:db8:1:2:bbbb::7"))
        #expect(AddressBuckets.key("2001:db8:1:2::1") != AddressBuckets.key("2001:db8:1:3::1"))
        #expect(AddressBuckets.key("::ffff:10.0.0.9") == "10.0.0.9")
        #expect(AddressBuckets.key("10.0.0.9") == "10.0.0.9")
        #expect(AddressBuckets.canonical("2001:DB8:0:0:0:0:0:1") == "2001:db8::1")
        #expect(AddressBuckets.canonical("::ffff:10.0.0.9") == "10.0.0.9")
    }

    @Test func memoryStaysBoundedWithManyAddresses() {
        let buckets = AddressBuckets(maxAddresses: 100)
        for n in 0..<1000 { _ = buckets.take("10.1.\(n / 256).\(n % 256)", perMinute: 5, now: start + Double(n)) }
        #expect(buckets.count <= 100)
    }
}
