/// Arithmetic in GF(256) as QR codes use it: bytes are polynomials over GF(2) reduced by x⁸ + x⁴ + x³ + x² + 1 (0x11D).
enum GaloisField {
    /// The reducing polynomial, with its x⁸ term.
    static let reducingPolynomial = 0x11D

    /// `exponent[i]` is αⁱ for i in 0..<255, where α = 2 generates the field's multiplicative group.
    static let exponent: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 255)
        var value = 1
        for i in 0..<255 {
            table[i] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= reducingPolynomial }
        }
        return table
    }()

    /// `logarithm[x]` is i with αⁱ = x, for x ≠ 0 (entry 0 is unused).
    static let logarithm: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for (i, value) in exponent.enumerated() { table[Int(value)] = i }
        return table
    }()

    /// The product a · b in the field.
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exponent[(logarithm[Int(a)] + logarithm[Int(b)]) % 255]
    }
}
