import Foundation
import HallCore
import JSONString

/// `GET /api/heatmap`.
struct HeatmapView: Encodable, Sendable {
    struct Peak: Encodable, Sendable {
        var weekday: Int
        var hour: Int
        var value: Double
    }
    var metric: String
    var unit: String
    var title: LocalizedName
    @Nullable var service: String?
    var weeks: Int
    var firstDay: String
    var lastDay: String
    var timeZone: String
    /// Row labels, Monday first; `values[0]` is Monday.
    var weekdays: [LocalizedName]
    var values: [[Double?]]
    var open: [[Bool]]
    var daysCounted: [Int]
    @Nullable var max: Double?
    @Nullable var peak: Peak?
    var dayOfMonth: [Double?]

    init(_ h: Heatmap, timeZone: String) {
        metric = h.metric.rawValue
        unit = h.metric.unit
        title = h.metric.title
        service = h.service
        weeks = h.weeks
        firstDay = h.firstDay
        lastDay = h.lastDay
        self.timeZone = timeZone
        weekdays = Heatmap.weekdayNames
        values = h.values
        open = h.open
        daysCounted = h.daysCounted
        max = h.maxValue
        peak = h.peak.map { Peak(weekday: $0.weekday, hour: $0.hour, value: $0.value) }
        dayOfMonth = h.dayOfMonth
    }
}

/// A ``LiveComparison`` as the peak page reads it.
struct LiveView: Encodable, Sendable {
    var weekday: Int
    var hour: Int
    var open: Bool
    var waitingNow: Int
    @Nullable var usualWaiting: Double?
    var arrivalsToday: Int
    @Nullable var usualArrivalsByNow: Double?
    @Nullable var ratio: Double?
    var level: String

    init(_ c: LiveComparison) {
        weekday = c.weekday
        hour = c.hour
        open = c.open
        waitingNow = c.waitingNow
        usualWaiting = c.usualWaiting
        arrivalsToday = c.arrivalsToday
        usualArrivalsByNow = c.usualArrivalsByNow
        ratio = c.ratio
        level = c.level.rawValue
    }
}

/// One recommended hour.
struct BestTimeView: Encodable, Sendable {
    var day: String
    var weekday: Int
    var hour: Int
    var expectedWaitMinutes: Double
    var usualArrivals: Double
    var busyDay: Bool

    init(_ b: BestTime) {
        (day, weekday, hour) = (b.day, b.weekday, b.hour)
        (expectedWaitMinutes, usualArrivals, busyDay) = (b.expectedWaitMinutes, b.usualArrivals, b.busyDay)
    }
}

/// `GET /api/peak`: the public peak-time page's data.
struct PeakView: Encodable, Sendable {
    struct ServicePeak: Encodable, Sendable {
        var code: String
        var name: LocalizedName
        var live: LiveView
        var best: [BestTimeView]
        /// Whether it takes bookings, and the quietest slots that can be booked in the coming week.
        var takesBookings: Bool
        var bookable: [BookableSlotView]
    }
    var at: String
    var weeks: Int
    var firstDay: String
    var lastDay: String
    var live: LiveView
    var services: [ServicePeak]
    /// Days of the month that are usually busy (the run-up to the filing deadline).
    var busyDaysOfMonth: [Int]
}

/// `GET /api/stats` as JSON: the same columns and numbers as the CSV, keys sorted as everywhere in the API.
///
/// Written directly rather than through `JSONEncoder`: a year by day is some 4,500 values, and the encoder took a
/// third of the request's time on them.
enum StatsJSON {
    static func render(_ r: StatisticsReport) -> [UInt8] {
        var out = "{\"columns\":[" + StatisticsRow.columnNames.map(string).joined(separator: ",") + "]"
        out += ",\"daysWorked\":\(r.daysWorked),\"from\":\(string(r.from)),\"group\":\(string(r.group.rawValue)),\"rows\":["
        out += r.rows.map(row).joined(separator: ",")
        out += "],\"targetWaitMinutes\":\(number(r.targetWaitMinutes)),\"to\":\(string(r.to)),\"total\":\(row(r.total)),\"workload\":["
        out += r.workload.map { w in
            "{\"calls\":\(w.calls),\"name\":{\"en\":\(string(w.name.en)),\"zh\":\(string(w.name.zh))},\"served\":\(w.served),"
                + "\"serviceHours\":\(number(w.serviceHours)),\"shareOfServed\":\(w.shareOfServed.map(number) ?? "null"),"
                + "\"utilisation\":\(w.utilisation.map(number) ?? "null"),\"window\":\(w.window)}"
        }.joined(separator: ",")
        return Array((out + "]}").utf8)
    }

    static let sortedColumns = StatisticsRow.columnNames.enumerated().sorted { $0.element < $1.element }

    static func row(_ row: StatisticsRow) -> String {
        let values = row.values
        return "{" + sortedColumns.map { string($0.element) + ":" + value(values[$0.offset]) }.joined(separator: ",") + "}"
    }

    static func value(_ v: StatValue) -> String {
        switch v {
        case .text(let s): string(s)
        case .int(let n): String(n)
        case .number(let x): number(x)
        case .none: "null"
        }
    }

    static func number(_ x: Double) -> String { x.isFinite ? StatisticsCSV.number(x) : "null" }

    static func string(_ s: String) -> String { JSONString.quoted(s) }
}
