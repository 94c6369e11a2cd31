// The managers' dashboard: today by hour, tickets issued and served as bars and the mean wait as a line against the target.
import { el, svg, fill } from "/assets/hallq.js";
import { $, state, bi, now, durText, hallTime } from "/assets/manager-shared.js";

export function renderTimeline() {
    const d = state.dash;
    const box = $("timeline");
    const hours = d.timeline || [];
    const W = Math.max(320, box.clientWidth || 800);
    const H = Math.max(160, box.clientHeight || 220);
    if (!hours.length) {
        fill(box, el("div", { class: "empty" }, bi("今日尚无数据", "Nothing yet today")));
        return;
    }
    const m = { l: 40, r: 48, t: 14, b: 26 };
    const cw = W - m.l - m.r;
    const ch = H - m.t - m.b;
    const maxCount = niceStep(Math.max(4, ...hours.map((h) => Math.max(h.issued, h.served))) / 4) * 4;
    const waitsMin = hours.map((h) => (h.meanWaitSeconds == null ? null : h.meanWaitSeconds / 60));
    const maxWait = niceStep(Math.max(d.targetWaitMinutes * 1.2, ...waitsMin.filter((x) => x != null), 4) / 4) * 4;
    const band = cw / hours.length;
    const barW = Math.min(28, band * 0.32);
    const y = (v) => m.t + ch - (v / maxCount) * ch;
    const yw = (v) => m.t + ch - (v / maxWait) * ch;
    const currentHour = Number(hallTime(new Date(now()).toISOString()).slice(0, 2));
    const parts = [];
    for (let i = 0; i <= 4; i++) {
        const v = (maxCount / 4) * i;
        const yy = y(v);
        parts.push(svg("line", { class: "grid", x1: m.l, x2: W - m.r, y1: yy, y2: yy }));
        parts.push(svg("text", { class: "ax", x: m.l - 6, y: yy + 4, "text-anchor": "end" }, Math.round(v)));
        parts.push(svg("text", { class: "ax ax-wait", x: W - m.r + 6, y: yy + 4 }, `${Math.round((maxWait / 4) * i)}′`));
    }
    hours.forEach((h, i) => {
        const x0 = m.l + i * band;
        const cx = x0 + band / 2;
        if (h.hour === currentHour) parts.push(svg("rect", { class: "now-band", x: x0, y: m.t, width: band, height: ch }));
        const tip = `${h.hour}:00–${h.hour + 1}:00 · 取号 Issued ${h.issued} · 办结 Served ${h.served} · 平均等候 Mean wait ${h.meanWaitSeconds == null ? "—" : durText(h.meanWaitSeconds)}`;
        parts.push(
            svg(
                "g",
                { class: "hour" },
                svg("title", tip),
                svg("rect", { class: "hit", x: x0, y: m.t, width: band, height: ch }),
                svg("rect", { class: "b-issued", x: cx - barW - 1, y: y(h.issued), width: barW, height: Math.max(0, m.t + ch - y(h.issued)), rx: 2 }),
                svg("rect", { class: "b-served", x: cx + 1, y: y(h.served), width: barW, height: Math.max(0, m.t + ch - y(h.served)), rx: 2 }),
                h.issued > 0 && svg("text", { class: "val", x: cx - barW / 2 - 1, y: y(h.issued) - 4, "text-anchor": "middle" }, h.issued),
            ),
        );
        parts.push(svg("text", { class: "ax", x: cx, y: H - 8, "text-anchor": "middle" }, `${String(h.hour).padStart(2, "0")}:00`));
    });
    const tY = yw(d.targetWaitMinutes);
    parts.push(svg("line", { class: "target", x1: m.l, x2: W - m.r, y1: tY, y2: tY }));
    let path = "";
    const dots = [];
    waitsMin.forEach((v, i) => {
        if (v == null) return;
        const px = m.l + i * band + band / 2;
        const py = yw(v);
        path += `${path && waitsMin[i - 1] != null ? "L" : "M"}${px.toFixed(1)},${py.toFixed(1)}`;
        dots.push(svg("circle", { class: ["wait-dot", v > d.targetWaitMinutes && "over"], cx: px, cy: py, r: 3.5 }));
    });
    if (path) parts.push(svg("path", { class: "wait-line", d: path }));
    parts.push(...dots);
    parts.push(svg("line", { class: "axis", x1: m.l, x2: W - m.r, y1: m.t + ch, y2: m.t + ch }));
    fill(
        box,
        svg(
            "svg",
            {
                viewBox: `0 0 ${W} ${H}`,
                width: W,
                height: H,
                role: "img",
                "aria-label": "今日分时取号、办结与平均等候 Issued, served and mean wait by hour",
            },
            parts,
        ),
    );
}

/** The smallest of 1, 2, 2.5, 5, 10, 20, 25, 50… at or above v, so axis ticks are round numbers. */
function niceStep(v) {
    const p = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1))));
    for (const s of [1, 2, 2.5, 5, 10]) if (s * p >= v) return s * p;
    return 10 * p;
}
