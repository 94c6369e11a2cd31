import Foundation
import HTTPServer
import HallCore

/// A refusal the API answers with `{"error": {"code", "message"}}` and an HTTP status.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String
    public var headers: [(String, String)] = []

    public init(_ status: Int, _ code: String, _ message: String, headers: [(String, String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status) \(code): \(message)" }

    static func badRequest(_ message: String, code: String = "bad_request") -> APIError { APIError(400, code, message) }
    static let unauthorized = APIError(401, "unauthorized", "log in first: send Authorization: Bearer <token>")
    static func forbidden(_ message: String) -> APIError { APIError(403, "forbidden", message) }
    static func notFound(_ message: String) -> APIError { APIError(404, "not_found", message) }

    /// The HTTP form of a hall's refusal: unknown things are 404 (services 422), bad input 400, wrong state 409.
    init(_ error: HallError) {
        let status =
            switch error {
            case .unknownTicket, .unknownWindow: 404
            case .unknownService: 422
            case .invalidPhone, .invalidIDNumber: 400
            case .wrongSecret: 403
            default: 409
            }
        self.init(status, error.code, error.description)
    }

    var response: HTTPResponse {
        var r = HTTPResponse.error(status: status, code: code, message: message)
        r.headers += headers
        return r
    }
}
