import Foundation
import HTTPServer

#if canImport(Glibc)
    import Glibc
#endif

/// Who a request came from, for the per-address limits (tickets, failed logins, live streams): the peer's address,
/// or, when the peer is one of the configured reverse proxies (`--trusted-proxy`), the client its `X-Forwarded-For`
/// names. A forwarded address from anyone else is ignored: any client can send the header, so trusting it from
/// everyone would let a script take a fresh address for every request.
public struct ClientAddress: Sendable {
    /// The proxies' addresses, canonical (``AddressBuckets/canonical(_:)``).
    let proxies: Set<String>

    init(trustedProxies: [String]) {
        proxies = Set(trustedProxies.map(AddressBuckets.canonical))
    }

    /// Whether `address` is a literal IPv4 or IPv6 address (what `--trusted-proxy` and `X-Forwarded-For` must hold).
    public static func isAddress(_ address: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, address, &v4) == 1 || inet_pton(AF_INET6, address, &v6) == 1
    }

    /// Whether `request` came through a configured proxy.
    func viaProxy(_ request: HTTPRequest) -> Bool {
        !proxies.isEmpty && proxies.contains(AddressBuckets.canonical(request.remoteAddress))
    }

    /// `request` as the handlers see it. From a configured proxy: `remoteAddress` set to the right-most
    /// `X-Forwarded-For` entry that is not a configured proxy (what the nearest proxy saw; entries left of it were
    /// written by the client and prove nothing), or left as the proxy's when the header names no valid address. From
    /// anyone else: the forwarding headers removed, so nothing downstream can read them.
    func resolve(_ request: HTTPRequest) -> HTTPRequest {
        var resolved = request
        guard viaProxy(request) else {
            if request.headers["x-forwarded-for"] != nil || request.headers["x-forwarded-proto"] != nil {
                resolved.headers["x-forwarded-for"] = nil
                resolved.headers["x-forwarded-proto"] = nil
            }
            return resolved
        }
        guard let header = request.header("x-forwarded-for") else { return request }
        let hops = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard Self.isAddress(hop) else { return request }
            if proxies.contains(AddressBuckets.canonical(hop)) { continue }
            resolved.remoteAddress = hop
            return resolved
        }
        return request
    }

    /// The scheme the client used: a configured proxy's `X-Forwarded-Proto` (``resolve(_:)`` removed anyone
    /// else's), else the server's own.
    static func scheme(_ request: HTTPRequest, serverTLS: Bool) -> String {
        if let proto = request.header("x-forwarded-proto")?.lowercased(), proto == "https" || proto == "http" { return proto }
        return serverTLS ? "https" : "http"
    }
}
