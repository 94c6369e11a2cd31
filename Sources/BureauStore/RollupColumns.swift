import HallCore
import PostgresClient

/// The counters of the bureau's rollup tables, as in the halls' own (a ``Tally``): how a batch of rollups is sent as
/// array parameters and added in one statement, and how summed rows are read back.
enum RollupColumns {
    /// Counter columns in table order, with their SQL type.
    static let counters: [(name: String, type: String)] =
        [("arrivals", "integer"), ("calls", "integer"), ("served", "integer"), ("no_shows", "integer"), ("cancelled", "integer")]
        + [("wait_sum", "double precision"), ("wait_count", "integer"), ("service_sum", "double precision"), ("service_count", "integer")]
        + (0...Tally.waitBucketBounds.count).map { ("wait_b\($0)", "integer") }
        + [("ratings", "integer"), ("rating_sum", "integer"), ("dissatisfied", "integer")]

    /// One array parameter per counter, the tallies' values in order.
    static func arrays(_ tallies: [Tally]) -> [any PostgresBindable] {
        var columns: [[String]] = Array(repeating: [], count: counters.count)
        for t in tallies {
            let ints = [t.arrivals, t.calls, t.served, t.noShows, t.cancelled]
            let values: [String] =
                ints.map(String.init) + ["\(t.waitSum)", String(t.waitCount), "\(t.serviceSum)", String(t.serviceCount)]
                + t.waitBuckets.map(String.init) + [String(t.ratings), String(t.ratingSum), String(t.dissatisfied)]
            for (i, v) in values.enumerated() { columns[i].append(v) }
        }
        return columns.map { PostgresArray($0) }
    }

    /// `INSERT … SELECT $1, … FROM unnest(…) ON CONFLICT … DO UPDATE` adding a batch of rollups of one hall to `table`:
    /// `keys` are the key columns after `hall_id`, each with the array type it is sent as and the expression that
    /// makes the column from the unnested value `u.<name>`; the counters follow. The first `unique` keys (all by
    /// default) are the table's key after `hall_id`, the rest follow from them; every key appears once in a batch.
    static func upsert(table: String, keys: [(name: String, arrayType: String, value: String)], unique: Int? = nil) -> String {
        let keyNames = keys.map(\.name)
        let all = keyNames + counters.map(\.name)
        var parameter = 1
        var arrays: [String] = []
        for type in keys.map(\.arrayType) + counters.map({ "\($0.type)[]" }) {
            parameter += 1
            arrays.append("$\(parameter)::\(type)")
        }
        let aliases = (keyNames + counters.map(\.name)).map { "k_" + $0.replacingOccurrences(of: "\"", with: "") }
        let values =
            keys.enumerated().map { i, key in key.value.replacingOccurrences(of: "u.value", with: "u.\(aliases[i])") }
            + counters.indices.map { "u.\(aliases[keys.count + $0])" }
        let updates = counters.map { "\($0.name) = \(table).\($0.name) + excluded.\($0.name)" }.joined(separator: ", ")
        return "INSERT INTO \(table) (hall_id, \(all.joined(separator: ", "))) SELECT $1, \(values.joined(separator: ", "))"
            + " FROM unnest(\(arrays.joined(separator: ", "))) AS u(\(aliases.joined(separator: ", ")))"
            + " ON CONFLICT (hall_id, \(keyNames.prefix(unique ?? keyNames.count).joined(separator: ", "))) DO UPDATE SET \(updates)"
    }

    /// The counter columns' names, as a list for SQL.
    static let list = counters.map(\.name).joined(separator: ", ")

    /// `SUM(c) AS c` for every counter, for queries that add rollups up.
    static let sums = counters.map { "SUM(\($0.name)) AS \($0.name)" }.joined(separator: ", ")

    /// The counters of a row of sums (NULL sums, from no rows, read as zero).
    static func tally(_ row: PostgresRow) throws -> Tally {
        func int(_ name: String) throws -> Int { try row.optionalInt(name) ?? 0 }
        func double(_ name: String) throws -> Double { try row.optionalDouble(name) ?? 0 }
        var t = Tally()
        t.arrivals = try int("arrivals")
        t.calls = try int("calls")
        t.served = try int("served")
        t.noShows = try int("no_shows")
        t.cancelled = try int("cancelled")
        t.waitSum = try double("wait_sum")
        t.waitCount = try int("wait_count")
        t.serviceSum = try double("service_sum")
        t.serviceCount = try int("service_count")
        t.waitBuckets = try (0...Tally.waitBucketBounds.count).map { try int("wait_b\($0)") }
        t.ratings = try int("ratings")
        t.ratingSum = try int("rating_sum")
        t.dissatisfied = try int("dissatisfied")
        return t
    }
}
