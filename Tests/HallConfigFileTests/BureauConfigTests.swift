import HallConfigFile
import HallCore
import Testing

@Suite struct BureauConfigTests {
    static let bureau = """

        [bureau]
        postgres_url = "postgresql://hall:secret@10.0.0.9:5432/bureau"
        hall_id = "haidian-1"
        address_zh = "海淀区中关村大街 1 号"
        address_en = "1 Zhongguancun Street"
        """

    @Test func aBureauTableIsRead() throws {
        let names = "\nshort_name_zh = \"海淀一厅\"\nshort_name_en = \"Haidian 1\"\nphone = \"010-1234\"\n"
        let config = try HallConfig.parse(toml: ConfigFixtures.minimal + Self.bureau + names)
        let link = try #require(config.bureau)
        #expect(link.hallID == "haidian-1" && link.postgresURL.hasPrefix("postgresql://"))
        #expect(link.address.en == "1 Zhongguancun Street" && link.shortName?.zh == "海淀一厅" && link.phone == "010-1234")
        #expect(link.batchEvents == 2000)
        #expect(try HallConfig.parse(toml: ConfigFixtures.minimal).bureau == nil)
    }

    @Test(arguments: [
        ("postgres_url = \"postgresql://hall:secret@10.0.0.9:5432/bureau\"", "postgres_url = \"mysql://x\"", "bureau.postgres_url"),
        ("hall_id = \"haidian-1\"", "hall_id = \"Haidian 1\"", "bureau.hall_id"),
        ("address_en = \"1 Zhongguancun Street\"", "", "bureau.address_en"),
        ("address_en = \"1 Zhongguancun Street\"", "address_en = \"x\"\nshort_name_zh = \"一厅\"", "bureau.short_name_en"),
        ("address_en = \"1 Zhongguancun Street\"", "address_en = \"x\"\nbatch_events = 0", "bureau.batch_events"),
        ("address_en = \"1 Zhongguancun Street\"", "address_en = \"x\"\nhall_name = \"x\"", "bureau.hall_name"),
    ])
    func aBrokenBureauTableNamesItsKey(_ change: (String, String, String)) {
        let text = ConfigFixtures.minimal + Self.bureau.replacingOccurrences(of: change.0, with: change.1)
        do {
            _ = try HallConfig.parse(toml: text, source: "hall.toml")
            Issue.record("accepted: \(change.1)")
        } catch {
            #expect(error.key == change.2, "\(error)")
        }
    }
}
