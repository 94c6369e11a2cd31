import Foundation

/// Mono 16-bit audio at one sample rate: what clips and espeak-ng's output are turned into, joined, and served as WAV.
struct PCMAudio: Sendable, Equatable {
    /// The rate every announcement is served at (espeak-ng's own).
    static let servedRate = 22_050

    var sampleRate: Int
    var samples: [Int16]

    /// Why a WAV file could not be read.
    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    init(sampleRate: Int, samples: [Int16]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// `seconds` of silence.
    static func silence(seconds: Double, sampleRate: Int = servedRate) -> PCMAudio {
        PCMAudio(sampleRate: sampleRate, samples: [Int16](repeating: 0, count: Int(seconds * Double(sampleRate))))
    }

    /// Reads a RIFF WAV file of integer PCM (8, 16, 24 or 32 bits, any channels), mixed down to mono. A data chunk
    /// whose stated size runs past the end (a WAV streamed to a pipe, as espeak-ng's `--stdout`) ends at the file's end.
    init(wav bytes: [UInt8]) throws {
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else {
            throw FormatError(description: "not a RIFF WAVE file")
        }
        var at = 12
        var format: (channels: Int, rate: Int, bits: Int)?
        while at + 8 <= bytes.count {
            let size = u32(at + 4)
            let body = at + 8
            if bytes[at..<at + 4].elementsEqual("fmt ".utf8) {
                guard size >= 16, body + 16 <= bytes.count else { throw FormatError(description: "a short fmt chunk") }
                let tag = u16(body)
                guard tag == 1 || tag == 0xFFFE else { throw FormatError(description: "format \(tag) is not integer PCM") }
                format = (u16(body + 2), u32(body + 4), u16(body + 14))
            } else if bytes[at..<at + 4].elementsEqual("data".utf8) {
                guard let (channels, rate, bits) = format, channels > 0, rate > 0, [8, 16, 24, 32].contains(bits) else {
                    throw FormatError(description: "data before a usable fmt chunk")
                }
                let end = min(bytes.count, body + size)
                self = Self.decode(bytes[body..<end], channels: channels, rate: rate, bits: bits)
                return
            }
            at = body + size + (size & 1)
        }
        throw FormatError(description: "no data chunk")
    }

    private static func decode(_ data: ArraySlice<UInt8>, channels: Int, rate: Int, bits: Int) -> PCMAudio {
        let width = bits / 8
        let frames = data.count / (width * channels)
        var samples = [Int16](repeating: 0, count: frames)
        let base = data.startIndex
        for frame in 0..<frames {
            var sum = 0
            for channel in 0..<channels {
                let at = base + (frame * channels + channel) * width
                // The top 16 bits of each sample (8-bit PCM is unsigned, the wider kinds signed little-endian).
                let value =
                    width == 1 ? (Int(data[at]) - 128) << 8 : Int(Int16(bitPattern: UInt16(data[at + width - 2]) | UInt16(data[at + width - 1]) << 8))
                sum += value
            }
            samples[frame] = Int16(sum / channels)
        }
        return PCMAudio(sampleRate: rate, samples: samples)
    }

    /// The same sound at `rate` samples a second (linear interpolation: enough for speech).
    func resampled(to rate: Int) -> PCMAudio {
        guard rate != sampleRate, !samples.isEmpty else { return PCMAudio(sampleRate: rate, samples: samples) }
        let count = Int((Double(samples.count) * Double(rate) / Double(sampleRate)).rounded())
        let step = Double(sampleRate) / Double(rate)
        var out = [Int16](repeating: 0, count: count)
        for i in 0..<count {
            let position = Double(i) * step
            let left = min(Int(position), samples.count - 1)
            let right = min(left + 1, samples.count - 1)
            let fraction = position - Double(left)
            out[i] = Int16((Double(samples[left]) * (1 - fraction) + Double(samples[right]) * fraction).rounded())
        }
        return PCMAudio(sampleRate: rate, samples: out)
    }

    /// Pieces one after another at `rate`, with `gap` seconds of silence between them.
    static func joined(_ pieces: [PCMAudio], gap: Double, rate: Int = servedRate) -> PCMAudio {
        var samples: [Int16] = []
        let silence = PCMAudio.silence(seconds: gap, sampleRate: rate).samples
        for (index, piece) in pieces.enumerated() {
            if index > 0 { samples += silence }
            samples += piece.resampled(to: rate).samples
        }
        return PCMAudio(sampleRate: rate, samples: samples)
    }

    var seconds: Double { Double(samples.count) / Double(sampleRate) }

    /// A canonical 44-byte-header WAV file (mono, 16-bit).
    var wav: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(44 + samples.count * 2)
        func u32(_ n: Int) { out += [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24 & 0xFF)] }
        func u16(_ n: Int) { out += [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF)] }
        let bytes = samples.count * 2
        out += Array("RIFF".utf8)
        u32(36 + bytes)
        out += Array("WAVEfmt ".utf8)
        u32(16)
        u16(1)
        u16(1)
        u32(sampleRate)
        u32(sampleRate * 2)
        u16(2)
        u16(16)
        out += Array("data".utf8)
        u32(bytes)
        for sample in samples {
            let bits = UInt16(bitPattern: sample)
            out.append(UInt8(bits & 0xFF))
            out.append(UInt8(bits >> 8))
        }
        return out
    }
}
