import Foundation
import HallCore

/// Draws a ``Heatmap`` as a self-contained SVG image for the hall's website or an article: bilingual title and labels,
/// the opening hours outlined, values in the cells and a legend. The colour scale runs from pale yellow to dark red
/// with steadily falling lightness, so it still reads when printed in black and white.
enum HeatmapSVG {
    static let cellWidth = 46.0
    static let cellHeight = 34.0
    static let left = 92.0
    static let top = 112.0
    static let fonts = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
    /// Yellow-orange-red in nine steps, light to dark.
    static let scale: [(Double, Double, Double)] = [
        (255, 255, 204), (255, 237, 160), (254, 217, 118), (254, 178, 76), (253, 141, 60), (252, 78, 42), (227, 26, 28), (189, 0, 38),
        (128, 0, 38),
    ]

    /// The SVG text of `heatmap`, titled with the hall's name and, when the map is for one service, its name.
    static func render(_ heatmap: Heatmap, hallName: LocalizedName, serviceName: LocalizedName? = nil, hours: OpeningHours) -> String {
        let shown = hourRange(heatmap)
        let width = max(left + Double(shown.count) * cellWidth + 24, 640)
        let height = top + 7 * cellHeight + 96
        // The colours span the hours shown, so late-evening stragglers do not wash out the day.
        let maxValue = max(heatmap.values.flatMap { row in shown.compactMap { row[$0] } }.max() ?? 0, 0.0001)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" \
            role="img" font-family="\(fonts)">
            <title>\(escape(caption(heatmap, hallName: hallName, serviceName: serviceName)))</title>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="16" y="28" font-size="18" font-weight="bold" fill="#111">\(escape(hallName.zh))</text>
            <text x="16" y="48" font-size="13" fill="#333">\(escape(hallName.en))</text>
            <text x="16" y="70" font-size="13" fill="#111">\(escape(subtitle(heatmap, serviceName: serviceName)))</text>
            <text x="16" y="88" font-size="12" fill="#333">\(escape(period(heatmap)))</text>
            <text x="\(n(left - 10))" y="\(n(top - 10))" font-size="11" fill="#555" text-anchor="end">时 Hour</text>

            """
        for (i, hour) in shown.enumerated() {
            svg +=
                "<text x=\"\(n(left + (Double(i) + 0.5) * cellWidth))\" y=\"\(n(top - 10))\" font-size=\"12\" fill=\"#222\" text-anchor=\"middle\">"
            svg += String(format: "%02d", hour) + "</text>\n"
        }
        for weekday in 1...7 {
            let y = top + Double(weekday - 1) * cellHeight
            let name = Heatmap.weekdayNames[weekday - 1]
            svg += "<text x=\"\(n(left - 10))\" y=\"\(n(y + cellHeight / 2 + 4))\" font-size=\"13\" fill=\"#111\" text-anchor=\"end\">"
            svg += "\(name.zh) \(name.en)</text>\n"
            for (i, hour) in shown.enumerated() {
                svg += cell(heatmap.value(weekday: weekday, hour: hour), metric: heatmap.metric, max: maxValue, x: left + Double(i) * cellWidth, y: y)
            }
            for span in hours.days[weekday, default: []] {
                let start = max(Double(span.startMinute) / 60, Double(shown.lowerBound))
                let end = min(Double(span.endMinute) / 60, Double(shown.upperBound + 1))
                guard end > start else { continue }
                let x = left + (start - Double(shown.lowerBound)) * cellWidth
                svg += "<rect x=\"\(n(x))\" y=\"\(n(y + 1))\" width=\"\(n((end - start) * cellWidth))\" height=\"\(n(cellHeight - 2))\" "
                svg += "fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>\n"
            }
        }
        svg += legend(heatmap.metric, max: maxValue, y: top + 7 * cellHeight + 22)
        return svg + "</svg>\n"
    }

    /// Hours shown: the opening hours widened by an hour each side (activity after closing, while the last tickets are
    /// served, is of no use to someone choosing when to come); without opening hours, the hours with history; else all 24.
    static func hourRange(_ heatmap: Heatmap) -> ClosedRange<Int> {
        var used = (0..<24).filter { h in (0..<7).contains { heatmap.open[$0][h] } }
        if used.isEmpty { used = (0..<24).filter { h in (0..<7).contains { (heatmap.values[$0][h] ?? 0) > 0 } } }
        guard let first = used.first, let last = used.last else { return 0...23 }
        return max(0, first - 1)...min(23, last + 1)
    }

    static func cell(_ value: Double?, metric: HeatmapMetric, max: Double, x: Double, y: Double) -> String {
        let box = "x=\"\(n(x + 1))\" y=\"\(n(y + 1))\" width=\"\(n(cellWidth - 2))\" height=\"\(n(cellHeight - 2))\""
        guard let value else { return "<rect \(box) fill=\"#f2f2f2\"/>\n" }
        let t = min(1, value / max)
        var s = "<rect \(box) fill=\"\(colour(t))\"/>\n"
        s += "<text x=\"\(n(x + cellWidth / 2))\" y=\"\(n(y + cellHeight / 2 + 4))\" font-size=\"11\" text-anchor=\"middle\" "
        s += "fill=\"\(t > 0.55 ? "#ffffff" : "#222222")\">\(format(value, metric: metric))</text>\n"
        return s
    }

    static func legend(_ metric: HeatmapMetric, max: Double, y: Double) -> String {
        let x = left
        let width = 6 * cellWidth
        var s = "<defs><linearGradient id=\"scale\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">"
        for (i, _) in scale.enumerated() {
            let t = Double(i) / Double(scale.count - 1)
            s += "<stop offset=\"\(n(t))\" stop-color=\"\(colour(t))\"/>"
        }
        s += "</linearGradient></defs>\n"
        s += "<text x=\"16\" y=\"\(n(y + 13))\" font-size=\"12\" fill=\"#111\">图例</text>\n"
        s += "<text x=\"16\" y=\"\(n(y + 28))\" font-size=\"11\" fill=\"#333\">Legend</text>\n"
        s += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"14\" fill=\"url(#scale)\" stroke=\"#888\" stroke-width=\"0.5\"/>\n"
        for i in 0...4 {
            let t = Double(i) / 4
            let tx = x + t * width
            s += "<line x1=\"\(n(tx))\" y1=\"\(n(y + 14))\" x2=\"\(n(tx))\" y2=\"\(n(y + 18))\" stroke=\"#555\"/>"
            s +=
                "<text x=\"\(n(tx))\" y=\"\(n(y + 30))\" font-size=\"11\" fill=\"#222\" text-anchor=\"middle\">\(format(t * max, metric: metric))</text>\n"
        }
        s += "<text x=\"\(n(x))\" y=\"\(n(y + 48))\" font-size=\"12\" fill=\"#111\">\(escape(metric.title.zh)) · \(escape(metric.title.en))</text>\n"
        let keyX = x + width + 24
        s += "<rect x=\"\(n(keyX))\" y=\"\(n(y))\" width=\"22\" height=\"14\" fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>"
        s += "<text x=\"\(n(keyX + 30))\" y=\"\(n(y + 12))\" font-size=\"11\" fill=\"#222\">开放时间 Opening hours</text>\n"
        s += "<rect x=\"\(n(keyX))\" y=\"\(n(y + 22))\" width=\"22\" height=\"14\" fill=\"#f2f2f2\"/>"
        s += "<text x=\"\(n(keyX + 30))\" y=\"\(n(y + 34))\" font-size=\"11\" fill=\"#222\">无数据 No data</text>\n"
        return s
    }

    /// The scale's colour at `t` in 0…1, interpolated between its steps.
    static func colour(_ t: Double) -> String {
        let position = min(max(t, 0), 1) * Double(scale.count - 1)
        let i = min(Int(position), scale.count - 2)
        let f = position - Double(i)
        let (a, b) = (scale[i], scale[i + 1])
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    static func format(_ value: Double, metric: HeatmapMetric) -> String {
        value == 0 || value >= 10 || metric == .wait ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }

    static func subtitle(_ heatmap: Heatmap, serviceName: LocalizedName?) -> String {
        let service = serviceName.map { "\($0.zh) \($0.en) · " } ?? "全部业务 All services · "
        return "\(service)\(heatmap.metric.title.zh) \(heatmap.metric.title.en)"
    }

    static func period(_ heatmap: Heatmap) -> String {
        "近\(heatmap.weeks)周 Last \(heatmap.weeks) weeks (\(heatmap.firstDay) – \(heatmap.lastDay))"
    }

    static func caption(_ heatmap: Heatmap, hallName: LocalizedName, serviceName: LocalizedName?) -> String {
        "\(hallName.zh) \(hallName.en): \(subtitle(heatmap, serviceName: serviceName)), \(period(heatmap))"
    }

    static func n(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x) }

    /// Text made safe for XML content and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
