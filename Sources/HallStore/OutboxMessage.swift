/// One notification waiting to be delivered: which channel, to whom, and the exact bytes to send.
public struct OutboxMessage: Sendable, Hashable {
    /// `webhook` (signed JSON POST) or `sms` (the configured command, once per recipient).
    public var channel: String
    /// The webhook URL, or the recipient's phone number.
    public var target: String
    /// The JSON body, fixed when the alert is raised so every retry sends (and signs) the same bytes.
    public var payload: String

    public init(channel: String, target: String, payload: String) {
        self.channel = channel
        self.target = target
        self.payload = payload
    }
}
