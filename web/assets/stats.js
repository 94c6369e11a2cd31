// The managers' statistics page (/stats): a period's figures by day, window, officer or business as tiles, charts, a
// table and a CSV download. Signed in with the same staff login as the dashboard (staff.js).
import { api, errorText, hallTime, loadHall, currentStaff, saveStaff, logIn, logOut, checkStaff, el, fill } from "/assets/hallq.js";
import { barChart } from "/assets/charts.js";

const $ = (id) => document.getElementById(id);
const MANAGER_ROLES = ["manager", "admin"];

// The server's P90 wait stops at 3600 s: the wait histogram's last bucket ("60 minutes and more") has no upper end.
const P90_CAP = 3600;
const P90_CAP_NOTE = "一小时以上，实际可能更长 An hour or more; the real value may be longer";

const COLUMNS = [
    ["key", "项目", "Item", (v) => v],
    ["labelZh", "名称", "Name", (v, r) => (r.labelZh === r.labelEn ? v : `${r.labelZh} ${r.labelEn}`)],
    ["arrivals", "取号", "Arrivals", int],
    ["calls", "叫号", "Calls", int],
    ["served", "办结", "Served", int],
    ["noShows", "过号", "No-shows", int],
    ["noShowRate", "过号率", "No-show rate", pct],
    ["meanWaitSeconds", "平均等候", "Mean wait", minutes],
    ["p90WaitSeconds", "90%等候", "P90 wait", p90, (v) => (v !== null && v >= P90_CAP ? P90_CAP_NOTE : "")],
    ["meanServiceSeconds", "平均办理", "Mean service", minutes],
    ["withinTargetShare", "等候达标率", "Within target", pct],
    ["ratings", "评价数", "Ratings", int],
    ["satisfactionMean", "满意度", "Satisfaction", (v) => (v === null ? "–" : v.toFixed(2))],
    ["dissatisfiedShare", "不满意率", "Dissatisfied", pct],
    ["serviceHours", "办理工时", "Hours serving", (v) => (v === null ? "–" : v.toFixed(1))],
    ["shareOfServed", "办结占比", "Share served", pct],
    ["booked", "预约", "Booked", int],
    ["checkedIn", "按时签到", "Checked in", int],
    ["checkedInLate", "迟到签到", "Late", int],
    ["bookingNoShows", "预约失约", "Booking no-shows", int],
    ["bookingsCancelled", "取消预约", "Cancelled", int],
];

function int(v) {
    return v === null || v === undefined ? "–" : v.toLocaleString("zh-CN");
}
function pct(v) {
    return v === null ? "–" : `${(v * 100).toFixed(1)}%`;
}
function minutes(v) {
    return v === null ? "–" : (v / 60).toFixed(1);
}
function p90(v) {
    return v === null ? "–" : v >= P90_CAP ? "≥ 60" : (v / 60).toFixed(1);
}

function showLogin(message = "") {
    $("report").hidden = true;
    $("logout").hidden = true;
    $("who").textContent = "";
    $("login").hidden = false;
    $("login-error").textContent = message;
}

/** GET with the signed-in manager's token; an ended session (401) shows the login form again. */
async function get(path, accept) {
    try {
        return await api("GET", path, { token: currentStaff()?.token, accept });
    } catch (e) {
        if (e.status === 401) {
            saveStaff(null);
            showLogin("登录已过期，请重新登录 Please log in again");
        }
        throw e;
    }
}

/** Shows a failed request's words under the query form (an ended session has shown the login form already). */
function showQueryError(e) {
    if (e.status !== 401) $("query-error").textContent = e.message;
}

$("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    let staff;
    try {
        staff = await logIn(form.get("user"), form.get("password"));
    } catch (error) {
        $("login-error").textContent = `${errorText(error, "zh")} ${errorText(error, "en")}`;
        return;
    }
    if (!MANAGER_ROLES.includes(staff.role)) {
        logOut(staff);
        $("login-error").textContent = "仅限管理人员 Managers only";
        return;
    }
    start();
});

$("logout").addEventListener("click", () => {
    logOut();
    showLogin();
});

