import HTTPTypes

/// A request's method, typed (swift-http-types' `HTTPRequest.Method`): `.get`, `.post` …; unusual ones keep their name.
public typealias HTTPMethod = HTTPTypes.HTTPRequest.Method

/// A response's status, typed (swift-http-types' `HTTPResponse.Status`); an integer literal is one (`201`).
public typealias HTTPStatus = HTTPTypes.HTTPResponse.Status

/// One HTTP request as the application sees it.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The path, percent-decoded, without the query.
    public var path: String
    public var query: [String: String]
    /// Header values by lower-cased name.
    public var headers: [String: String]
    public var body: [UInt8]
    /// The client's IP address.
    public var remoteAddress: String

    public init(
        method: HTTPMethod, path: String, query: [String: String] = [:], headers: [String: String] = [:], body: [UInt8] = [],
        remoteAddress: String = ""
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// A header by case-insensitive name.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}
