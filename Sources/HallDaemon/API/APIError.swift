import Foundation
import HTTPServer
import HallCore

/// A refusal the API answers with `{"error": {"code", "message"}}` and an HTTP status.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    public var code: String
    public var message: String
    public var headers: [(String, String)] = []
    /// Facts beside the message that clients render themselves, e.g. `opensAt` of `hall_closed` (in `error`).
    public var facts: [String: String] = [:]

    public init(_ status: HTTPStatus, _ code: String, _ message: String, headers: [(String, String)] = [], facts: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.facts = facts
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    static func badRequest(_ message: String, code: String = "bad_request") -> APIError { APIError(400, code, message) }
    static let unauthorized = APIError(401, "unauthorized", "log in first: send Authorization: Bearer <token>")
    static func forbidden(_ message: String) -> APIError { APIError(403, "forbidden", message) }
    static func notFound(_ message: String) -> APIError { APIError(404, "not_found", message) }

    /// The HTTP form of a hall's refusal: unknown things are 404 (services 422), bad input 400, wrong state 409.
    /// A booking's refusal names the request field at fault in `field`.
    init(_ error: HallError) {
        let status: HTTPStatus =
            switch error {
            case .unknownTicket, .unknownWindow, .booking(.unknownAppointment), .booking(.noBooking), .booking(.unknownSlot): 404
            case .unknownService: 422
            case .invalidPhone, .invalidIDNumber, .reminderNeedsPhone, .invalidPauseReason, .booking(.invalidDate), .booking(.invalidSlot),
                .booking(.phoneRequired):
                400
            case .wrongSecret: 403
            case .reminderLimit: 429
            default: 409
            }
        var facts: [String: String] = [:]
        switch error {
        case .booking(let booking): facts["field"] = booking.field
        case .unknownService: facts["field"] = "service"
        case .invalidPhone: facts["field"] = "phone"
        case .invalidIDNumber: facts["field"] = "idNumber"
        case .invalidPauseReason: facts["field"] = "reason"
        case .reminderInUse, .reminderLimit: facts["field"] = "sms"
        default: break
        }
        self.init(status, error.code, error.description, facts: facts)
    }

    var response: HTTPResponse {
        var r = HTTPResponse.error(status: status, code: code, message: message)
        if !facts.isEmpty {
            let object = ["error": facts.merging(["code": code, "message": message]) { $1 }]
            r.body = Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
        }
        r.headers += headers
        return r
    }

    static let unsupportedMediaType = APIError(
        415, "unsupported_media_type", "send the body as JSON with Content-Type: application/json")
}
