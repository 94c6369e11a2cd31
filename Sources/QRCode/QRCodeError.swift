/// Why a QR code could not be made.
public enum QRCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data is longer than the largest allowed version holds at the chosen correction level.
    case dataTooLong(byteCount: Int, capacity: Int, maxVersion: Int, correction: QRCode.Correction)
    /// The version range reaches outside 1…40.
    case invalidVersions(ClosedRange<Int>)
    /// A forced mask pattern outside 0…7.
    case invalidMask(Int)

    /// A sentence for logs and error bodies.
    public var description: String {
        switch self {
        case let .dataTooLong(byteCount, capacity, maxVersion, correction):
            "QR data too long: \(byteCount) bytes, but version \(maxVersion) at level \(correction) holds at most \(capacity)"
        case let .invalidVersions(range):
            "QR versions \(range.lowerBound)...\(range.upperBound) are not within 1...40"
        case let .invalidMask(mask):
            "QR mask \(mask) is not within 0...7"
        }
    }
}
