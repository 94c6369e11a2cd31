// The managers' dashboard: lines, windows, today's totals and timeline, and alerts that ring.
// Data: /api/dashboard and /api/alerts (manager login), kept live by /api/events. No libraries, no build step.
// This module signs in and out and keeps the page live; the others draw it: manager-tiles.js (totals, lines, windows),
// manager-timeline.js, manager-alerts.js, manager-alarm.js, manager-rules.js and manager-pads.js; manager-shared.js holds
// what they share.
import { LiveFeed, serverClock, loadHall, logIn, logOut, checkStaff, fill } from "/assets/hallq.js";
import { $, state, bi, call, toast, whenSessionEnds } from "/assets/manager-shared.js";
import { unlockAudio, askNotificationPermission, onAlarmButton, renderAlarmButton } from "/assets/manager-alarm.js";
import { refreshAlerts, onAlertsClick } from "/assets/manager-alerts.js";
import { renderDashboard, tick } from "/assets/manager-tiles.js";
import { renderTimeline } from "/assets/manager-timeline.js";
import { loadRules, openRules, saveRules } from "/assets/manager-rules.js";
import { onServicesClick, confirmCancel } from "/assets/manager-cancel.js";
import { refreshPads, onPadsClick } from "/assets/manager-pads.js";

const REFRESH_MIN_GAP_MS = 2000;
const REFRESH_EVERY_MS = 30000;
const HALL_EVENTS = new Set([
    "ticket.issued",
    "ticket.called",
    "ticket.recalled",
    "ticket.started",
    "ticket.finished",
    "ticket.noShow",
    "ticket.transferred",
    "ticket.cancelled",
    "window.changed",
    "rating.given",
    "appointment.booked",
    "appointment.cancelled",
    "appointment.checkedIn",
    "appointment.late",
    "appointment.noShow",
]);
const MANAGER_ROLES = ["manager", "admin"];

// ---------- login ----------
async function start() {
    document.addEventListener("pointerdown", unlockAudio, { capture: true });
    document.addEventListener("keydown", unlockAudio, { capture: true });
    $("login-form").addEventListener("submit", onLogin);
    $("btn-logout").addEventListener("click", () => {
        logOut(state.staff);
        signedOut();
    });
    $("btn-rules").addEventListener("click", openRules);
    $("btn-alarm").addEventListener("click", onAlarmButton);
    $("alerts").addEventListener("click", onAlertsClick);
    $("pads").addEventListener("click", onPadsClick);
    $("rules-form").addEventListener("submit", saveRules);
    $("rules-cancel").addEventListener("click", () => $("rules-dialog").close());
    $("services").addEventListener("click", onServicesClick);
    $("cancel-form").addEventListener("submit", confirmCancel);
    $("cancel-keep").addEventListener("click", () => $("cancel-dialog").close());
    window.addEventListener("resize", () => state.dash && renderTimeline());
    try {
        state.hall = await loadHall();
        $("login-hall-zh").textContent = state.hall.name.zh;
        $("login-hall-en").textContent = state.hall.name.en;
    } catch {
        /* the login form still works; the hall's name is filled in after sign-in */
    }
    if (state.staff && MANAGER_ROLES.includes(state.staff.role)) {
        try {
            await checkStaff(state.staff);
            return enter();
        } catch {
            /* an ended session: sign in again */
        }
    }
    showLogin();
}

function showLogin(zh, en) {
    $("app").hidden = true;
    $("login").hidden = false;
    fill($("login-error"), zh && bi(zh, en));
    $("login-password").value = "";
    ($("login-user").value ? $("login-password") : $("login-user")).focus();
}

async function onLogin(ev) {
    ev.preventDefault();
    unlockAudio();
    askNotificationPermission();
    $("login-submit").disabled = true;
    $("login-error").textContent = "";
    try {
        const staff = await logIn($("login-user").value.trim(), $("login-password").value);
        if (!MANAGER_ROLES.includes(staff.role)) {
            logOut(staff);
            return showLogin("此账号不是管理账号。", "This login is not a manager’s.");
        }
        state.staff = staff;
        enter();
    } catch (e) {
        if (e.status === 401) showLogin("账号或密码错误。", "Unknown user or wrong password.");
        else if (e.status === 429) showLogin("失败次数过多，请稍后再试。", e.message);
        else showLogin("无法登录。", e.message);
    } finally {
        $("login-submit").disabled = false;
    }
}

