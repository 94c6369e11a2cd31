import Foundation
import HallCore

/// An optional that encodes as an explicit JSON `null`, so clients always see the field.
struct Nullable<T: Encodable & Sendable>: Encodable, Sendable {
    var value: T?
    init(_ value: T?) { self.value = value }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}

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
    var service: Nullable<String>
    var weeks: Int
    var firstDay: String
    var lastDay: String
    var timeZone: String
    /// Row labels, Monday first; `values[0]` is Monday.
    var weekdays: [LocalizedName]
    var values: [[Double?]]
    var open: [[Bool]]
    var daysCounted: [Int]
    var max: Nullable<Double>
    var peak: Nullable<Peak>
    var dayOfMonth: [Double?]

    init(_ h: Heatmap, timeZone: String) {
        metric = h.metric.rawValue
        unit = h.metric.unit
        title = h.metric.title
        service = Nullable(h.service)
        weeks = h.weeks
        firstDay = h.firstDay
        lastDay = h.lastDay
        self.timeZone = timeZone
        weekdays = Heatmap.weekdayNames
        values = h.values
        open = h.open
        daysCounted = h.daysCounted
        max = Nullable(h.maxValue)
        peak = Nullable(h.peak.map { Peak(weekday: $0.weekday, hour: $0.hour, value: $0.value) })
        dayOfMonth = h.dayOfMonth
    }
}

/// A ``LiveComparison`` as the peak page reads it.
struct LiveView: Encodable, Sendable {
    var weekday: Int
    var hour: Int
    var open: Bool
    var waitingNow: Int
    var usualWaiting: Nullable<Double>
    var arrivalsToday: Int
    var usualArrivalsByNow: Nullable<Double>
    var ratio: Nullable<Double>
    var level: String

    init(_ c: LiveComparison) {
        weekday = c.weekday
        hour = c.hour
        open = c.open
        waitingNow = c.waitingNow
        usualWaiting = Nullable(c.usualWaiting)
        arrivalsToday = c.arrivalsToday
        usualArrivalsByNow = Nullable(c.usualArrivalsByNow)
        ratio = Nullable(c.ratio)
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

/// `GET /api/stats` as JSON: the same columns and numbers as the CSV.
struct StatsView: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var columns: [(name: String, value: StatValue)]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for (name, value) in columns {
                let key = Key(stringValue: name)
                switch value {
                case .text(let s): try c.encode(s, forKey: key)
                case .int(let n): try c.encode(n, forKey: key)
                case .number(let x): try c.encode(x, forKey: key)
                case .none: try c.encodeNil(forKey: key)
                }
            }
        }
    }
    struct Workload: Encodable, Sendable {
        var window: Int
        var name: LocalizedName
        var calls: Int
        var served: Int
        var serviceHours: Double
        var shareOfServed: Nullable<Double>
        var utilisation: Nullable<Double>
    }
    var from: String
    var to: String
    var group: String
    var targetWaitMinutes: Double
    var daysWorked: Int
    var columns: [String]
    var rows: [Row]
    var total: Row
    var workload: [Workload]

    init(_ r: StatisticsReport) {
        from = r.from
        to = r.to
        group = r.group.rawValue
        targetWaitMinutes = r.targetWaitMinutes
        daysWorked = r.daysWorked
        columns = StatisticsRow.columnNames
        rows = r.rows.map { Row(columns: $0.columns) }
        total = Row(columns: r.total.columns)
        workload = r.workload.map {
            Workload(
                window: $0.window, name: $0.name, calls: $0.calls, served: $0.served, serviceHours: $0.serviceHours,
                shareOfServed: Nullable($0.shareOfServed), utilisation: Nullable($0.utilisation))
        }
    }
}
