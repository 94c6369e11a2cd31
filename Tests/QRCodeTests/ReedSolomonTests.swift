import Testing

@testable import QRCode

@Suite struct ReedSolomonTests {
    @Test func fieldWrapsThroughTheReducingPolynomial() {
        #expect(GaloisField.exponent[7] == 0x80)
        #expect(GaloisField.exponent[8] == 0x1D)
        #expect(GaloisField.exponent[25] == 0x03)
        #expect(Set(GaloisField.exponent).count == 255)
        #expect(GaloisField.multiply(0x53, 0xCA) == GaloisField.multiply(0xCA, 0x53))
        #expect(GaloisField.multiply(0x02, 0x80) == 0x1D)
        #expect(GaloisField.multiply(0, 0x80) == 0)
        for x in 1...255 { #expect(GaloisField.exponent[GaloisField.logarithm[x]] == UInt8(x)) }
    }

    @Test func generatorOfDegreeSevenMatchesTheStandard() {
        // ISO/IEC 18004 annex A: g(x) = x⁷ + α⁸⁷x⁶ + α²²⁹x⁵ + α¹⁴⁶x⁴ + α¹⁴⁹x³ + α²³⁸x² + α¹⁰²x + α²¹.
        #expect(ReedSolomon.generator(degree: 7).map { GaloisField.logarithm[Int($0)] } == [87, 229, 146, 149, 238, 102, 21])
    }

    @Test func errorCorrectionOfTheStandardsNumericExample() {
        // ISO/IEC 18004 annex I: "01234567" as version 1-M.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let expected: [UInt8] = [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55]
        #expect(ReedSolomon.errorCorrection(for: data, count: 10) == expected)
    }

    @Test func errorCorrectionOfHelloWorldVersionOneM() {
        // "HELLO WORLD" in alphanumeric mode, version 1-M: the widely published worked example.
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        let expected: [UInt8] = [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]
        #expect(ReedSolomon.errorCorrection(for: data, count: 10) == expected)
    }

    @Test func codewordWithItsErrorCorrectionIsAMultipleOfTheGenerator() {
        // A valid codeword divides evenly: encoding data + ECC again leaves a zero remainder.
        let data: [UInt8] = Array("hall queue".utf8)
        let ecc = ReedSolomon.errorCorrection(for: data, count: 18)
        #expect(ecc.count == 18)
        let generator = ReedSolomon.generator(degree: 18)
        var remainder = [UInt8](repeating: 0, count: 18)
        for byte in data + ecc {
            let factor = byte ^ remainder.removeFirst()
            remainder.append(0)
            for j in generator.indices { remainder[j] ^= GaloisField.multiply(generator[j], factor) }
        }
        #expect(remainder == [UInt8](repeating: 0, count: 18))
    }
}