function signedOut(zh, en) {
    stopLive();
    if (state.staff) logOut(null);
    state.staff = null;
    for (const id of ["rules-dialog", "cancel-dialog"]) if ($(id).open) $(id).close();
    showLogin(zh, en);
}

async function enter() {
    $("login").hidden = true;
    $("app").hidden = false;
    const who = state.staff;
    fill($("who"), bi(who.displayName || who.user, who.user));
    if (!state.hall) state.hall = await loadHall();
    $("hall-zh").textContent = state.hall.name.zh;
    $("hall-en").textContent = state.hall.name.en;
    state.running = true;
    state.alertsLoaded = false;
    state.rang.clear();
    renderAlarmButton();
    await Promise.allSettled([loadRules().then(refreshDashboard), refreshAlerts(), refreshPads()]);
    if (!state.running) return;
    // Every (re)connection resyncs from the REST API; events missed while away are replayed first.
    state.feed = new LiveFeed({ onEvent, onStatus: setLive, onResync: () => Promise.all([refreshDashboard(true), refreshAlerts()]) }).start();
    state.everyTimer = setInterval(() => {
        loadRules().then(() => refreshDashboard());
        refreshAlerts();
        refreshPads();
    }, REFRESH_EVERY_MS);
    state.tickTimer = setInterval(tick, 1000);
    tick();
}

function stopLive() {
    state.running = false;
    const feed = state.feed;
    state.feed = null;
    if (feed) {
        // LiveFeed has no stop: silence it and keep it from reconnecting (it listens for 'online' and visibility).
        Object.assign(feed, { connect() {}, onEvent() {}, onResync() {}, onStatus() {} });
        clearTimeout(feed.timer);
        feed.source?.close();
        feed.source = null;
    }
    clearTimeout(state.dashboardTimer);
    state.dashboardTimer = 0;
    for (const t of ["everyTimer", "tickTimer"]) {
        clearInterval(state[t]);
        state[t] = 0;
    }
}

// ---------- live events ----------
function setLive(s) {
    const live = $("live");
    live.dataset.state = s;
    const text = { online: ["实时", "Live"], connecting: ["连接中", "Connecting"], offline: ["重新连接中", "Reconnecting"] }[s];
    if (text) fill(live.querySelector(".live-text"), bi(...text));
}

function onEvent(e) {
    if (!state.running) return;
    if (HALL_EVENTS.has(e.kind)) return scheduleDashboard();
    if (!e.kind.startsWith("alert.")) return;
    // The public stream carries only the alert's id and level: its words come from GET /api/alerts.
    const ring = e.kind === "alert.raised" || e.kind === "alert.escalated";
    refreshAlerts(ring ? { ringFor: Number(e.details?.alert) } : {});
    if (e.kind === "alert.raised" || e.kind === "alert.closed") scheduleDashboard();
}

/** Fetches the dashboard at most every 2 s however many events arrive. */
function scheduleDashboard() {
    if (state.dashboardTimer) return;
    const wait = Math.max(0, state.lastDashboardAt + REFRESH_MIN_GAP_MS - Date.now());
    state.dashboardTimer = setTimeout(() => {
        state.dashboardTimer = 0;
        refreshDashboard();
    }, wait);
}

async function refreshDashboard(force = false) {
    if (state.dashboardInFlight && !force) return state.dashboardInFlight;
    state.lastDashboardAt = Date.now();
    const run = (async () => {
        try {
            const d = await call("GET", "/api/dashboard");
            if (!state.running) return;
            serverClock.learn(d.at);
            state.dash = d;
            renderDashboard();
        } catch (e) {
            if (e.status !== 401) toast("看板刷新失败", `Dashboard refresh failed: ${e.message}`, true);
        }
    })();
    state.dashboardInFlight = run;
    try {
        await run;
    } finally {
        if (state.dashboardInFlight === run) state.dashboardInFlight = null;
    }
}

whenSessionEnds(signedOut);
start();
