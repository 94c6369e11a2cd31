import CoreMetrics
import Foundation
import HallCore
import Locking
import Prometheus

/// The daemon's metrics, recorded through swift-metrics into a Prometheus registry of this daemon's own and exposed
/// at `GET /metrics` in the Prometheus text format.
///
/// Every series is created at start from what the daemon knows (its routes, the hall's services), so no request can
/// add one: a path the router does not know is counted as route `unknown` (API) or `static` (files), and a method
/// outside the usual few as `other`. Recording is lock-free for counters and takes one route's and one series' own
/// lock for a request's duration, never a lock shared by all requests.
public final class HallMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// Request durations by route pattern (`static` and `unknown` included), each route's series made on first use.
    private let requests: [String: RouteSeries]
    private let issued: [String: CoreMetrics.Counter]
    private let served: [String: CoreMetrics.Counter]
    private let noShows: [String: CoreMetrics.Counter]
    private let ratings: [CoreMetrics.Counter]
    private let commitSize: CoreMetrics.Recorder
    private let commitTime: CoreMetrics.Timer
    private let streamsDropped: CoreMetrics.Counter
    private let waiting: [String: CoreMetrics.Gauge]
    private let openWindows: CoreMetrics.Gauge
    private let subscribers: CoreMetrics.Gauge
    private let outbox: [String: CoreMetrics.Gauge]
    private let alertsOpen: [String: CoreMetrics.Gauge]
    /// The bureau's lag (rows, seconds) and whether it is reachable; nil when the hall ships to no bureau.
    private let bureau: (events: CoreMetrics.Gauge, seconds: CoreMetrics.Gauge, connected: CoreMetrics.Gauge)?

    static let methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    static let outboxStates = ["pending", "delivered", "dead"]

    /// Series for `routes` (method and pattern), the hall's `services` and alert `alertKinds`.
    init(routes: [(method: String, pattern: String)], services: [String], alertKinds: [String], shipsToBureau: Bool = false) {
        var factory = PrometheusMetricsFactory(registry: registry)
        let seconds: [Duration] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10].map { .milliseconds($0 * 1000) }
        factory.durationHistogramBuckets = ["hallq_http_request_duration_seconds": seconds, "hallq_commit_duration_seconds": seconds]
        factory.valueHistogramBuckets = ["hallq_commit_batch_size": [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]]
        self.factory = factory
        let patterns = Set(routes.map(\.pattern)).union(["static", "unknown"])
        requests = Dictionary(uniqueKeysWithValues: patterns.map { ($0, RouteSeries(route: $0, factory: factory)) })
        func perService(_ label: String) -> [String: CoreMetrics.Counter] {
            Dictionary(
                uniqueKeysWithValues: services.map { ($0, CoreMetrics.Counter(label: label, dimensions: [("service", $0)], factory: factory)) })
        }
        issued = perService("hallq_tickets_issued_total")
        served = perService("hallq_tickets_served_total")
        noShows = perService("hallq_tickets_no_show_total")
        ratings = (1...5).map { CoreMetrics.Counter(label: "hallq_ratings_total", dimensions: [("score", String($0))], factory: factory) }
        commitSize = CoreMetrics.Recorder(label: "hallq_commit_batch_size", aggregate: true, factory: factory)
        commitTime = CoreMetrics.Timer(label: "hallq_commit_duration_seconds", factory: factory)
        streamsDropped = CoreMetrics.Counter(label: "hallq_sse_dropped_total", factory: factory)
        waiting = Dictionary(
            uniqueKeysWithValues: services.map { ($0, CoreMetrics.Gauge(label: "hallq_waiting", dimensions: [("service", $0)], factory: factory)) })
        openWindows = CoreMetrics.Gauge(label: "hallq_open_windows", factory: factory)
        subscribers = CoreMetrics.Gauge(label: "hallq_sse_subscribers", factory: factory)
        outbox = Dictionary(
            uniqueKeysWithValues: Self.outboxStates.map {
                ($0, CoreMetrics.Gauge(label: "hallq_outbox_notifications", dimensions: [("state", $0)], factory: factory))
            })
        alertsOpen = Dictionary(
            uniqueKeysWithValues: alertKinds.map { ($0, CoreMetrics.Gauge(label: "hallq_alerts_open", dimensions: [("kind", $0)], factory: factory)) }
        )
        bureau =
            shipsToBureau
            ? (
                CoreMetrics.Gauge(label: "hallq_bureau_lag_events", factory: factory),
                CoreMetrics.Gauge(label: "hallq_bureau_lag_seconds", factory: factory),
                CoreMetrics.Gauge(label: "hallq_bureau_connected", factory: factory)
            ) : nil
    }

    /// Series for the daemon's routes and `hall`'s services.
    convenience init(hall: HallConfig) {
        self.init(
            routes: HallAPI.routeTable, services: hall.services.map(\.code), alertKinds: AlertKind.allCases.map(\.rawValue),
            shipsToBureau: hall.bureau != nil)
    }

    /// One answered request, counted under its route's pattern (`static`, `unknown`: never the raw path) and its
    /// method (`other` when unusual).
    func request(pattern: String, method: String, status: Int, nanoseconds: UInt64) {
        let series = requests[pattern] ?? requests["unknown"]!
        let m = Self.methods.firstIndex(of: method) ?? Self.methods.count
        series.timer(method: m, statusClass: min(max(status / 100, 1), 5)).recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// Committed changes: tickets issued, served and missed per service.
    func committed(_ events: [HallEvent], seconds: Double) {
        commitSize.record(events.count)
        commitTime.recordNanoseconds(Int64(seconds * 1e9))
        for event in events {
            guard let service = event.ticket?.service else { continue }
            switch event.kind {
            case .ticketIssued: issued[service]?.increment()
            case .ticketFinished: served[service]?.increment()
            case .ticketNoShow: noShows[service]?.increment()
            default: break
            }
        }
    }

    func rating(score: Int) { if (1...5).contains(score) { ratings[score - 1].increment() } }

    func streamDropped() { streamsDropped.increment() }

    /// The exposition, with the gauges read now.
    func exposition(
        waiting counts: [String: Int], openWindows open: Int, subscribers streams: Int, outbox states: [String: Int], alerts: [String: Int],
        bureau lag: BureauShipper.Lag? = nil
    )
        -> [UInt8]
    {
        for (service, gauge) in waiting { gauge.record(counts[service, default: 0]) }
        openWindows.record(open)
        subscribers.record(streams)
        for (state, gauge) in outbox { gauge.record(states[state, default: 0]) }
        for (kind, gauge) in alertsOpen { gauge.record(alerts[kind, default: 0]) }
        if let bureau, let lag {
            bureau.events.record(Int(lag.events))
            bureau.seconds.record(lag.seconds)
            bureau.connected.record(lag.connected ? 1 : 0)
        }
        return registry.emitToBuffer()
    }
}

/// One route's request-duration series, one per method and status class seen so far.
private final class RouteSeries: Sendable {
    let route: String
    let factory: PrometheusMetricsFactory
    /// The series made so far (a leaf lock, one per route).
    private let timers = Locked<[Int: CoreMetrics.Timer]>([:])

    init(route: String, factory: PrometheusMetricsFactory) {
        (self.route, self.factory) = (route, factory)
    }

    /// The series of method `m` (an index into ``HallMetrics/methods``, past its end for `other`) and status class `n`
    /// (1 … 5), made the first time it is needed.
    func timer(method m: Int, statusClass n: Int) -> CoreMetrics.Timer {
        timers.withLock { timers in
            if let timer = timers[m * 8 + n] { return timer }
            let method = m < HallMetrics.methods.count ? HallMetrics.methods[m] : "other"
            let timer = CoreMetrics.Timer(
                label: "hallq_http_request_duration_seconds", dimensions: [("method", method), ("route", route), ("status", "\(n)xx")],
                factory: factory)
            timers[m * 8 + n] = timer
            return timer
        }
    }
}
