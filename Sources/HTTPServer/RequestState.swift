/// What the server keeps for one request while its body arrives.
final class RequestState {
    var body: [UInt8] = []
    var tooLarge = false
    var started = false
    /// The answer the handler promised, while it is being worked out.
    var pending: PendingResponse?
}
