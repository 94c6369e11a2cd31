// The public peak-time page (/peak): how busy the hall is now against the usual, the week's busy hours as a heatmap,
// the best times to come per business, and tickets by day of the month.
import { api, loadHall, el, fill } from "/assets/hallq.js";
import { heatColour, darkAt, barChart } from "/assets/charts.js";

const $ = (id) => document.getElementById(id);
const WEEKDAYS = [
    ["周一", "Mon"],
    ["周二", "Tue"],
    ["周三", "Wed"],
    ["周四", "Thu"],
    ["周五", "Fri"],
    ["周六", "Sat"],
    ["周日", "Sun"],
];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const state = { metric: "waiting", service: "", hall: null, peak: null };

/** Chinese with the English beside it, in one span. */
const both = (zh, en) => el("span", zh, " ", el("span", { class: "en" }, en));

const num = (v) => (v === null || v === undefined ? "–" : v === 0 ? "0" : v >= 10 ? String(Math.round(v)) : v.toFixed(1));
const hh = (h) => String(h).padStart(2, "0") + ":00";

function showLive(live) {
    const headlines = {
        busier: ["现在比平时忙", "Busier than usual right now"],
        usual: ["现在和平时差不多", "About as busy as usual right now"],
        quieter: ["现在比平时空闲", "Quieter than usual right now"],
        closed: ["现在不在办公时间", "The hall is closed now"],
        unknown: ["暂无足够的历史数据", "Not enough history to compare yet"],
    };
    const [zh, en] = headlines[live.level] || headlines.unknown;
    $("live").dataset.level = live.level;
    fill($("live-headline"), both(zh, en));
    $("waiting-now").textContent = live.waitingNow;
    fill($("waiting-usual"), both(`正在等候（平时此时约 ${num(live.usualWaiting)} 人）`, `waiting now (usually about ${num(live.usualWaiting)})`));
    $("arrivals-today").textContent = live.arrivalsToday;
    fill(
        $("arrivals-usual"),
        both(`今日已取号（平时此时约 ${num(live.usualArrivalsByNow)}）`, `tickets today (usually ${num(live.usualArrivalsByNow)} by now)`),
    );
}

function dayLabel(day, weekday) {
    const [, m, d] = day.split("-").map(Number);
    return both(`${m}月${d}日 ${WEEKDAYS[weekday - 1][0]}`, `${WEEKDAYS[weekday - 1][1]} ${d} ${MONTHS[m - 1]}`);
}

/** The usual wait in words: "about 0.0 min" would read as a glitch, so an hour nobody waits in says so. */
function usualWait(minutes) {
    if (minutes === null || minutes === undefined) return "暂无等候数据 · no wait history";
    if (minutes <= 0) return "通常无需等候 · usually no wait";
    if (minutes < 1) return "平均等候不到 1 分钟 · usual wait under 1 min";
    return `平均等候约 ${num(minutes)} 分钟 · usual wait about ${num(minutes)} min`;
}

/** Days of the month as written, with only truly consecutive runs of three or more joined: [10, 12, 13, 14, 15] → "10, 12–15". */
function dayList(days, separator) {
    const runs = [];
    for (const d of [...days].sort((a, b) => a - b)) {
        const last = runs[runs.length - 1];
        if (last && d === last[1] + 1) last[1] = d;
        else runs.push([d, d]);
    }
    return runs.flatMap(([a, b]) => (b - a >= 2 ? [`${a}–${b}`] : a === b ? [String(a)] : [String(a), String(b)])).join(separator);
}

function showBest(peak) {
    const levels = { busier: ["较忙", "busier"], quieter: ["较空", "quieter"], usual: ["正常", "usual"], closed: ["未办公", "closed"] };
    fill(
        $("best"),
        peak.services.map((s) => {
            const level = levels[s.live.level];
            const chip = el(
                "span",
                { class: `chip ${s.live.level}`, title: "正在等候 waiting now" },
                level ? `${level[0]} ${level[1]} · ${s.live.waitingNow}` : `${s.live.waitingNow}`,
            );
            return el(
                "div",
                { class: "svc" },
                el("h3", both(`${s.code} ${s.name.zh}`, s.name.en), chip),
                el(
                    "ol",
                    s.best.map((b) =>
                        el(
                            "li",
                            dayLabel(b.day, b.weekday),
                            ` ${hh(b.hour)}–${hh(b.hour + 1)}`,
                            b.busyDay && el("span", { class: "tag" }, "征期 filing rush"),
                            el("small", usualWait(b.expectedWaitMinutes)),
                        ),
                    ),
                    !s.best.length && el("li", "暂无数据 No history yet"),
                ),
                s.takesBookings && bookable(s),
            );
        }),
    );
}

/** The quiet slots of a service that can still be booked, each a link to the booking page with it chosen. */
function bookable(s) {
    const slots = s.bookable ?? [];
    return el(
        "div",
        { class: "bookable" },
        el("h4", both("可预约的空闲时段", "Quiet times you can book")),
        slots.length
            ? el(
                  "ul",
                  slots.map((b) =>
                      el(
                          "li",
                          el(
                              "a",
                              {
                                  href: `/book?${new URLSearchParams({ service: s.code, date: b.date, slot: b.slot })}`,
                                  dataset: { slot: `${b.date} ${b.slot}` },
                              },
                              dayLabel(b.date, b.weekday),
                              ` ${b.slot}–${b.end}`,
                          ),
                          el("span", { class: "tag ok" }, `余 ${b.remaining} left`),
                          el("small", usualWait(b.usualWaitMinutes)),
                      ),
                  ),
              )
            : el("p", { class: "note" }, both("近一周已约满，可现场取号", "Fully booked this week; take a ticket at the hall")),
    );
}

