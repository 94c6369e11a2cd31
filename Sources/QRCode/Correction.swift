extension QRCode {
    /// How much of the symbol may be damaged and still read: about 7 % (L), 15 % (M), 25 % (Q) or 30 % (H) of codewords.
    public enum Correction: Sendable, CaseIterable, Hashable, CustomStringConvertible {
        case low
        case medium
        case quartile
        case high

        /// The standard's one-letter name: L, M, Q or H.
        public var description: String {
            switch self {
            case .low: "L"
            case .medium: "M"
            case .quartile: "Q"
            case .high: "H"
            }
        }

        /// Row in the block tables (L, M, Q, H order).
        var tableIndex: Int {
            switch self {
            case .low: 0
            case .medium: 1
            case .quartile: 2
            case .high: 3
            }
        }

        /// The two bits the format information carries for this level; the standard does not number them in L, M, Q, H order.
        var formatBits: Int {
            switch self {
            case .low: 0b01
            case .medium: 0b00
            case .quartile: 0b11
            case .high: 0b10
            }
        }
    }
}