// Hall days are calendar dates in the hall's time zone (GET /api/hall → timeZone), not the browser's: a manager's laptop
// in UTC at 22:00 on the 25th must still see Beijing's 26th as today. Dates below are {y, m, d} counted in UTC only
// so that adding days never crosses a daylight-saving change.
let hallTimeZone;

/** Today's date in the hall, as a Date at UTC midnight. */
function hallToday() {
    let today;
    try {
        today = hallTime(new Date(), hallTimeZone).date;
    } catch {
        today = hallTime(new Date()).date; // a zone this browser does not know: its own
    }
    const [y, m, d] = today.split("-").map(Number);
    return day(y, m - 1, d);
}

/** A calendar date (month from 0; days may run over, as in Date.UTC). */
const day = (y, m, d) => new Date(Date.UTC(y, m, d));
const iso = (d) => d.toISOString().slice(0, 10);

function setRange(from, to) {
    const q = $("query");
    q.from.value = iso(from);
    q.to.value = iso(to);
}

$("quick").addEventListener("click", (e) => {
    const b = e.target.closest("button");
    if (!b) return;
    const today = hallToday();
    const [y, m, d] = [today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()];
    if (b.dataset.days) setRange(day(y, m, d - Number(b.dataset.days) + 1), today);
    if (b.dataset.range === "month") setRange(day(y, m, 1), today);
    if (b.dataset.range === "year") setRange(day(y, 0, 1), today);
    if (b.dataset.range === "last-year") setRange(day(y - 1, 0, 1), day(y - 1, 11, 31));
    load();
});

function params(format) {
    const q = $("query");
    const p = new URLSearchParams({ from: q.from.value, to: q.to.value, group: q.group.value });
    if (format) p.set("format", format);
    return p;
}

$("query").addEventListener("submit", (e) => {
    e.preventDefault();
    load();
});

