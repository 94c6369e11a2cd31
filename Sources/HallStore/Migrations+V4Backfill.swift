import Foundation
import GRDB

extension Migrations {
    /// What `v4-day-rollups` does to a database that has history: fills `day_rollups` from the journal. The hall day
    /// of each journal row is taken from the hour rollup it was counted in, so no time zone is needed.
    ///
    /// Frozen as the migration was written: it reads the journal, counts and writes with its own copies of the
    /// counting rules, of the journal's details format and of that version's columns, so no later change to the
    /// domain or to how the store reads rows can change what this migration does to a database.
    static func backfillDayRollupsV4(_ db: Database) throws {
        var hourDays: [(start: Int64, day: String)] = []
        for row in try Row.fetchAll(db, sql: "SELECT DISTINCT hour_start_ms, day FROM hour_rollups ORDER BY hour_start_ms") {
            hourDays.append((row["hour_start_ms"], row["day"]))
        }
        guard !hourDays.isEmpty else { return }
        func day(of atMillis: Int64) -> String? {
            let ms = V4.roundTrip(atMillis)
            var (lo, hi) = (0, hourDays.count)
            while lo < hi {
                let mid = (lo + hi) / 2
                if hourDays[mid].start <= ms { lo = mid + 1 } else { hi = mid }
            }
            guard lo > 0, ms < hourDays[lo - 1].start + 3_600_000 else { return nil }
            return hourDays[lo - 1].day
        }
        var after: Int64 = 0
        while true {
            let page = try Row.fetchAll(db, sql: "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [after, 50_000])
            guard let last = page.last else { break }
            var byKey: [V4.Key: V4.Counters] = [:]
            for row in page {
                let kind: String = row["kind"]
                guard let service: String = row["service"], V4.counts(kind: kind), let d = day(of: row["at_ms"]) else { continue }
                let attributed = V4.belongsToWindow(kind: kind)
                let key = V4.Key(
                    day: d, window: attributed ? (row["window"] as Int?) ?? 0 : 0, officer: attributed ? (row["officer"] as String?) ?? "" : "",
                    service: service)
                byKey[key, default: V4.Counters()].add(kind: kind, details: V4.details(row["details"]))
            }
            let upsert = try db.cachedStatement(sql: V4.upsertSQL)
            for (key, c) in byKey {
                var values: [(any DatabaseValueConvertible)?] = [key.day, key.window, key.officer, key.service]
                values += [c.arrivals, c.calls, c.served, c.noShows, c.cancelled, c.waitSum, c.waitCount, c.serviceSum, c.serviceCount]
                values += c.waitBuckets.map { $0 as (any DatabaseValueConvertible)? }
                values += [c.ratings, c.ratingSum, c.dissatisfied]
                try upsert.execute(arguments: StatementArguments(values))
            }
            after = last["seq"]
        }
    }
}

/// The v4 backfill's own copies of what it needs; never to be changed or shared.
private enum V4 {
    struct Key: Hashable {
        var day: String
        var window: Int
        var officer: String
        var service: String
    }

    static let waitBucketBounds: [Double] = [5, 10, 15, 20, 30, 45, 60]
    static let dissatisfiedAtOrBelow = 2
    static let counters =
        ["arrivals", "calls", "served", "no_shows", "cancelled", "wait_sum", "wait_count", "service_sum", "service_count"]
        + (0...7).map { "wait_b\($0)" } + ["ratings", "rating_sum", "dissatisfied"]
    static let upsertSQL: String = {
        let columns = ["day", "\"window\"", "officer", "service"] + counters
        let updates = counters.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO day_rollups(\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
            + " ON CONFLICT(day, \"window\", officer, service) DO UPDATE SET \(updates)"
    }()

    /// Instants as the store then read and compared them: through `Date` and back to milliseconds.
    static func roundTrip(_ ms: Int64) -> Int64 {
        Int64((Date(timeIntervalSince1970: Double(ms) / 1000).timeIntervalSince1970 * 1000).rounded())
    }

    static func counts(kind: String) -> Bool { kind == "rating.given" || kind.hasPrefix("ticket.") }

    static func belongsToWindow(kind: String) -> Bool { kind != "ticket.issued" && kind != "ticket.cancelled" }

    struct Counters {
        var arrivals = 0
        var calls = 0
        var served = 0
        var noShows = 0
        var cancelled = 0
        var waitSum = 0.0
        var waitCount = 0
        var waitBuckets = [Int](repeating: 0, count: 8)
        var serviceSum = 0.0
        var serviceCount = 0
        var ratings = 0
        var ratingSum = 0
        var dissatisfied = 0

        mutating func add(kind: String, details: [String: String]) {
            switch kind {
            case "ticket.issued": arrivals += 1
            case "ticket.called":
                calls += 1
                if let wait = details["wait"].flatMap(Double.init) {
                    waitSum += wait
                    waitCount += 1
                    waitBuckets[waitBucketBounds.firstIndex { wait < $0 * 60 } ?? waitBucketBounds.count] += 1
                }
            case "ticket.finished":
                served += 1
                if let s = details["service"].flatMap(Double.init) {
                    serviceSum += s
                    serviceCount += 1
                }
            case "ticket.noShow": noShows += 1
            case "ticket.cancelled": cancelled += 1
            case "rating.given":
                if let score = details["score"].flatMap(Int.init) {
                    ratings += 1
                    ratingSum += score
                    if score <= dissatisfiedAtOrBelow { dissatisfied += 1 }
                }
            default: break
            }
        }
    }

    /// A journal row's details as the store then read them: anything but a JSON object of strings counted as none.
    static func details(_ text: String?) -> [String: String] {
        guard let text, !text.isEmpty else { return [:] }
        if let simple = simpleDetails(text) { return simple }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]) ?? [:]
    }

    /// `{"k":"v",…}` whose strings have no escapes; nil for anything else.
    static func simpleDetails(_ text: String) -> [String: String]? {
        var utf8 = Array(text.utf8)[...]
        guard utf8.first == UInt8(ascii: "{"), utf8.last == UInt8(ascii: "}") else { return nil }
        utf8 = utf8.dropFirst().dropLast()
        var result: [String: String] = [:]
        func string() -> String? {
            guard utf8.first == UInt8(ascii: "\"") else { return nil }
            utf8 = utf8.dropFirst()
            guard let end = utf8.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            let value = utf8[utf8.startIndex..<end]
            guard !value.contains(UInt8(ascii: "\\")) else { return nil }
            utf8 = utf8[(end + 1)...]
            return String(decoding: value, as: UTF8.self)
        }
        while !utf8.isEmpty {
            guard let key = string(), utf8.first == UInt8(ascii: ":") else { return nil }
            utf8 = utf8.dropFirst()
            guard let value = string() else { return nil }
            result[key] = value
            if utf8.first == UInt8(ascii: ",") { utf8 = utf8.dropFirst() } else if !utf8.isEmpty { return nil }
        }
        return result
    }
}
