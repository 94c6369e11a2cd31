/// An optional field that is always written: an explicit JSON `null` when it has no value, so clients see every
/// field (a plain optional's synthesized encoding leaves the key out, which is right for the few fields shown only
/// to some, like a ticket's secret).
@propertyWrapper
struct Nullable<Value: Encodable & Sendable>: Encodable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}
