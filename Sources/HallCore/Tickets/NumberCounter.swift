/// The last number handed out for one service on one hall day; numbers restart each day and are never reused.
public struct NumberCounter: Sendable, Hashable, Codable {
    public var day: String
    public var last: Int
    public init(day: String, last: Int) {
        self.day = day
        self.last = last
    }

    /// The sequence the next ticket of `day` gets.
    public func next(on day: String) -> Int { day == self.day ? last + 1 : 1 }

    /// A printed number: the service prefix and at least three digits (`A001`, `B1024`).
    public static func format(prefix: String, sequence: Int) -> String {
        let digits = String(sequence)
        return prefix + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
