// The bureau managers' dashboard (/bureau, served by `hallqd bureau`): every hall's lines, windows, alerts,
// satisfaction and data age, a drill-down into one hall, and statistics and a heatmap across halls.
import { api, errorText, el, fill, waitText } from "/assets/hallq.js";
import { heatColour } from "/assets/charts.js";

const $ = (id) => document.getElementById(id);
const KEY = "hallq.bureau.token";
const both = (zh, en) => el("span", zh, " ", el("span", { class: "en" }, en));
const dash = (v) => (v == null ? "–" : String(v));
const minutes = (s) => (!s ? "–" : s < 60 ? "<1′" : Math.round(s / 60) + "′");
let token = sessionStorage.getItem(KEY);
let drilled = null;

function showError(box, e) {
    box.hidden = false;
    fill(box, errorText(e, "zh"), " ", el("span", { class: "en" }, errorText(e, "en")));
}

async function call(path, options = {}) {
    try {
        return await api("GET", path, { token, ...options });
    } catch (e) {
        if (e.status === 401) showLogin();
        throw e;
    }
}

function showLogin() {
    sessionStorage.removeItem(KEY);
    token = null;
    $("login").hidden = false;
    $("board").hidden = true;
    $("logout").hidden = true;
}

function age(h) {
    if (h.staleSeconds == null) return both("从未上报", "never reported");
    const text = h.staleSeconds < 60 ? Math.round(h.staleSeconds) + " s" : Math.round(h.staleSeconds / 60) + " min";
    return el("span", { class: h.stale ? "stale" : "" }, text, h.lagEvents > 0 ? ` (+${h.lagEvents})` : "");
}

function row(h) {
    const rating = h.meanRatingToday == null ? "–" : `${h.meanRatingToday} / 5 (${h.ratingsToday})`;
    return el(
        "tr",
        { class: [h.stale && "stale", h.openAlerts > 0 && "alerting"], dataset: { hall: h.hallID } },
        el("td", el("button", { type: "button", class: "link", dataset: { hall: h.hallID } }, h.nameZh, el("span", { class: "en" }, h.nameEn))),
        el("td", { class: "num" }, h.waiting),
        el("td", { class: "num" }, `${h.openWindows} / ${h.windows}`),
        el("td", { class: "num" }, minutes(h.longestWaitSeconds)),
        el("td", { class: "num" }, h.openAlerts, h.acknowledgedAlerts ? ` (+${h.acknowledgedAlerts})` : ""),
        el("td", { class: "num" }, rating, h.dissatisfiedToday ? ` · ${h.dissatisfiedToday}✗` : ""),
        el("td", age(h)),
    );
}

async function refresh() {
    if (!token) return showLogin();
    try {
        const d = await call("/api/bureau/dashboard");
        $("error").hidden = true;
        const t = d.totals;
        fill(
            $("totals"),
            [
                [t.halls, "服务厅", "halls"],
                [t.waiting, "等候", "waiting"],
                [t.openWindows, "开放窗口", "open windows"],
                [t.openAlerts, "告警", "open alerts"],
                [t.staleHalls, "数据过期", "stale halls"],
            ].map(([n, zh, en]) => el("div", { class: "fact" }, el("b", { class: "num" }, n), both(zh, en))),
        );
        fill($("rows"), d.halls.map(row));
        if (drilled) await drill(drilled);
    } catch (e) {
        if (e.status !== 401) showError($("error"), e);
    }
}

async function drill(hallID) {
    drilled = hallID;
    const h = await call("/api/bureau/halls/" + encodeURIComponent(hallID));
    $("drill").hidden = false;
    fill($("drill-title"), h.nameZh, el("span", { class: "en" }, `${h.nameEn} · ${h.day}`));
    fill(
        $("drill-lines"),
        h.lines.map((l) =>
            el(
                "tr",
                el("td", l.nameZh, el("span", { class: "en" }, l.nameEn)),
                el("td", { class: "num" }, dash(l.waiting)),
                el("td", { class: "num" }, minutes(l.longestWaitSeconds)),
                el("td", l.estimatedWaitSeconds == null ? "–" : waitText(l.estimatedWaitSeconds, "zh")),
                el("td", { class: "num" }, l.issuedToday),
                el("td", { class: "num" }, l.servedToday),
            ),
        ),
    );
    fill(
        $("drill-windows"),
        h.windows.map((w) => el("li", { class: "window " + w.status }, `${w.number}`, el("small", w.status))),
    );
}

async function stats() {
    const query = `from=${$("from").value}&to=${$("to").value}`;
    try {
        const s = await call("/api/bureau/stats?" + query);
        fill(
            $("stats"),
            s.halls.map((h) =>
                el(
                    "tr",
                    el("td", h.hallID),
                    el("td", { class: "num" }, h.totals.issued),
                    el("td", { class: "num" }, h.totals.served),
                    el("td", { class: "num" }, h.totals.noShows),
                    el("td", { class: "num" }, minutes(h.totals.meanWaitSeconds)),
                    el("td", { class: "num" }, dash(h.totals.meanRating)),
                ),
            ),
        );
        const heat = await call("/api/bureau/heatmap?" + query);
        const max = Math.max(1, ...heat.cells.map((c) => c.issued));
        const cells = new Map(heat.cells.map((c) => [`${c.weekday}-${c.hour}`, c]));
        const hours = [...new Set(heat.cells.map((c) => c.hour))].sort((a, b) => a - b);
        fill(
            $("heat"),
            ["一", "二", "三", "四", "五", "六", "日"].map((day, i) =>
                el(
                    "div",
                    { class: "heat-row", role: "row" },
                    el("span", { role: "rowheader" }, "周" + day),
                    hours.map((h) => {
                        const c = cells.get(`${i + 1}-${h}`);
                        return el(
                            "span",
                            {
                                role: "cell",
                                class: "heat-cell",
                                title: `${h}:00 ${c ? c.issued : 0}`,
                                style: { background: heatColour((c ? c.issued : 0) / max) },
                            },
                            c ? c.issued : "",
                        );
                    }),
                ),
            ),
        );
    } catch (e) {
        if (e.status !== 401) showError($("error"), e);
    }
}

$("login").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
        const reply = await api("POST", "/api/bureau/login", { body: { user: $("user").value, password: $("password").value } });
        token = reply.token;
        sessionStorage.setItem(KEY, token);
        $("login").hidden = true;
        $("login-error").hidden = true;
        $("board").hidden = false;
        $("logout").hidden = false;
        await refresh();
        await stats();
    } catch (e) {
        showError($("login-error"), e);
    }
});
$("logout").addEventListener("click", async () => {
    await api("POST", "/api/bureau/logout", { token }).catch(() => null);
    showLogin();
});
$("rows").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-hall]");
    if (button) drill(button.dataset.hall).catch((e) => showError($("error"), e));
});
$("range").addEventListener("submit", (event) => {
    event.preventDefault();
    stats();
});
$("csv").addEventListener("click", async () => {
    const blob = await call(`/api/bureau/stats.csv?from=${$("from").value}&to=${$("to").value}`, { accept: "text/csv" });
    const link = el("a", { href: URL.createObjectURL(blob), download: `bureau-${$("from").value}-${$("to").value}.csv` });
    link.click();
    URL.revokeObjectURL(link.href);
});

const today = new Date();
$("to").value = today.toISOString().slice(0, 10);
$("from").value = new Date(today.getTime() - 6 * 86400000).toISOString().slice(0, 10);
if (token) {
    $("board").hidden = false;
    $("logout").hidden = false;
    refresh().then(stats);
} else showLogin();
setInterval(refresh, 10000);
