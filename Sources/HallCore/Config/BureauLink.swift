/// Where a hall sends its journal for the bureau of many halls (`[bureau]` in the configuration file), and what the
/// bureau's public hall finder shows about it beyond the hall's name, hours and services.
public struct BureauLink: Sendable, Hashable, Codable {
    /// The bureau's PostgreSQL, as a libpq connection string (`postgresql://user:secret@host:5432/bureau`). It holds
    /// a password: the configuration file is kept readable by its owner only.
    public var postgresURL: String
    /// The hall's name in the bureau: journal rows are kept per hall id and sequence number.
    public var hallID: String
    /// The street address taxpayers go to.
    public var address: LocalizedName
    /// A shorter name for lists (e.g. "海淀区第一办税服务厅" rather than the full legal name); nil: the hall's name.
    public var shortName: LocalizedName?
    /// The hall's public telephone number, if it gives one.
    public var phone: String?
    /// Journal rows sent in one PostgreSQL transaction.
    public var batchEvents: Int

    public init(
        postgresURL: String, hallID: String, address: LocalizedName, shortName: LocalizedName? = nil, phone: String? = nil, batchEvents: Int = 2000
    ) {
        self.postgresURL = postgresURL
        self.hallID = hallID
        self.address = address
        self.shortName = shortName
        self.phone = phone
        self.batchEvents = batchEvents
    }

    /// Whether `id` is a valid hall id: 1–40 of a–z, 0–9, "-" and "_", starting with a letter or digit.
    public static func isValidHallID(_ id: String) -> Bool {
        let plain: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        guard (1...40).contains(id.unicodeScalars.count), let first = id.unicodeScalars.first, plain(first) else { return false }
        return id.unicodeScalars.allSatisfy { plain($0) || $0 == "-" || $0 == "_" }
    }
}