$("csv").addEventListener("click", async () => {
    try {
        const blob = await get(`/api/stats?${params("csv")}`, "text/csv");
        const q = $("query");
        const a = el("a", { href: URL.createObjectURL(blob), download: `hallq-stats-${q.group.value}-${q.from.value}-to-${q.to.value}.csv` });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (e) {
        showQueryError(e);
    }
});

async function load() {
    $("query-error").textContent = "";
    try {
        render(await get(`/api/stats?${params()}`));
    } catch (e) {
        showQueryError(e);
    }
}

function render(r) {
    const groups = {
        day: "按日 by day",
        window: "按窗口 by window",
        officer: "按人员 by officer",
        service: "按业务 by service",
        slot: "按预约时段 by booking slot",
    };
    $("period").textContent =
        `${r.from} – ${r.to} · ${groups[r.group]} · 办公 ${r.daysWorked} 天 days worked · 目标等候 target wait ${r.targetWaitMinutes} min`;
    const t = r.total;
    const tiles = [
        [int(t.arrivals), "取号 Arrivals"],
        [int(t.served), "办结 Served"],
        [pct(t.noShowRate), "过号率 No-show rate"],
        [minutes(t.meanWaitSeconds), "平均等候（分）Mean wait (min)"],
        [p90(t.p90WaitSeconds), "90%等候（分）P90 wait (min)"],
        [pct(t.withinTargetShare), `${r.targetWaitMinutes}分钟内叫号 Called within ${r.targetWaitMinutes} min`],
        [minutes(t.meanServiceSeconds), "平均办理（分）Mean service (min)"],
        [t.satisfactionMean === null ? "–" : t.satisfactionMean.toFixed(2), "满意度（5分制）Satisfaction /5"],
        [pct(t.dissatisfiedShare), "不满意率 Dissatisfied"],
        [
            t.booked === null ? "–" : `${int(t.booked)} / ${int(t.checkedIn + t.checkedInLate)} / ${int(t.bookingNoShows)}`,
            "预约 / 签到 / 失约 Booked / in / no-show",
        ],
    ];
    // Booking slots carry bookings only: their tile alone.
    const shown = r.group === "slot" ? tiles.slice(-1) : tiles;
    fill(
        $("tiles"),
        shown.map(([v, label]) => el("div", { class: "tile" }, el("b", v), el("small", label))),
    );
    const labels = r.rows.map((row) => (r.group === "day" ? row.key.slice(5) : r.group === "window" ? `${row.key}` : row.key));
    const col = (name) => r.rows.map((row) => row[name]);
    barChart($("chart-volume"), {
        labels,
        stacked: true,
        format: (v) => String(Math.round(v)),
        title: "Volume",
        // Booking slots have bookings only: what became of them.
        series:
            r.group === "slot"
                ? [
                      { name: "签到 Checked in", values: r.rows.map((row) => row.checkedIn + row.checkedInLate), colour: "#1560c9" },
                      { name: "失约 No-shows", values: col("bookingNoShows"), colour: "#e08a00" },
                  ]
                : [
                      { name: "办结 Served", values: col("served"), colour: "#1560c9" },
                      { name: "过号 No-shows", values: col("noShows"), colour: "#e08a00" },
                  ],
    });
    barChart($("chart-wait"), {
        labels,
        format: (v) => v.toFixed(0),
        title: "Wait",
        series: [
            { name: "平均 Mean", values: col("meanWaitSeconds").map((v) => (v === null ? null : v / 60)), colour: "#7fb0ee" },
            {
                name: "90%分位 P90",
                values: col("p90WaitSeconds").map((v) => (v === null ? null : v / 60)),
                colour: "#0d3172",
                cap: P90_CAP / 60,
                capNote: P90_CAP_NOTE,
            },
        ],
    });
    barChart($("chart-satisfaction"), {
        labels,
        format: (v) => `${Math.round(v * 100)}%`,
        title: "Satisfaction",
        series: [
            { name: "满意度 Satisfaction ÷ 5", values: col("satisfactionMean").map((v) => (v === null ? null : v / 5)), colour: "#168a48" },
            { name: "不满意率 Dissatisfied", values: col("dissatisfiedShare"), colour: "#c8102e" },
        ],
    });
    barChart($("chart-workload"), {
        labels: r.workload.map((w) => String(w.window)),
        format: (v) => `${Math.round(v * 100)}%`,
        title: "Workload",
        series: [
            { name: "办结占比 Share served", values: r.workload.map((w) => w.shareOfServed), colour: "#1560c9" },
            { name: "忙碌率 Utilisation", values: r.workload.map((w) => w.utilisation), colour: "#e08a00" },
        ],
    });
    renderTable(r);
}

function renderTable(r) {
    const head = el(
        "tr",
        COLUMNS.map(([, zh, en]) => el("th", zh, el("span", { class: "en" }, en))),
    );
    const rows = [...r.rows, r.total].map((row, i, all) =>
        el(
            "tr",
            { class: i === all.length - 1 && "total" },
            COLUMNS.map(([name, , , fmt, note]) => {
                const title = note ? note(row[name]) : "";
                return el("td", { title: title || null, class: title && "floor" }, fmt(row[name], row));
            }),
        ),
    );
    fill($("table"), el("thead", head), el("tbody", rows));
}

async function start() {
    if (!currentStaff()) return showLogin();
    try {
        // An officer signed in on the console in this tab stays signed in there; a manager may sign in here.
        const me = await checkStaff();
        if (!MANAGER_ROLES.includes(me.role)) return showLogin("仅限管理人员 Managers only");
        $("who").textContent = me.user;
    } catch (e) {
        if (e.status === 401) {
            saveStaff(null);
            return showLogin("登录已过期，请重新登录 Please log in again");
        }
        return showLogin(`${errorText(e, "zh")} ${errorText(e, "en")}`);
    }
    $("login").hidden = true;
    $("report").hidden = false;
    $("logout").hidden = false;
    if (hallTimeZone === undefined) {
        try {
            hallTimeZone = (await loadHall()).timeZone;
        } catch {
            /* fall back to the browser's zone: right whenever the browser is in the hall */
        }
    }
    if (!$("query").from.value) {
        const today = hallToday();
        setRange(day(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 29), today);
    }
    await load();
    document.body.dataset.ready = "true";
}

start();
