// The managers' dashboard: today's totals, the service and window tiles, and the every-second clocks and timers.
import { renderBookings } from "/assets/manager-bookings.js";
import { clockText, el, fill } from "/assets/hallq.js";
import { $, state, bi, now, secondsSince, pct, num, durParts, durText, fmt, hallTime } from "/assets/manager-shared.js";
import { renderTimeline } from "/assets/manager-timeline.js";

export function renderDashboard() {
    renderKPIs();
    renderServices();
    renderWindows();
    renderTimeline();
    renderBookings();
    tick();
}

function kpi(cls, zh, en, value, sub) {
    return el(
        "div",
        { class: ["kpi", cls] },
        el("span", { class: "kpi-label" }, bi(zh, en)),
        el("span", { class: "kpi-value" }, value),
        el("span", { class: "kpi-sub" }, sub),
    );
}

function renderKPIs() {
    const d = state.dash;
    const t = d.totals;
    const open = d.windows.filter((w) => w.status === "open").length;
    const perWindow = open ? t.waiting / open : null;
    const limit = state.rules?.maxWaitingPerOpenWindow;
    const loadCls = perWindow != null && limit && perWindow > limit ? "bad" : open === 0 && t.waiting > 0 ? "bad" : "";
    const withinCls = t.withinTargetShare == null ? "" : t.withinTargetShare >= 0.9 ? "good" : t.withinTargetShare >= 0.75 ? "warn" : "bad";
    const noShowCls = t.noShowRate == null ? "" : t.noShowRate > 0.1 ? "bad" : t.noShowRate > 0.05 ? "warn" : "";
    const ratingCls = t.meanRating == null ? "" : t.meanRating >= 4.5 ? "good" : t.meanRating >= 4 ? "" : "warn";
    fill(
        $("kpis"),
        kpi("", "今日取号", "Issued", el("b", num(t.issued)), bi(`已取消 ${t.cancelled}`, "cancelled")),
        kpi("", "已办结", "Served", el("b", num(t.served)), bi(`过号 ${t.noShows}`, "no-shows")),
        kpi(
            `waiting ${loadCls}`,
            "正在等候",
            "Waiting now",
            el("b", num(t.waiting)),
            bi(`每开放窗口 ${perWindow == null ? "—" : perWindow.toFixed(1)}${limit ? ` / ${limit}` : ""}`, "per open window"),
        ),
        kpi(noShowCls, "过号率", "No-show rate", pct(t.noShowRate), bi(`${t.noShows} 人未到`, "absent when called")),
        kpi(
            `within ${withinCls}`,
            "目标时间内叫号",
            "Called within target",
            pct(t.withinTargetShare),
            bi(`目标 ≤ ${d.targetWaitMinutes} 分钟`, `target ≤ ${d.targetWaitMinutes} min`),
        ),
        kpi("", "平均等候", "Mean wait", durParts(t.meanWaitSeconds), bi("今日已叫号", "of today’s calls")),
        kpi(
            `rating ${ratingCls}`,
            "满意度",
            "Satisfaction",
            t.meanRating == null ? el("b", "—") : [el("b", t.meanRating.toFixed(2)), el("i", "/ 5")],
            [
                bi(`${t.ratings} 条评价`, "ratings"),
                t.dissatisfied > 0 && [" · ", el("span", { class: "bad-text" }, bi(`不满意 ${t.dissatisfied}`, "dissatisfied"))],
            ],
        ),
    );
}

/** A labelled figure of a tile's bottom row. */
const miniStat = (zh, en, value, attrs = {}) => el("span", attrs, el("em", bi(zh, en)), value);

function renderServices() {
    const d = state.dash;
    const maxWaiting = state.rules?.maxWaitingPerService;
    const maxWaitS = state.rules ? state.rules.maxWaitMinutes * 60 : null;
    const target = d.targetWaitMinutes * 60;
    const scale = Math.max(maxWaiting || 0, ...d.services.map((s) => s.waiting), 1);
    fill(
        $("services"),
        d.services.map((s) => {
            const over = maxWaiting && s.waiting > maxWaiting;
            const longCls =
                s.longestWaitSeconds != null && maxWaitS && s.longestWaitSeconds > maxWaitS
                    ? "bad"
                    : s.longestWaitSeconds != null && s.longestWaitSeconds > target
                      ? "warn"
                      : "";
            const est = s.estimatedWaitSeconds;
            const estCls = est == null ? (s.waiting > 0 ? "bad" : "muted") : est > target ? "warn" : "good";
            const fillWidth = Math.min(100, (s.waiting / scale) * 100);
            const mark = maxWaiting ? Math.min(100, (maxWaiting / scale) * 100) : null;
            const estimate = est == null ? (s.waiting > 0 || !hasOpenWindowFor(s.service) ? bi("无窗口", "no window") : "—") : durParts(est);
            const longest = s.longestWaitSeconds == null ? {} : { dataset: { base: s.longestWaitSeconds, fmt: "dur" } };
            return el(
                "div",
                { class: ["svc", over && "over"], dataset: { service: s.service } },
                el(
                    "div",
                    { class: "svc-head" },
                    el("span", { class: "svc-code" }, s.service),
                    el("span", { class: "svc-name" }, el("b", s.nameZh), el("small", s.nameEn)),
                    el("span", { class: "svc-waiting", dataset: { waiting: s.waiting } }, el("b", s.waiting), el("i", bi("人等候", "waiting"))),
                ),
                el(
                    "div",
                    { class: "bar", title: maxWaiting ? `告警线 ${maxWaiting} 人 · alert above ${maxWaiting}` : "" },
                    el("span", { style: { width: `${fillWidth}%` } }),
                    mark != null && el("i", { style: { left: `${mark}%` } }),
                ),
                el(
                    "div",
                    { class: "svc-facts" },
                    el(
                        "span",
                        { class: ["fact", longCls] },
                        el("em", bi("最长等候", "Longest")),
                        el("span", longest, durParts(s.longestWaitSeconds)),
                    ),
                    el("span", { class: ["fact", estCls] }, el("em", bi("新号预计", "New ticket")), el("span", estimate)),
                ),
                el(
                    "div",
                    { class: "mini-stats" },
                    miniStat("取号", "Issued", el("b", s.issued)),
                    miniStat("办结", "Served", el("b", s.served)),
                    miniStat("均等", "Mean wait", el("b", { class: "v" }, durParts(s.meanWaitSeconds))),
                ),
                s.waiting > 0 &&
                    el(
                        "button",
                        { type: "button", class: "ghost svc-cancel", dataset: { cancelLine: s.service } },
                        bi("取消等候…", "Cancel waiting…"),
                    ),
            );
        }),
    );
    fill($("services-note"), maxWaiting && bi(`告警线 ${maxWaiting} 人`, `alert above ${maxWaiting}`));
}

