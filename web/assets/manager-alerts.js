// The managers' dashboard: the alerts panel (open and acknowledged alerts, those cleared today, dead-lettered
// notifications) kept from GET /api/alerts, and acknowledging with a click.
import { el, svg, fill } from "/assets/hallq.js";
import { $, state, bi, call, hallTime, hallDay, kindName, toast } from "/assets/manager-shared.js";
import { ring } from "/assets/manager-alarm.js";

export async function refreshAlerts({ ringFor } = {}) {
    try {
        const [reply, closed] = await Promise.all([call("GET", "/api/alerts"), call("GET", "/api/alerts?state=closed")]);
        state.alerts = reply.alerts;
        state.closedAlerts = closed.alerts;
        state.deadLetters = reply.deadLetters;
        const first = !state.alertsLoaded;
        state.alertsLoaded = true;
        for (const a of state.alerts) {
            const key = `${a.id}:${a.level}`;
            if (state.rang.has(key)) continue;
            state.rang.add(key);
            // Alarm for what arrives live (or while the stream was down), not for what was already open at sign-in.
            if ((!first && a.state === "open") || a.id === ringFor) ring(a);
        }
        renderAlerts();
    } catch (e) {
        if (e.status !== 401) toast("告警刷新失败", `Alerts refresh failed: ${e.message}`, true);
    }
}

function renderAlerts() {
    const list = [...state.alerts]
        .sort((a, b) => (a.state === "open") - (b.state === "open") || a.level - b.level || a.raisedAt.localeCompare(b.raisedAt))
        .reverse();
    const unacked = list.filter((a) => a.state === "open").length;
    const badge = $("alert-count");
    badge.hidden = list.length === 0;
    badge.textContent = String(list.length);
    badge.classList.toggle("hot", unacked > 0);
    document.title = (unacked ? `(${unacked}) ` : "") + "管理看板 Manager dashboard · HallQ";
    fill(
        $("alerts"),
        list.length
            ? list.map(alertCard)
            : el(
                  "div",
                  { class: "empty ok-empty" },
                  svg("svg", { viewBox: "0 0 24 24", "aria-hidden": "true" }, svg("path", { d: "M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z" })),
                  bi("暂无告警，一切正常", "No open alerts"),
              ),
    );
    $("alerts-panel").classList.toggle("hot", unacked > 0);
    const today = state.dash?.day;
    const closed = state.closedAlerts.filter((a) => !today || hallDay(a.closedAt) === today).sort((a, b) => b.closedAt.localeCompare(a.closedAt));
    $("closed-count").textContent = closed.length ? String(closed.length) : "";
    fill($("closed"), closed.length ? closed.slice(0, 12).map(closedRow) : none());
    const dead = state.deadLetters;
    $("dead-count").textContent = dead.length ? String(dead.length) : "";
    fill($("dead"), dead.length ? dead.map(deadCard) : none());
}

const none = () => el("div", { class: "empty small" }, bi("无", "None"));

function alertCard(a) {
    const [zh, en] = kindName(a.kind);
    const level =
        a.level >= 2
            ? el("span", { class: "level l2" }, bi("二级 · 已升级主任", "Level 2 · director"))
            : el("span", { class: "level l1" }, bi("一级 · 值班主任", "Level 1 · duty director"));
    const acked = a.state === "acknowledged";
    const foot = acked
        ? el("span", { class: "acked" }, bi("已确认", "Acknowledged"), ` · ${a.acknowledgedBy ?? ""} ${hallTime(a.acknowledgedAt)}`)
        : el("button", { type: "button", class: "ack", dataset: { ack: a.id } }, bi("确认处理", "Acknowledge"));
    return el(
        "article",
        { class: `alert kind-${a.kind} ${acked ? "is-acked" : "is-open"} lvl-${a.level}`, dataset: { alert: a.id } },
        el("header", el("span", { class: "kind" }, bi(zh, en)), level),
        el("p", { class: "msg" }, a.message),
        el("p", { class: "msg-en" }, a.messageEn),
        a.details?.reason && el("p", { class: "reason" }, bi("评价原因", "Reason given"), `：${a.details.reason}`),
        el(
            "footer",
            el(
                "span",
                { class: "meta" },
                bi("发生", "Raised"),
                ` ${hallTime(a.raisedAt)} · `,
                el("span", { dataset: { since: a.raisedAt, fmt: "dur" } }),
                " · ",
                bi("已通知", "Sent"),
                ` ${a.notifications}×`,
            ),
            foot,
        ),
    );
}

function closedRow(a) {
    const [zh, en] = kindName(a.kind);
    const who = a.acknowledgedBy ? bi(`${a.acknowledgedBy} 确认`, "acknowledged") : bi("自动解除", "cleared");
    return el(
        "div",
        { class: `closed-row lvl-${a.level}`, title: a.messageEn },
        el("span", { class: "when" }, `${hallTime(a.raisedAt)}–${hallTime(a.closedAt)}`),
        el("span", { class: "what" }, el("b", zh), ` ${a.message}`),
        el("span", { class: "who" }, who),
    );
}

function deadCard(d) {
    return el(
        "div",
        { class: "dead-row" },
        el("span", { class: "chan" }, d.channel),
        el("span", { class: "target", title: d.target }, d.target),
        el("span", { class: "tries" }, `${d.attempts}×`),
        el("span", { class: "when" }, hallTime(d.createdAt)),
        el("span", { class: "err", title: d.lastError }, `#${d.alertId} · ${d.lastError || "—"}`),
    );
}

export async function onAlertsClick(ev) {
    const btn = ev.target.closest("button[data-ack]");
    if (!btn) return;
    const id = Number(btn.dataset.ack);
    btn.disabled = true;
    try {
        const updated = await call("POST", `/api/alerts/${id}/ack`);
        state.alerts = state.alerts.map((a) => (a.id === id ? updated : a));
        renderAlerts();
        toast("已确认告警", `Alert #${id} acknowledged`);
    } catch (e) {
        if (e.status === 409) toast("该告警已解除", "That alert has already cleared");
        else if (e.status !== 401) toast("确认失败", e.message, true);
        refreshAlerts();
    }
}
