// HallQ charts: small inline-SVG bar charts and the heatmap colour scale, with no outside library.
// Used by the statistics page and the public peak-time page.

import { el, svg } from "./dom.js";

/** Yellow-orange-red, light to dark with steadily falling lightness (prints well in black and white). */
const SCALE = [
    [255, 255, 204],
    [255, 237, 160],
    [254, 217, 118],
    [254, 178, 76],
    [253, 141, 60],
    [252, 78, 42],
    [227, 26, 28],
    [189, 0, 38],
    [128, 0, 38],
];

/** The heatmap colour at t in 0…1 (the same scale the server draws /heatmap.svg with). */
export function heatColour(t) {
    const p = Math.min(Math.max(t, 0), 1) * (SCALE.length - 1);
    const i = Math.min(Math.floor(p), SCALE.length - 2);
    const f = p - i;
    const c = SCALE[i].map((a, k) => Math.round(a + (SCALE[i + 1][k] - a) * f));
    return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Whether text on the colour at t should be white. */
export function darkAt(t) {
    return t > 0.55;
}

/** A "nice" upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten, at least max. */
export function niceMax(max) {
    if (!(max > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(max)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
    return 10 * p;
}

let patterns = 0;

/** A diagonal hatch in `colour`, for bars whose value is only a floor. */
function hatch(chart, colour) {
    const id = `hatch-${++patterns}`;
    chart.append(
        svg(
            "defs",
            svg(
                "pattern",
                { id, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
                svg("rect", { width: 6, height: 6, fill: "#fff" }),
                svg("rect", { width: 3, height: 6, fill: colour }),
            ),
        ),
    );
    return `url(#${id})`;
}

/**
 * Draws a bar chart into `container` (replacing its content).
 * options: { labels: [string], series: [{ name, values: [number|null], colour, cap, capNote }], stacked: bool,
 *            format: value → string, title: string, height: px, highlight: [index] }
 * Grouped bars side by side unless stacked. Missing values (null) draw nothing. A series with a `cap` has values that
 * stop there (the true value may be higher): those bars are hatched, marked ▲ and titled "≥ cap", and the legend
 * explains them with `capNote`.
 */
export function barChart(container, options) {
    const { labels, series, stacked = false, format = (v) => String(v), title = "", highlight = [] } = options;
    const height = options.height || 220;
    const left = 52;
    const bottom = 46;
    const top = 14;
    const n = Math.max(labels.length, 1);
    // Drawn at the container's own width, so text keeps its size on a phone; bars are at most 56 px wide.
    const available = Math.max(container.clientWidth || 640, 240);
    const band = Math.min(56, (available - left - 12) / n);
    const width = left + n * band + 12;
    const totals = labels.map((_, i) =>
        stacked ? series.reduce((s, ser) => s + (ser.values[i] || 0), 0) : Math.max(0, ...series.map((ser) => ser.values[i] || 0)),
    );
    const max = niceMax(Math.max(0, ...totals));
    const plot = height - top - bottom;
    const y = (v) => top + plot - (v / max) * plot;

    const chart = svg("svg", {
        viewBox: `0 0 ${width} ${height}`,
        width,
        height,
        role: "img",
        "aria-label": title,
        class: "chart",
        style: { maxWidth: "100%", height: "auto" },
    });
    const hatches = new Map(series.filter((ser) => ser.values.some((v) => isCapped(ser, v))).map((ser) => [ser, hatch(chart, ser.colour)]));
    for (let k = 0; k <= 4; k++) {
        const v = (max * k) / 4;
        chart.append(svg("line", { x1: left, x2: width - 8, y1: y(v), y2: y(v), stroke: k ? "#e2e6ec" : "#7b8596", "stroke-width": 1 }));
        chart.append(svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 11, fill: "#5a6577" }, format(v)));
    }
    const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor((width - left) / 30))));
    labels.forEach((label, i) => {
        const x0 = left + i * band;
        if (highlight.includes(i)) chart.append(svg("rect", { x: x0, y: top, width: band, height: plot, fill: "#fff1d6" }));
        let base = 0;
        series.forEach((ser, s) => {
            const v = ser.values[i];
            if (v === null || v === undefined || Number.isNaN(v)) return;
            const w = stacked ? band * 0.7 : (band * 0.8) / series.length;
            const x = stacked ? x0 + band * 0.15 : x0 + band * 0.1 + s * w;
            const from = stacked ? base : 0;
            const capped = isCapped(ser, v);
            const tip = capped ? `${label} · ${ser.name}: ≥ ${format(ser.cap)} · ${ser.capNote || ""}` : `${label} · ${ser.name}: ${format(v)}`;
            chart.append(
                svg(
                    "rect",
                    {
                        x,
                        y: y(from + v),
                        width: Math.max(w - 1, 1),
                        height: Math.max(y(from) - y(from + v), 0),
                        fill: capped ? hatches.get(ser) : ser.colour,
                        stroke: capped ? ser.colour : "none",
                    },
                    svg("title", tip),
                ),
            );
            if (capped) {
                const cx = x + Math.max(w - 1, 1) / 2;
                const tipY = y(from + v) - 3;
                chart.append(svg("path", { d: `M${cx - 4},${tipY} L${cx + 4},${tipY} L${cx},${tipY - 6} Z`, fill: ser.colour }, svg("title", tip)));
            }
            if (stacked) base += v;
        });
        if (i % every === 0) {
            const tx = x0 + band / 2;
            const slanted = n > 12;
            chart.append(
                svg(
                    "text",
                    {
                        x: tx,
                        y: height - bottom + 16,
                        "text-anchor": slanted ? "end" : "middle",
                        "font-size": 11,
                        fill: "#3b4657",
                        transform: slanted && `rotate(-40 ${tx} ${height - bottom + 12})`,
                    },
                    label,
                ),
            );
        }
    });
    container.replaceChildren(chart, legend(series, format, hatches));
}

/** Whether v sits at its series' cap, so only a floor is known. */
function isCapped(ser, v) {
    return ser.cap !== undefined && v !== null && v !== undefined && v >= ser.cap;
}

function legend(series, format, hatches) {
    const item = (background, text) => el("span", el("i", { style: { background } }), text);
    return el(
        "div",
        { class: "chart-legend" },
        series.map((ser) => item(ser.colour, ser.name)),
        [...hatches.keys()].map((ser) =>
            item(`repeating-linear-gradient(45deg, ${ser.colour} 0 2px, #fff 2px 4px)`, `▲ ${ser.name} ≥ ${format(ser.cap)}: ${ser.capNote || ""}`),
        ),
    );
}
