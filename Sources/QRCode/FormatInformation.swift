/// The BCH-protected format (level and mask) and version words a reader decodes before any data.
enum FormatInformation {
    /// BCH(15,5) generator x¹⁰ + x⁸ + x⁵ + x⁴ + x² + x + 1.
    static let formatGenerator = 0b101_0011_0111
    /// XOR applied to the format word so it is never all light.
    static let formatMask = 0b101_0100_0001_0010
    /// BCH(18,6) generator x¹² + x¹¹ + x¹⁰ + x⁹ + x⁸ + x⁵ + x² + 1.
    static let versionGenerator = 0b1_1111_0010_0101

    /// The 15-bit format word for a correction level and mask pattern.
    static func bits(correction: QRCode.Correction, mask: Int) -> Int {
        let data = correction.formatBits << 3 | mask
        return (data << 10 | remainder(data << 10, generator: formatGenerator, degree: 10)) ^ formatMask
    }

    /// The 18-bit version word (versions 7 and up).
    static func versionBits(_ version: Int) -> Int {
        version << 12 | remainder(version << 12, generator: versionGenerator, degree: 12)
    }

    /// Remainder of polynomial division over GF(2).
    private static func remainder(_ value: Int, generator: Int, degree: Int) -> Int {
        var rest = value
        for shift in stride(from: 20, through: 0, by: -1) where rest >> (shift + degree) & 1 == 1 {
            rest ^= generator << shift
        }
        return rest
    }
}
