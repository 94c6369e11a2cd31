import Foundation

/// The bookings the live hall keeps: today's (whatever their state, so a code typed late is still recognised) and
/// every later day's, with what check-in, booking and the no-show timer look up kept at hand.
public struct AppointmentBook: Sendable, Equatable {
    private var byID: [AppointmentID: Appointment] = [:]
    /// `day + " " + code` → booking: codes are unique within a day.
    private var byCode: [String: AppointmentID] = [:]
    /// Places taken per slot (`service day startMinute`).
    private var taken: [String: Int] = [:]

    public init(_ appointments: [Appointment] = []) {
        for a in appointments { self[a.id] = a }
    }

    /// A booking; setting one adds or updates it (nil removes it).
    public subscript(id: AppointmentID) -> Appointment? {
        get { byID[id] }
        set {
            if let old = byID[id] {
                byCode[old.day + " " + old.code] = nil
                if old.status.holdsPlace { taken[Self.slotKey(old.service, old.day, old.startMinute), default: 0] -= 1 }
            }
            byID[id] = newValue
            if let new = newValue {
                byCode[new.day + " " + new.code] = id
                if new.status.holdsPlace { taken[Self.slotKey(new.service, new.day, new.startMinute), default: 0] += 1 }
            }
        }
    }

    public var all: Dictionary<AppointmentID, Appointment>.Values { byID.values }
    public var count: Int { byID.count }

    /// The booking of `day` with `code`.
    public func find(code: String, day: String) -> Appointment? { byCode[day + " " + code].flatMap { byID[$0] } }

    /// Bookings of `day`, earliest slot first.
    public func ofDay(_ day: String) -> [Appointment] {
        byID.values.filter { $0.day == day }.sorted { ($0.startsAt, $0.bookedAt, $0.id.rawValue) < ($1.startsAt, $1.bookedAt, $1.id.rawValue) }
    }

    /// Bookings made with `phone` still waiting for their slot.
    public func active(phone: String) -> [Appointment] { byID.values.filter { $0.status.isActive && $0.phone == phone } }

    /// Places taken in a slot (bookings not cancelled).
    public func taken(service: String, day: String, startMinute: Int) -> Int { taken[Self.slotKey(service, day, startMinute)] ?? 0 }

    /// The earliest moment an unused booking becomes a no-show (nil when none waits).
    public func nextNoShow(_ settings: AppointmentSettings) -> Date? {
        byID.values.lazy.filter(\.status.isActive).map { $0.noShowAt(settings) }.min()
    }

    /// Forgets bookings of hall days before `day` (their day is over; the store keeps them).
    public mutating func forget(before day: String) {
        for a in byID.values where a.day < day { self[a.id] = nil }
    }

    static func slotKey(_ service: String, _ day: String, _ minute: Int) -> String { "\(service) \(day) \(minute)" }

    public static func == (a: AppointmentBook, b: AppointmentBook) -> Bool { a.byID == b.byID }
}