async function showHeatmap() {
    const q = new URLSearchParams({ metric: state.metric, weeks: 12 });
    if (state.service) q.set("service", state.service);
    const map = await api("GET", `/api/heatmap?${q}`);
    // Open days and hours only (with an hour either side): what a taxpayer chooses from.
    const anyOpen = map.open.some((row) => row.includes(true));
    const days = [0, 1, 2, 3, 4, 5, 6].filter((d) => (anyOpen ? map.open[d].includes(true) : map.values[d].some((v) => v > 0)));
    const used = [];
    for (let h = 0; h < 24; h++) if (days.some((d) => (anyOpen ? map.open[d][h] : map.values[d][h] > 0))) used.push(h);
    const hours = [];
    if (used.length) for (let h = Math.max(0, used[0] - 1); h <= Math.min(23, used[used.length - 1] + 1); h++) hours.push(h);
    const max = Math.max(1e-9, ...days.flatMap((d) => hours.map((h) => map.values[d][h] || 0)));
    const grid = $("heat");
    grid.style.gridTemplateColumns = `3.4em repeat(${days.length}, minmax(0, 1fr))`;
    const live = state.peak && state.peak.live;
    const cell = (d, h) => {
        const v = map.values[d][h];
        const now = live && live.weekday === d + 1 && live.hour === h;
        return el(
            "div",
            {
                class: ["c", map.open[d][h] && "open", v === null && "closed", now && "now"],
                style: v === null ? {} : { background: heatColour(v / max), color: darkAt(v / max) ? "#fff" : "#222" },
                title: `${WEEKDAYS[d][0]} ${WEEKDAYS[d][1]} ${hh(h)}: ${num(v)} ${map.unit}`,
            },
            v !== null && (map.metric === "wait" ? Math.round(v) : num(v)),
        );
    };
    fill(
        grid,
        el("div"),
        days.map((d) => el("div", { class: "d" }, both(WEEKDAYS[d][0], WEEKDAYS[d][1]))),
        hours.map((h) => [el("div", { class: "h" }, hh(h)), days.map((d) => cell(d, h))]),
    );
    $("scale-bar").style.background = `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map(heatColour).join(", ")})`;
    $("scale-max").textContent = num(max);
    $("scale-title").textContent = `${map.title.zh} · ${map.title.en}`;
    const svg = `/heatmap.svg?${q}`;
    fill(
        $("heat-note"),
        both(
            `近${map.weeks}周（${map.firstDay} 至 ${map.lastDay}）的平均值，框内为开放时间。`,
            `Means over the last ${map.weeks} weeks (${map.firstDay} – ${map.lastDay}); outlined cells are opening hours. `,
        ),
        el("a", { href: svg, target: "_blank" }, "图片 Image (SVG)"),
    );
}

async function showMonth() {
    const year = await api("GET", "/api/heatmap?metric=arrivals&weeks=52");
    const busy = new Set((state.peak && state.peak.busyDaysOfMonth) || []);
    const labels = year.dayOfMonth.map((_, i) => String(i + 1));
    barChart($("month"), {
        labels,
        series: [{ name: "平均每日取号 Mean tickets per day", values: year.dayOfMonth, colour: "#1560c9" }],
        format: (v) => String(Math.round(v)),
        highlight: labels.map((_, i) => i).filter((i) => busy.has(i + 1)),
        height: 200,
        title: "每月各日取号量 Tickets by day of the month",
    });
    // The shaded days come straight from the data: a gap in them (12, 14) is a quieter day, not a mistake to smooth over.
    fill(
        $("month-note"),
        busy.size
            ? both(
                  `近一年各日平均；底色标出取号通常较多的日子：${dayList(busy, "、")}日。`,
                  `Means over the last year; shaded are the days of the month usually busier than the rest: ${dayList(busy, ", ")}.`,
              )
            : both("近一年各日平均。", "Means over the last year."),
    );
}

async function refreshLive() {
    try {
        state.peak = await api("GET", "/api/peak");
        showLive(state.peak.live);
        showBest(state.peak);
    } catch (e) {
        fill($("live-headline"), both("暂时无法读取", "Cannot load right now"));
    }
}

function bindControls() {
    for (const b of document.querySelectorAll("#metric button")) {
        b.addEventListener("click", () => {
            state.metric = b.dataset.metric;
            for (const o of document.querySelectorAll("#metric button")) o.setAttribute("aria-pressed", String(o === b));
            showHeatmap().catch(showError);
        });
    }
    $("service").addEventListener("change", (e) => {
        state.service = e.target.value;
        showHeatmap().catch(showError);
    });
}

function showError(e) {
    fill($("heat"), el("p", { class: "error" }, `无法读取 Cannot load: ${e.message}`));
}

async function start() {
    bindControls();
    try {
        state.hall = await loadHall();
        $("hall-zh").textContent = state.hall.name.zh;
        $("hall-en").textContent = state.hall.name.en;
        for (const s of state.hall.services) $("service").append(new Option(`${s.code} ${s.name.zh} ${s.name.en}`, s.code));
    } catch (e) {
        /* the names are a nicety; the rest still works */
    }
    await refreshLive();
    await Promise.all([showHeatmap().catch(showError), showMonth().catch(() => {})]);
    document.body.dataset.ready = "true";
    setInterval(refreshLive, 60_000);
}

start();
