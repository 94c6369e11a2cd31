// Officer console: drawing the window, its timers, queues and log (state comes from officer.js).
import { clockText, hallTime, serverClock, esc } from "/assets/hallq.js";
import { buttonStates, STATUS_WORDS } from "/assets/officer-rules.js";

const $ = (id) => document.getElementById(id);

/** Chinese with English beside it, as HTML. */
export const bi = (zh, en) => `${esc(zh)} <span class="en">${esc(en)}</span>`;

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
    const ts = t ? STATUS_WORDS.ticket[t.status] ?? [t.status, t.status] : win.status === "open" ? ["空闲", "Idle"] : ws;
    $("ticket-status").textContent = `${ts[0]} ${ts[1]}`;
    $("ticket-status").className = `o-chip ${t ? t.status : ""}`;
    if (t) {
        const n = serviceName(hall, t.service);
        $("current-service").innerHTML = `${esc(n.zh)}<span class="en">${esc(n.en)}</span>`;
        const badges = [];
        if (t.priority === "green") badges.push('<span class="o-badge green">绿色通道 Priority</span>');
        if (t.priority === "appointment") badges.push('<span class="o-badge">预约 Appointment</span>');
        if (t.transfers > 0) badges.push(`<span class="o-badge">转入 Transferred ×${t.transfers}</span>`);
        $("current-badges").innerHTML = badges.join("");
    } else {
        $("current-service").innerHTML = win.status === "paused" && win.pauseReason
            ? bi(`暂停原因：${win.pauseReason}`, "Reason for the pause")
            : "";
        $("current-badges").innerHTML = "";
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
    $("action-hint").innerHTML = states.hint ? bi(states.hint[0], states.hint[1]) : "";
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
    $("queues").innerHTML = (win.services ?? []).map((code, i) => {
        const line = lines.get(code) ?? { waiting: 0, longestWaitSeconds: 0, next: [] };
        const n = serviceName(hall, code);
        const next = line.next?.length ? line.next.slice(0, 4).join(" · ") : "—";
        return `<div class="o-queue ${line.waiting >= 10 ? "busy" : ""}" data-service="${esc(code)}">
            <div class="o-queue-code ${i ? "secondary" : ""}">${esc(code)}</div>
            <div><div class="o-queue-name">${esc(n.zh)} <span class="en">${esc(n.en)}</span></div>
                <div class="o-queue-meta">下一位 Next: <b class="num">${esc(next)}</b></div>
                <div class="o-queue-meta">最长等候 Longest wait <span class="num">${clockText(line.longestWaitSeconds)}</span></div></div>
            <div class="o-queue-count num">${line.waiting}<small>等候 waiting</small></div>
        </div>`;
    }).join("");
    $("hall-total").innerHTML = bi(`全厅等候 ${queues.totalWaiting} 人 · 开放窗口 ${queues.openWindows} 个`,
        `${queues.totalWaiting} waiting in the hall · ${queues.openWindows} windows open`);
}

/** The window's log, newest first. */
export function renderLog(log, hall) {
    $("log").innerHTML = log.length
        ? log.map((l) => `<li><time>${hallTime(l.at, hall.timeZone).time}</time><span>${bi(l.zh, l.en)}</span></li>`).join("")
        : `<li class="empty">${bi("暂无记录", "Nothing yet")}</li>`;
}
