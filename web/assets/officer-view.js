// Officer console: drawing the window, its timers, queues and log (state comes from officer.js).
import { clockText, hallTime, serverClock, el, fill } from "/assets/hallq.js";
import { buttonStates, STATUS_WORDS } from "/assets/officer-rules.js";

const $ = (id) => document.getElementById(id);

/** Chinese with English beside it, as children for el(). */
export const bi = (zh, en) => [zh, " ", el("span", { class: "en" }, en)];

export function serviceName(hall, code) {
    return hall.services.find((s) => s.code === code)?.name ?? { zh: code, en: code };
}

/** The window panel: current ticket, its timers and which actions are possible. */
export function renderWindow(win, hall, busy) {
    const t = win.ticket;
    document.body.dataset.window = win.status;
    document.body.dataset.ticket = t ? t.status : "none";
    $("window-status").className = `o-top-status ${win.status}`;
    const ws = STATUS_WORDS.window[win.status];
    $("window-status").textContent = `${ws[0]} ${ws[1]}`;
    $("current-number").textContent = t ? t.number : "—";
    const ts = t ? (STATUS_WORDS.ticket[t.status] ?? [t.status, t.status]) : win.status === "open" ? ["空闲", "Idle"] : ws;
    $("ticket-status").textContent = `${ts[0]} ${ts[1]}`;
    $("ticket-status").className = `o-chip ${t ? t.status : ""}`;
    if (t) {
        const n = serviceName(hall, t.service);
        fill($("current-service"), n.zh, el("span", { class: "en" }, n.en));
        fill(
            $("current-badges"),
            t.priority === "green" && el("span", { class: "o-badge green" }, "绿色通道 Priority"),
            t.priority === "appointment" && el("span", { class: "o-badge" }, "预约 Appointment"),
            t.transfers > 0 && el("span", { class: "o-badge" }, `转入 Transferred ×${t.transfers}`),
        );
    } else {
        fill($("current-service"), win.status === "paused" && win.pauseReason && bi(`暂停原因：${win.pauseReason}`, "Reason for the pause"));
        fill($("current-badges"));
    }
    renderButtons(win, hall, busy);
    renderTimers(win, hall);
}

export function renderButtons(win, hall, busy) {
    const states = buttonStates(win, hall.recallsBeforeNoShow);
    for (const b of document.querySelectorAll("#actions [data-action]")) {
        b.disabled = busy || !states[b.dataset.action];
    }
    const paused = win.status === "paused";
    $("pause-label").textContent = paused ? "恢复" : "暂停";
    $("pause-label-en").textContent = paused ? "Resume" : "Pause";
    const closed = win.status === "closed";
    $("open-label").textContent = closed ? "开窗" : "关窗";
    $("open-label-en").textContent = closed ? "Open" : "Close";
    fill($("action-hint"), states.hint && bi(states.hint[0], states.hint[1]));
}

/** Running timers (called once a second). */
export function renderTimers(win, hall) {
    const t = win?.ticket;
    const since = (iso) => (iso ? serverClock.secondsSince(iso) : null);
    const span = (a, b) => (a && b ? Math.max(0, (Date.parse(b) - Date.parse(a)) / 1000) : null);
    $("t-waited").textContent = t ? clockText(span(t.issuedAt, t.calledAt) ?? since(t.issuedAt)) : "–";
    $("t-called").textContent = t && t.status === "called" ? clockText(since(t.calledAt)) : t ? clockText(span(t.calledAt, t.startedAt)) : "–";
    const service = t && t.status === "serving" ? since(t.startedAt) : null;
    $("t-service").textContent = service == null ? "–" : clockText(service);
    $("t-service").classList.toggle("warn", service != null && service > 30 * 60);
    $("t-recalls").textContent = t ? `${t.recalls} / ${hall.recallsBeforeNoShow}` : "–";
}

/** The lines this window serves, with live counts, and the hall's totals. */
export function renderQueues(win, queues, hall) {
    if (!queues || !win) return;
    const lines = new Map(queues.services.map((s) => [s.code, s]));
    fill(
        $("queues"),
        (win.services ?? []).map((code, i) => {
            const line = lines.get(code) ?? { waiting: 0, longestWaitSeconds: 0, next: [] };
            const n = serviceName(hall, code);
            const next = line.next?.length ? line.next.slice(0, 4).join(" · ") : "—";
            return el(
                "div",
                { class: ["o-queue", line.waiting >= 10 && "busy"], dataset: { service: code } },
                el("div", { class: ["o-queue-code", i && "secondary"] }, code),
                el(
                    "div",
                    el("div", { class: "o-queue-name" }, bi(n.zh, n.en)),
                    el("div", { class: "o-queue-meta" }, "下一位 Next: ", el("b", { class: "num" }, next)),
                    el("div", { class: "o-queue-meta" }, "最长等候 Longest wait ", el("span", { class: "num" }, clockText(line.longestWaitSeconds))),
                ),
                el("div", { class: "o-queue-count num" }, line.waiting, el("small", "等候 waiting")),
            );
        }),
    );
    fill(
        $("hall-total"),
        bi(
            `全厅等候 ${queues.totalWaiting} 人 · 开放窗口 ${queues.openWindows} 个`,
            `${queues.totalWaiting} waiting in the hall · ${queues.openWindows} windows open`,
        ),
    );
}

/** The window's log, newest first. */
export function renderLog(log, hall) {
    fill(
        $("log"),
        log.length
            ? log.map((l) => el("li", el("time", hallTime(l.at, hall.timeZone).time), el("span", bi(l.zh, l.en))))
            : el("li", { class: "empty" }, bi("暂无记录", "Nothing yet")),
    );
}
