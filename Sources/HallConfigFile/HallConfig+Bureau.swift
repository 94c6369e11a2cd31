import Foundation
import HallCore

extension HallConfig {
    static let bureauKeys = [
        "postgres_url", "hall_id", "address_zh", "address_en", "short_name_zh", "short_name_en", "phone", "batch_events",
    ]

    /// `[bureau]`: where the journal goes for the bureau of many halls, and what its hall finder shows; nil when absent.
    static func bureau(_ table: ConfigTableReader?) throws(ConfigError) -> BureauLink? {
        guard let table else { return nil }
        let url = try table.text("postgres_url")
        let scheme = url.split(separator: ":", maxSplits: 1).first.map(String.init)?.lowercased()
        guard scheme == "postgresql" || scheme == "postgres" || url.contains("=") else {
            throw table.error("postgres_url", "not a PostgreSQL connection string; write it like \"postgresql://hall:secret@10.0.0.9:5432/bureau\"")
        }
        let id = try table.text("hall_id")
        guard BureauLink.isValidHallID(id) else {
            throw table.error("hall_id", "\"\(id)\" is not a valid hall id (1–40 of a–z, 0–9, \"-\", \"_\", starting with a letter or digit)")
        }
        let address = LocalizedName(zh: try table.text("address_zh"), en: try table.text("address_en"))
        var short: LocalizedName?
        switch (table.table["short_name_zh"], table.table["short_name_en"]) {
        case (nil, nil): short = nil
        case (_?, _?): short = LocalizedName(zh: try table.text("short_name_zh"), en: try table.text("short_name_en"))
        case (nil, _?): throw table.error("short_name_zh", "missing: give the short name in both languages, or neither")
        case (_?, nil): throw table.error("short_name_en", "missing: give the short name in both languages, or neither")
        }
        let phone = try table.optional("phone", "a string", ConfigTableReader.string)
        if let phone, phone.allSatisfy(\.isWhitespace) || phone.count > 40 {
            throw table.error("phone", "must be a telephone number of at most 40 characters")
        }
        return BureauLink(
            postgresURL: url, hallID: id, address: address, shortName: short, phone: phone,
            batchEvents: try table.integer("batch_events", in: 1...50_000, or: 2000))
    }
}