const hasOpenWindowFor = (code) => state.dash.windows.some((w) => w.status === "open" && (w.services || []).includes(code));

function windowStatus(w) {
    if (w.status === "closed") return ["closed", "关闭", "Closed"];
    if (w.status === "paused") return ["paused", "暂停", "Paused"];
    if (!w.ticket) return ["idle", "空闲", "Idle"];
    if (w.ticket.status === "called") return ["calling", "呼叫中", "Calling"];
    return ["serving", "办理中", "Serving"];
}

function renderWindows() {
    const d = state.dash;
    const counts = { open: 0, paused: 0, closed: 0 };
    for (const w of d.windows) counts[w.status] = (counts[w.status] || 0) + 1;
    fill(
        $("windows-note"),
        bi(`开放 ${counts.open}`, "open"),
        " · ",
        bi(`暂停 ${counts.paused}`, "paused"),
        " · ",
        bi(`关闭 ${counts.closed}`, "closed"),
    );
    const maxPause = state.rules ? state.rules.maxPauseMinutes * 60 : null;
    fill(
        $("windows"),
        d.windows.map((w) => {
            const [cls, zh, en] = windowStatus(w);
            let current;
            if (w.ticket) {
                const since = w.ticket.status === "called" ? w.ticket.calledAt : w.ticket.startedAt || w.ticket.calledAt;
                current = [
                    el("span", { class: "win-ticket" }, w.ticket.number),
                    el("span", { class: "win-timer", dataset: { since, fmt: "clock" } }),
                ];
            } else if (w.status === "paused") {
                const long = maxPause && secondsSince(w.since) > maxPause;
                current = [
                    el("span", { class: "win-reason" }, w.pauseReason || "暂停 Paused"),
                    el("span", { class: ["win-timer", long && "bad"], dataset: { since: w.since, fmt: "clock" } }),
                ];
            } else if (w.status === "open") {
                current = el("span", { class: "win-idle" }, bi("等待叫号", "ready to call"));
            } else {
                current = el("span", { class: "win-idle" }, "—");
            }
            const rating = w.meanRating == null ? "—" : [w.meanRating.toFixed(1), el("i", "★")];
            const ratingCls = w.meanRating == null ? "" : w.meanRating < 3.5 ? "bad" : w.meanRating < 4.2 ? "warn" : "good";
            return el(
                "div",
                { class: `win st-${cls}`, dataset: { window: w.number } },
                el(
                    "div",
                    { class: "win-head" },
                    el("span", { class: "win-no" }, w.number),
                    el(
                        "span",
                        { class: ["win-name", !w.officer && "no-officer"] },
                        w.officerName || w.officer || w.nameZh,
                        el("small", (w.services || []).join(" · ")),
                    ),
                    el("span", { class: `pill ${cls}` }, bi(zh, en)),
                ),
                el("div", { class: "win-now" }, current),
                el(
                    "div",
                    { class: "mini-stats" },
                    miniStat("已办", "Served", el("b", w.served)),
                    miniStat("均时", "Avg", el("b", { class: "v" }, durParts(w.meanServiceSeconds))),
                    miniStat("满意", "Rating", [el("b", rating), el("small", { class: "n" }, w.ratings ? `(${w.ratings})` : "")], {
                        class: ratingCls,
                    }),
                ),
            );
        }),
    );
}

// ---------- every second ----------
export function tick() {
    if (state.hall) {
        const n = new Date(now());
        const date = fmt("date", { month: "long", day: "numeric", weekday: "short" }).format(n);
        fill($("clock"), el("span", date), el("b", hallTime(n.toISOString(), true)));
    }
    const elapsed = state.dash ? (now() - Date.parse(state.dash.at)) / 1000 : 0;
    for (const span of document.querySelectorAll("[data-base]")) fill(span, durParts(Number(span.dataset.base) + elapsed));
    for (const span of document.querySelectorAll("[data-since]")) {
        const s = secondsSince(span.dataset.since);
        span.textContent = span.dataset.fmt === "clock" ? clockText(s) : durText(s);
    }
}
