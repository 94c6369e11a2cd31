/// A QR Code (ISO/IEC 18004, Model 2) holding bytes in byte mode: the smallest version that fits, the best of the eight masks.
public struct QRCode: Sendable, Equatable {
    /// Symbol version 1…40; the symbol is 17 + 4 × version modules wide.
    public let version: Int
    /// Error-correction level the symbol was made with.
    public let correction: Correction
    /// Mask pattern 0…7 applied to the data modules.
    public let mask: Int
    /// Modules per side, without the quiet zone.
    public let size: Int
    /// Row-major dark flags.
    private let modules: [Bool]

    /// Encodes `text` as UTF-8 bytes.
    public init(encoding text: String, correction: Correction = .medium, versions: ClosedRange<Int> = 1...40, mask: Int? = nil)
        throws(QRCodeError)
    {
        try self.init(encoding: Array(text.utf8), correction: correction, versions: versions, mask: mask)
    }

    /// Encodes `bytes` with the smallest version in `versions` that holds them; `mask` forces a pattern instead of the best one.
    public init(encoding bytes: [UInt8], correction: Correction = .medium, versions: ClosedRange<Int> = 1...40, mask: Int? = nil)
        throws(QRCodeError)
    {
        guard VersionTable.versions.contains(versions.lowerBound), VersionTable.versions.contains(versions.upperBound) else {
            throw .invalidVersions(versions)
        }
        if let mask, !Masking.patterns.contains(mask) { throw .invalidMask(mask) }
        guard let version = versions.first(where: { bytes.count <= VersionTable.byteCapacity($0, correction) }) else {
            let capacity = VersionTable.byteCapacity(versions.upperBound, correction)
            throw .dataTooLong(byteCount: bytes.count, capacity: capacity, maxVersion: versions.upperBound, correction: correction)
        }
        let data = Codewords.data(for: bytes, version: version, correction: correction)
        var grid = ModuleGrid(version: version)
        grid.place(Codewords.interleaved(data: data, version: version, correction: correction))
        let chosen: (pattern: Int, grid: ModuleGrid)
        if let mask {
            chosen = (mask, Masking.apply(mask, to: grid, correction: correction))
        } else {
            chosen = Masking.best(for: grid, correction: correction)
        }
        self.version = version
        self.correction = correction
        self.mask = chosen.pattern
        self.size = grid.size
        self.modules = chosen.grid.modules
    }

    /// The most bytes a symbol of `version` holds at `correction` (e.g. 14 for version 1-M, 213 for 10-M).
    public static func byteCapacity(version: Int, correction: Correction) -> Int {
        precondition(VersionTable.versions.contains(version), "QR version \(version) is not within 1...40")
        return VersionTable.byteCapacity(version, correction)
    }

    /// Whether the module in column `x`, row `y` (0-based from the top left, quiet zone excluded) is dark; outside is light.
    public subscript(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }
}
