import Foundation
import HTTPServer
import Testing

@Suite struct RequestResponseTests {
    static let echo: @Sendable (HTTPRequest) -> HTTPReply = { request in
        let text =
            "\(request.method) \(request.path) q=\(request.query["q"] ?? "-") h=\(request.header("X-Hall") ?? "-") b=\(String(decoding: request.body, as: UTF8.self)) from=\(request.remoteAddress)"
        return .response(HTTPResponse.text(200, text))
    }

    @Test func handlerSeesMethodPathQueryHeadersBodyAndAddress() throws {
        let s = try RunningServer(handler: Self.echo)
        let reply = try RawClient.exchange(
            port: s.port, "POST /api/t%C3%A9st?q=a%20b HTTP/1.1\r\nHost: x\r\nX-Hall: 12\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
        #expect(reply.hasPrefix("HTTP/1.1 200"))
        #expect(reply.contains("POST /api/tést q=a b h=12 b=hello from=127.0.0.1"))
    }

    @Test func aBodyOverTheCapIs413WithJSON() throws {
        let s = try RunningServer(maxBody: 100, handler: Self.echo)
        let declared = try RawClient.exchange(port: s.port, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n")
        #expect(declared.hasPrefix("HTTP/1.1 413"))
        #expect(declared.contains(#""code":"payload_too_large""#))
        let chunk = String(repeating: "y", count: 80)
        let chunked = try RawClient.exchange(
            port: s.port,
            "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n50\r\n\(chunk)\r\n50\r\n\(chunk)\r\n0\r\n\r\n")
        #expect(chunked.hasPrefix("HTTP/1.1 413"), "a chunked body that grows past the cap is refused too")
        let fine = try RawClient.exchange(port: s.port, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc")
        #expect(fine.hasPrefix("HTTP/1.1 200"))
    }

    @Test func jsonErrorsHaveCodeAndMessage() throws {
        let response = HTTPResponse.error(status: 404, code: "not_found", message: "no \"such\" thing")
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: [String: String]]
        #expect(object?["error"]?["code"] == "not_found")
        #expect(object?["error"]?["message"] == "no \"such\" thing")
        #expect(response.headers.contains { $0.0 == "Content-Type" && $0.1.hasPrefix("application/json") })
    }

    @Test func startingOnAPortInUseIsAClearError() throws {
        let s = try RunningServer(handler: Self.echo)
        var config = HTTPServerConfiguration()
        config.port = s.port
        #expect(throws: HTTPServerError.self) { try HTTPServer(configuration: config, handler: Self.echo).start() }
        config.port = 0
        config.host = "not-an-address"
        #expect(throws: HTTPServerError.self) { try HTTPServer(configuration: config, handler: Self.echo).start() }
    }
}
