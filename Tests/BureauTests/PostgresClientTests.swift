import Foundation
import HallTesting
import PostgresClient
import Testing

@Suite("PostgreSQL client", .enabled(if: TestPostgres.isAvailable, "PostgreSQL's server programs are not installed (make deps)"))
struct PostgresClientTests {
    @Test("values travel as parameters, never as SQL: quotes, NULL, Unicode and arrays come back as sent")
    func parameters() throws {
        let postgres = try TestPostgres.start()
        defer { postgres.remove() }
        let db = try PostgresConnection(try PostgresSettings(postgres.url))
        let tricky = "x'); DROP TABLE t; --\"\\ 办税"
        let row = try db.execute("SELECT $1::text AS s, $2::bigint AS n, $3::text AS missing", [tricky, Int64(1) << 40, String?.none]).first
        #expect(try row?.string("s") == tricky)
        #expect(try row?.int64("n") == 1 << 40)
        #expect(try row?.text("missing") == nil)
        let array = try db.execute("SELECT array_length($1::text[], 1) AS n, ($1::text[])[2] AS second", [PostgresArray([tricky, "b\"c", "d\\e"])])
        #expect(try array.first?.int("n") == 3)
        #expect(try array.first?.string("second") == "b\"c")
        #expect(throws: PostgresError.self) { try db.execute("SELECT $1::text", ["a\0b"]) }
    }

    @Test("a failed statement says why with its SQLSTATE; a transaction that throws leaves nothing")
    func failures() throws {
        let postgres = try TestPostgres.start()
        defer { postgres.remove() }
        let db = try PostgresConnection(try PostgresSettings(postgres.url))
        try db.execute("CREATE TABLE t (k integer PRIMARY KEY)")
        try db.execute("INSERT INTO t VALUES (1)")
        let error = #expect(throws: PostgresError.self) { try db.execute("INSERT INTO t VALUES (1)") }
        #expect(error?.sqlState == PostgresError.uniqueViolation)
        #expect(error?.isUnavailable == false)
        _ = try? db.transaction { db in
            try db.execute("INSERT INTO t VALUES (2)")
            try db.execute("INSERT INTO t VALUES (1)")
        }
        #expect(try db.execute("SELECT count(*) AS n FROM t").first?.int("n") == 1)
    }

    @Test("the pool drops a connection the server cut and connects again once it is back")
    func poolSurvivesRestart() throws {
        let postgres = try TestPostgres.start()
        defer { postgres.remove() }
        let pool = PostgresPool(settings: try PostgresSettings(postgres.url), size: 2, waitSeconds: 5)
        #expect(try pool.withConnection { try $0.execute("SELECT 1 AS one").first?.int("one") } == 1)
        try postgres.stopServer()
        let down = #expect(throws: PostgresError.self) { try pool.withConnection { try $0.execute("SELECT 1 AS one") } }
        #expect(down?.isUnavailable == true)
        #expect(throws: PostgresError.self) { try pool.withConnection { try $0.execute("SELECT 1 AS one") } }
        try postgres.startServer()
        #expect(try pool.withConnection { try $0.execute("SELECT 2 AS two").first?.int("two") } == 2)
    }

    @Test("the throwaway cluster listens on loopback only, with its socket in its own folder, and is gone after remove")
    func throwawayCluster() throws {
        let postgres = try TestPostgres.start()
        let db = try PostgresConnection(try PostgresSettings(postgres.url))
        #expect(try db.execute("SHOW listen_addresses").first?.string("listen_addresses") == "127.0.0.1")
        #expect(try db.execute("SHOW unix_socket_directories").first?.string("unix_socket_directories").hasPrefix(postgres.directory.path) == true)
        #expect(try db.execute("SELECT current_setting('is_superuser') AS s, session_user AS u").first?.string("u") == TestPostgres.user)
        let folder = postgres.directory.path
        postgres.remove()
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(throws: PostgresError.self) { try PostgresConnection(try PostgresSettings(postgres.url)) }
    }
}
