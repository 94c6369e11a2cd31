import Foundation

/// Why a booking, a cancellation or a check-in was refused; `field` names the input at fault, if one is.
public enum BookingError: Error, Sendable, Hashable, CustomStringConvertible {
    case notBookable(service: String)
    case invalidDate(String)
    case invalidSlot(String)
    case phoneRequired
    /// The day is in the past or further ahead than bookings are taken.
    case outsideBookingDays(day: String, first: String, last: String)
    /// The service takes no bookings that day (a public holiday, a closed weekday, or not one of its booking days).
    case dayClosed(service: String, day: String, holiday: Bool)
    case unknownSlot(service: String, day: String, slot: String, slots: [String])
    /// Booking the slot closed at `closedAt` (`HH:MM`).
    case bookingClosed(slot: String, closedAt: String, minutesBefore: Int)
    case slotFull(service: String, day: String, slot: String)
    /// This phone already holds a booking of the service that day.
    case alreadyBooked(service: String, day: String, slot: String)
    /// This phone holds as many bookings as one phone may.
    case tooManyBookings(limit: Int)
    case unknownAppointment(AppointmentID)
    /// The booking is no longer waiting for its slot (cancelled, checked in, no-show).
    case notActive(AppointmentStatus)
    /// No booking today with the code or phone number typed at check-in.
    case noBooking
    case cancelled
    /// Check-in for the slot at `slot` opens at `opens`.
    case tooEarly(slot: String, opens: Date)
    case alreadyCheckedIn(number: String)

    public var code: String {
        switch self {
        case .notBookable: "not_bookable"
        case .invalidDate, .invalidSlot: "invalid_field"
        case .phoneRequired: "invalid_phone"
        case .outsideBookingDays: "date_not_bookable"
        case .dayClosed: "day_closed"
        case .unknownSlot: "unknown_slot"
        case .bookingClosed: "booking_closed"
        case .slotFull: "slot_full"
        case .alreadyBooked: "already_booked"
        case .tooManyBookings: "phone_booking_limit"
        case .unknownAppointment: "unknown_appointment"
        case .notActive: "appointment_not_active"
        case .noBooking: "no_booking"
        case .cancelled: "booking_cancelled"
        case .tooEarly: "too_early"
        case .alreadyCheckedIn: "already_checked_in"
        }
    }

    /// The request field the refusal is about (nil when none is).
    public var field: String? {
        switch self {
        case .notBookable: "service"
        case .invalidDate, .outsideBookingDays, .dayClosed: "date"
        case .invalidSlot, .unknownSlot, .bookingClosed, .slotFull: "slot"
        case .phoneRequired, .alreadyBooked, .tooManyBookings: "phone"
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .notBookable(let s): "field \"service\": \(s) takes no bookings; take a ticket at the kiosk"
        case .invalidDate(let d): "field \"date\": \"\(d)\" is not a date written YYYY-MM-DD"
        case .invalidSlot(let s): "field \"slot\": \"\(s)\" is not a time written HH:MM"
        case .phoneRequired: "field \"phone\": an 11-digit mobile number is needed to book"
        case .outsideBookingDays(let day, let first, let last):
            "field \"date\": \(day) cannot be booked; bookings are taken for \(first) to \(last)"
        case .dayClosed(let service, let day, let holiday):
            holiday ? "field \"date\": \(day) is a public holiday; the hall is closed" : "field \"date\": \(service) takes no bookings on \(day)"
        case .unknownSlot(let service, let day, let slot, let slots):
            "field \"slot\": \(slot) is not a slot of \(service) on \(day) (slots: \(slots.joined(separator: ", ")))"
        case .bookingClosed(let slot, let closedAt, let minutes):
            "field \"slot\": booking for \(slot) closed at \(closedAt), \(minutes) minutes before the slot"
        case .slotFull(let service, let day, let slot): "field \"slot\": \(service) at \(slot) on \(day) is fully booked; choose another slot"
        case .alreadyBooked(let service, let day, let slot):
            "field \"phone\": this number already holds a booking of \(service) on \(day) (\(slot)); cancel it to book another"
        case .tooManyBookings(let limit): "field \"phone\": this number already holds \(limit) bookings, as many as one number may"
        case .unknownAppointment(let id): "no booking \(id)"
        case .notActive(let status): "the booking is \(status.rawValue), no longer waiting for its slot"
        case .noBooking: "no booking for today with this code or number"
        case .cancelled: "this booking was cancelled"
        case .tooEarly(let slot, _): "check-in for the \(slot) slot has not opened yet"
        case .alreadyCheckedIn(let number): "this booking is already checked in: ticket \(number)"
        }
    }
}
