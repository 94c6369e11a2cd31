/// One server-sent-events message (or a comment line, or a `retry:` hint).
public struct ServerSentEvent: Sendable, Hashable {
    public var id: String?
    public var event: String?
    public var data: String?
    public var comment: String?
    public var retry: Int?

    /// A message with data; `data` may span lines.
    public init(id: String? = nil, event: String? = nil, data: String) {
        self.id = id
        self.event = event
        self.data = data
    }

    /// A comment line (`: text`), e.g. a heartbeat that keeps proxies from closing the stream.
    public init(comment: String) { self.comment = comment }

    /// Tells the browser how long to wait before reconnecting, in milliseconds.
    public init(retry: Int) { self.retry = retry }

    /// The bytes on the wire, ending with the blank line that closes the message.
    public var encoded: [UInt8] {
        var text = ""
        if let comment { text += comment.split(separator: "\n", omittingEmptySubsequences: false).map { ": \($0)\n" }.joined() }
        if let retry { text += "retry: \(retry)\n" }
        if let id { text += "id: \(id)\n" }
        if let event { text += "event: \(event)\n" }
        if let data { text += data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined() }
        return Array((text + "\n").utf8)
    }
}
