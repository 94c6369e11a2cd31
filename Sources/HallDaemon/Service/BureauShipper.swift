import BureauStore
import Foundation
import HallCore
import HallStore
import Locking
import Logging
import PostgresClient

/// Ships the hall's journal to the bureau's PostgreSQL (`[bureau]` in the configuration), in order and exactly once
/// (see ``HallShipping``), with the hall's live status beside it. It runs on a ticker of its own and reads the journal
/// through the store's readers, never the committer, so a slow or absent bureau costs the hall nothing: it only falls
/// behind, backs off (1 s, 2 s, 4 s … 30 s) and catches up from the last row the bureau holds when it can connect
/// again — after a restart of the daemon, of PostgreSQL or of the network alike.
final class BureauShipper: Sendable {
    /// How far behind the bureau is, for `/metrics` and the dashboard.
    struct Lag: Sendable {
        var hallID: String
        var connected: Bool
        /// The newest row the bureau confirmed holding; nil before the first contact since the daemon started.
        var shippedSeq: Int64?
        var hallSeq: Int64
        /// Rows the hall has that the bureau is not known to hold.
        var events: Int64 { max(0, hallSeq - (shippedSeq ?? 0)) }
        /// The age of the oldest row not yet shipped (0 when all are).
        var seconds: Double
        var lastError: String?
    }

    private struct State {
        var link: HallShipping?
        var shippedSeq: Int64?
        var hallSeq: Int64 = 0
        var oldestUnshippedAt: Date?
        var failures = 0
        var retryAt = Date.distantPast
        var lastError: String?
        var connected = false
        var statusSentAt = Date.distantPast
        var stopping = false
    }

    let link: BureauLink
    let service: HallService
    let logger: Logger
    let settings: PostgresSettings
    /// Seconds between two heartbeats of the hall's status while its journal has nothing new.
    let heartbeatSeconds: Double
    private let ticker: Ticker
    /// A leaf lock: held only to read or update the shipper's own state, never while talking to either database.
    private let state = Locked(State())

    init(link: BureauLink, service: HallService, logger: Logger, every seconds: Double = 0.5, heartbeatSeconds: Double = 5) throws {
        self.link = link
        self.service = service
        self.logger = logger
        self.heartbeatSeconds = heartbeatSeconds
        settings = try PostgresSettings(link.postgresURL, applicationName: "hallq-\(link.hallID)")
        ticker = Ticker(name: "bureau", interval: seconds, firstAfter: 0)
    }

    /// How far behind the bureau is now.
    var lag: Lag {
        let now = service.clock()
        return state.read { s in
            Lag(
                hallID: link.hallID, connected: s.connected, shippedSeq: s.shippedSeq,
                hallSeq: s.hallSeq, seconds: s.oldestUnshippedAt.map { max(0, now.timeIntervalSince($0)) } ?? 0, lastError: s.lastError)
        }
    }

    private func tick() {
        let (waitUntil, stopping) = state.read { ($0.retryAt, $0.stopping) }
        guard !stopping else { return }
        if Date() < waitUntil {
            measure()
            return
        }
        let taken = state.withLock { s -> HallShipping? in
            defer { s.link = nil }
            return s.link
        }
        do {
            let shipping = try taken ?? connect()
            try catchUp(shipping)
            state.withLock { s in
                s.link = s.stopping ? nil : shipping
                s.failures = 0
                s.lastError = nil
                s.connected = true
            }
        } catch {
            let (failures, delay) = state.withLock { s -> (Int, Double) in
                s.failures += 1
                s.connected = false
                let delay = min(30, pow(2, Double(s.failures - 1)))
                s.retryAt = Date() + delay
                s.lastError = "\(error)"
                return (s.failures, delay)
            }
            if failures == 1 || failures % 10 == 0 {
                logger.warning("bureau: cannot ship the journal (attempt \(failures), next in \(Int(delay)) s; the hall goes on): \(error)")
            }
        }
        measure()
    }

