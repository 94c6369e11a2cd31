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
        var out: [UInt8] = []
        out.reserveCapacity((data?.utf8.count ?? 0) + (comment?.utf8.count ?? 0) + 48)
        /// `field: value` lines, one per line of `value` (SSE has no escapes: a newline starts a new field line).
        func lines(_ field: String, _ value: String) {
            if !value.utf8.contains(10) {
                // One line, which is every JSON message the daemon writes: no splitting into an array of slices.
                out.append(contentsOf: field.utf8)
                out.append(contentsOf: value.utf8)
                out.append(10)
                return
            }
            for line in value.utf8.split(separator: 10, omittingEmptySubsequences: false) {
                out.append(contentsOf: field.utf8)
                out.append(contentsOf: line)
                out.append(10)
            }
        }
        if let comment { lines(": ", comment) }
        if let retry { lines("retry: ", String(retry)) }
        if let id { lines("id: ", id) }
        if let event { lines("event: ", event) }
        if let data { lines("data: ", data) }
        out.append(10)
        return out
    }
}
