import HTTPServer

/// Built outside main.swift so it is not main-actor isolated (libmicrohttpd calls it on its own threads).
func helloHandler(_ body: [UInt8]) -> @Sendable (HTTPRequest) -> HTTPReply {
    { _ in .response(HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)) }
}
