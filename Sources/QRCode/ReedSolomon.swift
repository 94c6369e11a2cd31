/// Reed–Solomon error-correction codewords over GF(256), as the QR standard computes them.
enum ReedSolomon {
    /// Coefficients of the generator polynomial (x − α⁰)(x − α¹)…(x − αⁿ⁻¹), highest power first, without its leading 1.
    static func generator(degree: Int) -> [UInt8] {
        precondition(degree >= 1, "a Reed–Solomon generator needs degree 1 or more")
        var polynomial: [UInt8] = [1]
        for i in 0..<degree {
            let root = GaloisField.exponent[i]
            var product = [UInt8](repeating: 0, count: polynomial.count + 1)
            for (j, coefficient) in polynomial.enumerated() {
                product[j] ^= coefficient
                product[j + 1] ^= GaloisField.multiply(coefficient, root)
            }
            polynomial = product
        }
        return Array(polynomial.dropFirst())
    }

    /// The error-correction codewords for `data`: the remainder of data(x) · xⁿ divided by the generator.
    static func errorCorrection(for data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var remainder = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for j in generator.indices { remainder[j] ^= GaloisField.multiply(generator[j], factor) }
        }
        return remainder
    }

    /// The error-correction codewords for `data`, `count` of them.
    static func errorCorrection(for data: [UInt8], count: Int) -> [UInt8] {
        errorCorrection(for: data, generator: generator(degree: count))
    }
}
