import BureauStore
import Foundation
import HallConfigFile
import HallCore
import HallStore
import HallTesting
import PostgresClient

/// The demo hall as the bureau would know it under `hallID`.
func demoProfile(hallID: String = "haidian-1") throws -> HallProfile {
    let config = try HallConfig.load(path: TestDaemon.repositoryRoot.appendingPathComponent("config/demo-hall.toml").path)
    let link = BureauLink(postgresURL: "postgresql://unused", hallID: hallID, address: LocalizedName(zh: "海淀区 1 号", en: "1 Haidian Road"))
    return HallProfile(config: config, link: link)
}

/// A run of journal rows from `first` to `last`: a ticket of service A issued, called after `wait` seconds and
/// finished, per three rows, starting at `start`.
func journal(_ seqs: ClosedRange<Int64>, start: Date = Date(timeIntervalSince1970: 1_790_000_000), wait: Int = 300) -> [JournaledEvent] {
    seqs.map { seq in
        let n = (seq - 1) / 3
        let at = start + Double(seq * 60)
        let id = TicketID("A\(n)")
        switch (seq - 1) % 3 {
        case 0: return JournaledEvent(seq: seq, kind: "ticket.issued", at: at, ticketID: id, service: "A")
        case 1: return JournaledEvent(seq: seq, kind: "ticket.called", at: at, ticketID: id, service: "A", window: 1, details: ["wait": "\(wait)"])
        default:
            return JournaledEvent(seq: seq, kind: "ticket.finished", at: at, ticketID: id, service: "A", window: 1, officer: "zhang", details: ["service": "120"])
        }
    }
}

/// A fresh cluster with the bureau's schema applied.
func bureauDatabase() throws -> (TestPostgres, PostgresSettings) {
    let postgres = try TestPostgres.start()
    let settings = try PostgresSettings(postgres.url)
    let connection = try PostgresConnection(settings)
    try BureauSchema.migrate(connection)
    return (postgres, settings)
}
