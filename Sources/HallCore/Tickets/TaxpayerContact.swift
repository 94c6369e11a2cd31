/// The optional real-name pre-check: a mainland mobile number and/or a resident ID number, and whether the taxpayer
/// asked for text messages when their turn is near (to the phone number; cleared with it when the day is over).
public struct TaxpayerContact: Sendable, Hashable, Codable {
    public var phone: String?
    public var idNumber: String?
    /// Text the phone "3 ahead" and "go to window 5" (see ``ReminderSettings``).
    public var remind: Bool

    /// A contact as stored; use ``validated(phone:idNumber:remind:)`` for input.
    public init(phone: String?, idNumber: String?, remind: Bool = false) {
        self.phone = phone
        self.idNumber = idNumber
        self.remind = remind
    }

    /// Validates and normalises; returns nil when both numbers are absent or empty. Reminders need a phone number.
    public static func validated(phone: String?, idNumber: String?, remind: Bool = false) throws(HallError) -> TaxpayerContact? {
        let phone = phone?.trimmingSpaces().nilIfEmpty
        let idNumber = idNumber?.trimmingSpaces().uppercased().nilIfEmpty
        if let phone, !isMobileNumber(phone) { throw .invalidPhone(phone) }
        if let idNumber, !isResidentID(idNumber) { throw .invalidIDNumber }
        if remind && phone == nil { throw .reminderNeedsPhone }
        if phone == nil && idNumber == nil { return nil }
        return TaxpayerContact(phone: phone, idNumber: idNumber, remind: remind)
    }

    /// The phone number to text reminders to, when the taxpayer asked for them.
    public var reminderPhone: String? { remind ? phone : nil }

    private enum CodingKeys: String, CodingKey { case phone, idNumber, remind }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            phone: try c.decodeIfPresent(String.self, forKey: .phone), idNumber: try c.decodeIfPresent(String.self, forKey: .idNumber),
            remind: try c.decodeIfPresent(Bool.self, forKey: .remind) ?? false)
    }

    /// Masked for display to staff: `138****5678`, `110105********123X`.
    public var masked: String {
        if let idNumber { return String(idNumber.prefix(6)) + String(repeating: "*", count: 8) + String(idNumber.suffix(4)) }
        if let phone { return String(phone.prefix(3)) + "****" + String(phone.suffix(4)) }
        return ""
    }

    /// An 11-digit mainland mobile number starting 13–19.
    static func isMobileNumber(_ s: String) -> Bool {
        let digits = Array(s.utf8)
        return digits.count == 11 && digits.allSatisfy { $0 >= 48 && $0 <= 57 } && digits[0] == 49 && digits[1] >= 51
    }

    /// An 18-character resident identity number with a valid GB 11643 check character.
    static func isResidentID(_ s: String) -> Bool {
        let chars = Array(s.utf8)
        guard chars.count == 18, chars[0..<17].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(chars[0..<17], weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        let check = Array("10X98765432".utf8)[sum % 11]
        return chars[17] == check
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
