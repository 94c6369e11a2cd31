import Foundation
import HTTPTypes

/// One HTTP response.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON error: `{"error": {"code", "message"}}`.
    public static func error(status: HTTPStatus, code: String, message: String) -> HTTPResponse {
        let object = ["error": ["code": code, "message": message]]
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return HTTPResponse(
            status: status, headers: [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")], body: Array(body))
    }

    /// Plain text.
    public static func text(_ status: HTTPStatus, _ text: String, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }
}

/// What a handler answers: a complete response, a live event stream that stays open, or a response given later from
/// another thread (the worker is free meanwhile).
public enum HTTPReply: Sendable {
    case response(HTTPResponse)
    case eventStream(EventStream)
    case later(PendingResponse)
}
