import Foundation
import HTTPServer
import Testing

/// The configuration's default headers reach every kind of response, and a response's own header of the same name wins.
@Suite struct DefaultHeadersTests {
    static let defaults = [("X-Hall-Policy", "strict"), ("Cache-Control", "no-store")]

    /// The header lines of a raw response, in order.
    func headerLines(_ reply: String) -> [String] {
        let head = reply.components(separatedBy: "\r\n\r\n").first ?? ""
        return head.components(separatedBy: "\r\n").dropFirst().map { $0 }
    }

    func values(_ name: String, in reply: String) -> [String] {
        headerLines(reply).compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == name.lowercased() else { return nil }
            return parts[1].trimmingCharacters(in: .whitespaces)
        }
    }

    @Test func repliesAndTheServersOwn413CarryThemUnlessTheyChoseTheirOwn() throws {
        let s = try RunningServer(maxBody: 100, defaultHeaders: Self.defaults) { request in
            if request.path == "/own" {
                return .response(HTTPResponse(status: 200, headers: [("cache-control", "max-age=60")], body: Array("own".utf8)))
            }
            return .response(HTTPResponse.error(status: 404, code: "not_found", message: "no route"))
        }
        let plain = try RawClient.exchange(port: s.port, "GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(plain.hasPrefix("HTTP/1.1 404"))
        #expect(values("X-Hall-Policy", in: plain) == ["strict"])
        #expect(values("Cache-Control", in: plain) == ["no-store"], "the JSON error's own Cache-Control, once")

        let own = try RawClient.exchange(port: s.port, "GET /own HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(values("Cache-Control", in: own) == ["max-age=60"], "a response's own header wins, whatever its case")
        #expect(values("X-Hall-Policy", in: own) == ["strict"])

        let tooLarge = try RawClient.exchange(port: s.port, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n")
        #expect(tooLarge.hasPrefix("HTTP/1.1 413"))
        #expect(values("X-Hall-Policy", in: tooLarge) == ["strict"])
    }

    @Test func eventStreamsCarryThemInTheirHead() throws {
        let s = try RunningServer(defaultHeaders: Self.defaults) { _ in .eventStream(EventStream()) }
        let client = try RawClient(port: s.port)
        client.send("GET /api/events HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = client.read(timeout: 3) { $0.contains("\r\n\r\n") }
        #expect(head.hasPrefix("HTTP/1.1 200"))
        #expect(values("X-Hall-Policy", in: head) == ["strict"])
        #expect(values("Cache-Control", in: head) == ["no-cache"], "the stream's own Cache-Control, once")
    }
}
