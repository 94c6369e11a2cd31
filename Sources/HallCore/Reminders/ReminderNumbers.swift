/// How many tickets asked for reminder texts to each mobile number on one hall day. `[reminders]
/// tickets_per_number_per_day` caps it: one waiting ticket per number already stops texts to a stranger's number from
/// many tickets at once, and the cap stops a loop of taking and cancelling tickets from texting it all day.
public struct ReminderNumbers: Sendable, Hashable {
    /// The hall day counted.
    public private(set) var day: String
    /// Tickets that asked for texts, per mobile number, on ``day`` (cancelled ones too).
    public private(set) var tickets: [String: Int]

    public init(day: String = "", tickets: [String: Int] = [:]) {
        self.day = day
        self.tickets = tickets
    }

    /// Tickets of `day` that asked for texts to `phone`.
    public func count(_ phone: String, on day: String) -> Int { day == self.day ? tickets[phone, default: 0] : 0 }

    /// One more ticket of `day` asks for texts to `phone` (a new day starts the count again).
    mutating func add(_ phone: String, on day: String) {
        if day != self.day {
            self.day = day
            tickets = [:]
        }
        tickets[phone, default: 0] += 1
    }
}
