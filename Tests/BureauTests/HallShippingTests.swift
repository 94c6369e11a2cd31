import BureauStore
import Foundation
import HallCore
import HallStore
import HallTesting
import PostgresClient
import Testing

@Suite("Shipping a hall's journal", .enabled(if: TestPostgres.isAvailable, "PostgreSQL's server programs are not installed (make deps)"))
struct HallShippingTests {
    @Test("rows arrive in order and exactly once, however the batches overlap or repeat, and rollups count each once")
    func exactlyOnce() throws {
        let (postgres, settings) = try bureauDatabase()
        defer { postgres.remove() }
        let shipping = try HallShipping(settings: settings, profile: try demoProfile())
        #expect(shipping.shippedSeq == 0)
        #expect(try shipping.ship(journal(1...30)) == 30)
        #expect(try shipping.ship(journal(1...30)) == 0)
        #expect(try shipping.ship(journal(20...45)) == 15)
        #expect(shipping.shippedSeq == 45)
        let seqs = try postgres.psql("SELECT string_agg(seq::text, ',' ORDER BY seq) FROM bureau_events WHERE hall_id = 'haidian-1'")
        #expect(seqs == (1...45).map(String.init).joined(separator: ","))
        #expect(try postgres.psql("SELECT last_seq || '/' || events FROM bureau_progress WHERE hall_id = 'haidian-1'") == "45/45")
        // 15 tickets issued, called after 300 s and finished: the rollups hold each once.
        #expect(
            try postgres.psql("SELECT SUM(arrivals) || '/' || SUM(calls) || '/' || SUM(served) || '/' || SUM(wait_sum) FROM bureau_hour_rollups")
                == "15/15/15/4500")
        #expect(try postgres.psql("SELECT SUM(arrivals) || '/' || SUM(served) FROM bureau_hall_days") == "15/15")
        #expect(try postgres.psql("SELECT SUM(served) FROM bureau_day_rollups WHERE officer = 'zhang'") == "15")
    }

    @Test("a new link resumes after the last row the bureau holds; two links of one hall never duplicate a row")
    func resumes() throws {
        let (postgres, settings) = try bureauDatabase()
        defer { postgres.remove() }
        try HallShipping(settings: settings, profile: try demoProfile()).ship(journal(1...10))
        let again = try HallShipping(settings: settings, profile: try demoProfile())
        #expect(again.shippedSeq == 10)
        let other = try HallShipping(settings: settings, profile: try demoProfile())
        #expect(try again.ship(journal(1...20)) == 10)
        #expect(try other.ship(journal(5...24)) == 4)
        #expect(try postgres.psql("SELECT count(*) || '/' || count(DISTINCT seq) || '/' || max(seq) FROM bureau_events") == "24/24/24")
    }

    @Test("halls are kept apart by their id")
    func hallsApart() throws {
        let (postgres, settings) = try bureauDatabase()
        defer { postgres.remove() }
        try HallShipping(settings: settings, profile: try demoProfile(hallID: "a")).ship(journal(1...9))
        try HallShipping(settings: settings, profile: try demoProfile(hallID: "b")).ship(journal(1...6))
        #expect(
            try postgres.psql(
                "SELECT string_agg(hall_id || ':' || n, ',' ORDER BY hall_id) FROM (SELECT hall_id, count(*) n FROM bureau_events GROUP BY 1) x")
                == "a:9,b:6")
    }

    @Test("rows out of order are refused whole; without the bureau's schema a hall refuses to ship")
    func refusals() throws {
        let (postgres, settings) = try bureauDatabase()
        defer { postgres.remove() }
        let shipping = try HallShipping(settings: settings, profile: try demoProfile())
        #expect(throws: BureauError.self) { try shipping.ship(journal(4...6) + journal(1...3)) }
        #expect(try postgres.psql("SELECT count(*) FROM bureau_events") == "0")
        try postgres.psql("CREATE DATABASE empty")
        let empty = try PostgresSettings(postgres.url.replacingOccurrences(of: "/bureau", with: "/empty"))
        #expect(throws: BureauError.self) { try HallShipping(settings: empty, profile: try demoProfile()) }
    }

    @Test("migrations apply once: a second run applies none")
    func migrationsOnce() throws {
        let (postgres, settings) = try bureauDatabase()
        defer { postgres.remove() }
        let db = try PostgresConnection(settings)
        #expect(try BureauSchema.migrate(db) == 0)
        #expect(try BureauSchema.installedVersion(db) == BureauSchema.version)
    }
}
