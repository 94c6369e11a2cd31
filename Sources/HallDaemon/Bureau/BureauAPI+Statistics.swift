import BureauStore
import Foundation
import HTTPServer
import HallCore

/// The query of the bureau's statistics and heatmap: hall days `from`…`to` (default: the 7 days to today),
/// `halls` (comma-separated ids; default: all) and, for the heatmap, `service`.
struct StatsQuery: Sendable {
    var from: String
    var to: String
    var halls: [String]?
    var service: String?

    /// Longest range one query may cover.
    static let maxDays = 731

    init(_ query: [String: String], api: BureauAPI, today: String = StatsQuery.utcDay(Date())) throws {
        to = query["to"] ?? today
        from = query["from"] ?? HallDays.adding(-6, to: to) ?? to
        for (name, day) in [("from", from), ("to", to)] where !HallDays.isValid(day) {
            throw APIError.badRequest("\(name) must be a day written yyyy-MM-dd", code: "invalid_field")
        }
        guard let days = HallDays.count(from: from, to: to), days >= 1 else {
            throw APIError.badRequest("from must not be after to", code: "invalid_field")
        }
        guard days <= Self.maxDays else { throw APIError.badRequest("at most \(Self.maxDays) days at once", code: "invalid_field") }
        if let list = query["halls"] {
            let ids = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard !ids.isEmpty, ids.count <= 500, ids.allSatisfy(BureauLink.isValidHallID) else {
                throw APIError.badRequest("halls must be hall ids separated by commas", code: "invalid_field")
            }
            let known = try api.reader.hallIDs()
            if let unknown = ids.first(where: { !known.contains($0) }) {
                throw APIError(404, "unknown_hall", "the bureau has no hall \"\(unknown)\"")
            }
            halls = Array(Set(ids)).sorted()
        }
        if let service = query["service"] {
            guard BureauAPI.isServiceCode(service) else {
                throw APIError.badRequest("service must be a service code of one or two capital letters", code: "invalid_field")
            }
            self.service = service
        }
    }

    static func utcDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }
}

/// Counters summed over a set of rollups, with the means and shares the halls' own statistics give.
struct TallyView: Encodable, Sendable {
    var issued: Int
    var called: Int
    var served: Int
    var noShows: Int
    var cancelled: Int
    @Nullable var meanWaitSeconds: Int?
    @Nullable var meanServiceSeconds: Int?
    /// Calls by wait: < 5, 10, 15, 20, 30, 45, 60 minutes, and longer.
    var waitHistogram: [Int]
    var ratings: Int
    @Nullable var meanRating: Double?
    var dissatisfied: Int

    init(_ t: Tally) {
        issued = t.arrivals
        called = t.calls
        served = t.served
        noShows = t.noShows
        cancelled = t.cancelled
        meanWaitSeconds = t.waitCount > 0 ? Int((t.waitSum / Double(t.waitCount)).rounded()) : nil
        meanServiceSeconds = t.serviceCount > 0 ? Int((t.serviceSum / Double(t.serviceCount)).rounded()) : nil
        waitHistogram = t.waitBuckets
        ratings = t.ratings
        meanRating = t.ratings > 0 ? (Double(t.ratingSum) / Double(t.ratings) * 100).rounded() / 100 : nil
        dissatisfied = t.dissatisfied
    }
}

/// `GET /api/bureau/stats`.
struct BureauStatsView: Encodable, Sendable {
    struct Service: Encodable, Sendable {
        var service: String
        var totals: TallyView
    }
    struct Hall: Encodable, Sendable {
        var hallID: String
        var totals: TallyView
        var services: [Service]
    }
    var from: String
    var to: String
    var totals: TallyView
    var services: [Service]
    var halls: [Hall]
}

/// `GET /api/bureau/heatmap`: arrivals and mean wait per hall-local weekday and hour.
struct BureauHeatmapView: Encodable, Sendable {
    struct Cell: Encodable, Sendable {
        var weekday: Int
        var hour: Int
        var issued: Int
        @Nullable var meanWaitSeconds: Int?
    }
    var from: String
    var to: String
    @Nullable var service: String?
    var cells: [Cell]
}

extension BureauAPI {
    func statistics(_ q: StatsQuery) throws -> BureauStatsView {
        let rows = try reader.statistics(from: q.from, to: q.to, halls: q.halls)
        let byHall = Dictionary(grouping: rows, by: \.hallID)
        let halls = byHall.keys.sorted().map { id in
            let services = byHall[id]!.sorted { $0.service < $1.service }
            return BureauStatsView.Hall(
                hallID: id, totals: TallyView(services.map(\.tally).reduce(Tally(), +)),
                services: services.map { BureauStatsView.Service(service: $0.service, totals: TallyView($0.tally)) })
        }
        let byService = Dictionary(grouping: rows, by: \.service)
        return BureauStatsView(
            from: q.from, to: q.to, totals: TallyView(rows.map(\.tally).reduce(Tally(), +)),
            services: byService.keys.sorted().map {
                BureauStatsView.Service(service: $0, totals: TallyView(byService[$0]!.map(\.tally).reduce(Tally(), +)))
            },
            halls: halls)
    }

    /// The statistics as CSV: one line per hall and service.
    func statisticsCSV(_ q: StatsQuery) throws -> HTTPReply {
        var out =
            "hall_id,service,issued,called,served,no_shows,cancelled,mean_wait_seconds,mean_service_seconds,ratings,mean_rating,dissatisfied\r\n"
        for row in try reader.statistics(from: q.from, to: q.to, halls: q.halls) {
            let t = TallyView(row.tally)
            let cells: [String] = [
                row.hallID, row.service, "\(t.issued)", "\(t.called)", "\(t.served)", "\(t.noShows)", "\(t.cancelled)",
                t.meanWaitSeconds.map(String.init) ?? "", t.meanServiceSeconds.map(String.init) ?? "", "\(t.ratings)",
                t.meanRating.map { "\($0)" } ?? "", "\(t.dissatisfied)",
            ]
            out += cells.joined(separator: ",") + "\r\n"
        }
        return .response(
            HTTPResponse(
                status: 200,
                headers: [
                    ("Content-Type", "text/csv; charset=utf-8"), ("Cache-Control", "no-store"),
                    ("Content-Disposition", "attachment; filename=\"bureau-stats-\(q.from)-\(q.to).csv\""),
                ], body: Array(out.utf8)))
    }

    func heatmap(_ q: StatsQuery) throws -> BureauHeatmapView {
        let cells = try reader.heatmap(from: q.from, to: q.to, halls: q.halls, service: q.service).map { c in
            BureauHeatmapView.Cell(
                weekday: c.weekday, hour: c.hour, issued: c.tally.arrivals,
                meanWaitSeconds: c.tally.waitCount > 0 ? Int((c.tally.waitSum / Double(c.tally.waitCount)).rounded()) : nil)
        }
        return BureauHeatmapView(from: q.from, to: q.to, service: q.service, cells: cells)
    }
}
