import Foundation

/// A booking's opaque identifier (with its secret it lets the taxpayer see and cancel the booking).
public struct AppointmentID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Where a booking is in its life: `booked → checkedIn` (on time: an appointment ticket), `late` (an ordinary ticket),
/// `noShow` (not checked in by the slot's end) or `cancelled` (by the taxpayer).
public enum AppointmentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case booked, cancelled, checkedIn, late, noShow

    /// Still waiting for its slot.
    public var isActive: Bool { self == .booked }
    /// Whether it holds one of its slot's places (a cancelled booking gives its place back).
    public var holdsPlace: Bool { self != .cancelled }
}

/// One taxpayer's booked slot of one service.
public struct Appointment: Sendable, Hashable, Codable {
    public var id: AppointmentID
    /// Eight digits typed at the kiosk (or read from the booking's QR code); unique among the day's bookings.
    public var code: String
    /// Shown only to the taxpayer who booked; lets them see and cancel the booking.
    public var secret: String
    public var service: String
    /// The slot's hall day, `yyyy-MM-dd`, and its start and end in minutes after midnight.
    public var day: String
    public var startMinute: Int
    public var endMinute: Int
    public var startsAt: Date
    public var endsAt: Date
    public var status: AppointmentStatus
    /// The mobile number it was booked with (cleared once its day is over) and the optional ID number.
    public var phone: String?
    public var idNumber: String?
    public var bookedAt: Date
    /// When it was cancelled, checked in or marked a no-show.
    public var finishedAt: Date?
    /// The ticket its check-in gave.
    public var ticket: TicketID?
    public var ticketNumber: String?

    public init(
        id: AppointmentID, code: String, secret: String, service: String, day: String, startMinute: Int, endMinute: Int, startsAt: Date,
        endsAt: Date, phone: String?, idNumber: String?, bookedAt: Date, status: AppointmentStatus = .booked
    ) {
        self.id = id
        self.code = code
        self.secret = secret
        self.service = service
        self.day = day
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.status = status
        self.phone = phone
        self.idNumber = idNumber
        self.bookedAt = bookedAt
    }

    /// The slot's start as written in the API and on screens, `09:30`.
    public var slot: String { BookingSlot.clock(startMinute) }
    /// The slot's end, `10:00`.
    public var slotEnd: String { BookingSlot.clock(endMinute) }

    /// Check-in at the kiosk runs from `checkInFromMinutesBefore` before the slot to `checkInUntilMinutesAfter` after it.
    public func checkInOpens(_ settings: AppointmentSettings) -> Date { startsAt - Double(settings.checkInFromMinutesBefore) * 60 }
    public func checkInCloses(_ settings: AppointmentSettings) -> Date { startsAt + Double(settings.checkInUntilMinutesAfter) * 60 }
    /// An unused booking becomes a no-show at the slot's end, but never before its check-in has closed.
    public func noShowAt(_ settings: AppointmentSettings) -> Date { max(endsAt, checkInCloses(settings)) }
}