    private func connect() throws -> HallShipping {
        let shipping = try HallShipping(settings: settings, profile: HallProfile(config: service.config, link: link))
        let own = try service.store.lastEventSeq()
        guard shipping.shippedSeq <= own else {
            throw BureauError.journalBehindBureau(hallID: link.hallID, bureauSeq: shipping.shippedSeq, hallSeq: own)
        }
        logger.notice("bureau: connected to \(settings) as hall \(link.hallID); it holds the journal up to \(shipping.shippedSeq) of \(own)")
        state.withLock { $0.shippedSeq = shipping.shippedSeq }
        return shipping
    }

    /// Ships batches until the bureau holds the whole journal (or the shipper is stopping); sends the status with each
    /// batch, and alone as a heartbeat when there is nothing new.
    private func catchUp(_ shipping: HallShipping) throws {
        while !state.read(\.stopping) {
            let rows = try service.store.events(after: shipping.shippedSeq, limit: link.batchEvents)
            let heartbeatDue = state.read { Date().timeIntervalSince($0.statusSentAt) >= heartbeatSeconds }
            guard !rows.isEmpty || heartbeatDue else { return }
            let status = try currentStatus()
            try shipping.ship(rows, status: status)
            state.withLock { s in
                s.shippedSeq = shipping.shippedSeq
                s.statusSentAt = Date()
            }
            if rows.count < link.batchEvents { return }
        }
    }

    /// The hall's lines, windows and alerts now, for the bureau's dashboard and hall finder.
    private func currentStatus() throws -> HallStatus {
        let alerts = try service.store.activeAlerts()
        let seq = try service.store.lastEventSeq()
        return service.read { hall in
            let now = service.clock()
            let snapshot = hall.snapshot(now: now)
            let lines = snapshot.services.map { line in
                HallStatus.Line(
                    service: line.code, waiting: line.waiting, longestWaitSeconds: line.waiting > 0 ? Int(line.longestWaitSeconds) : 0,
                    estimatedWaitSeconds: service.estimator.estimate(position: line.waiting + 1, service: line.code, hall: hall))
            }
            let windows = snapshot.windows.map {
                HallStatus.Window(number: $0.state.number, status: $0.state.status.rawValue, officer: $0.state.officer)
            }
            let acknowledged = alerts.filter { $0.state == .acknowledged }.count
            return HallStatus(
                hallTime: now, hallSeq: seq, lines: lines, windows: windows, openAlerts: alerts.count - acknowledged, acknowledgedAlerts: acknowledged
            )
        }
    }

    /// Reads how far the hall's journal goes and how old its oldest row not yet shipped is.
    private func measure() {
        do {
            let hallSeq = try service.store.lastEventSeq()
            let shipped = state.read(\.shippedSeq) ?? 0
            let oldest = hallSeq > shipped ? try service.store.events(after: shipped, limit: 1).first?.at : nil
            state.withLock { s in
                s.hallSeq = hallSeq
                s.oldestUnshippedAt = oldest
            }
        } catch {
            logger.warning("bureau: cannot read the journal's end: \(error)")
        }
    }
}

extension BureauShipper: DaemonPart {
    var partName: String { "bureau shipper" }
    func start() { ticker.start { [weak self] in self?.tick() } }

    func stop(before deadline: Date) -> Bool {
        state.withLock { $0.stopping = true }
        let stopped = ticker.stop(before: deadline)
        state.withLock { $0.link = nil }
        return stopped
    }
}

extension BureauShipper.Lag {
    /// The dashboard's view of it (seconds to the millisecond).
    var view: DashboardView.Bureau {
        DashboardView.Bureau(
            hallID: hallID, connected: connected, shippedSeq: shippedSeq, hallSeq: hallSeq, lagEvents: events,
            lagSeconds: (seconds * 1000).rounded() / 1000, lastError: lastError)
    }
}
