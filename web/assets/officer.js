// Officer console: log in, then run one window with buttons and keyboard shortcuts; live queues; never double-acts.
import { api, errorText, LiveFeed, throttle, loadHallPatiently, serverClock, toast, el, fill } from "/assets/hallq.js";
import { buttonStates, ACTION_KEYS, STATUS_WORDS, PAUSE_REASONS } from "/assets/officer-rules.js";
import {
    bi,
    renderWindow,
    renderButtons as renderButtonStates,
    renderTimers,
    renderQueues as renderQueueLines,
    renderLog as renderLogLines,
} from "/assets/officer-view.js";
import { currentStaff, saveStaff, logIn, logOut, checkStaff } from "/assets/staff.js";

const $ = (id) => document.getElementById(id);
let session = null; // {token, role, window, user, displayName}
let hall = null;
let win = null; // GET /api/windows/{n}
let queues = null;
let busy = false;
let feed = null;
const log = [];

function saveSession() {
    saveStaff(session);
}

function show(view) {
    document.body.dataset.view = view;
    $("login-view").hidden = view !== "login";
    $("console-view").hidden = view !== "console";
}

function showError(e) {
    fill($("error-text"), bi(errorText(e, "zh"), errorText(e, "en")));
    $("error").hidden = false;
}

function clearError() {
    $("error").hidden = true;
}

// ── Login ───────────────────────────────────────────────────────────────────
async function login(event) {
    event.preventDefault();
    const user = $("user").value.trim();
    const password = $("password").value;
    $("login-error").hidden = true;
    if (!user || !password) {
        fill($("login-error"), bi("请输入用户名和密码", "Enter your user name and password"));
        $("login-error").hidden = false;
        return;
    }
    $("login-btn").disabled = true;
    try {
        session = await logIn(user, password);
        if (session.window == null) session.window = Number(localStorage.getItem("hallq.officer.lastWindow")) || hall.windows[0].number;
        saveSession();
        $("password").value = "";
        enterConsole();
    } catch (e) {
        fill($("login-error"), bi(errorText(e, "zh"), errorText(e, "en")));
        $("login-error").hidden = false;
    } finally {
        $("login-btn").disabled = false;
    }
}

/** Back to the login form; `message` (children for el()) says why the session ended. */
async function logout(message) {
    if (message) saveStaff(null);
    else logOut(session);
    session = null;
    show("login");
    if (message) {
        fill($("login-error"), message);
        $("login-error").hidden = false;
    }
    $("user").focus();
}

// ── Console ─────────────────────────────────────────────────────────────────
function enterConsole() {
    show("console");
    document.activeElement?.blur();
    const picker = $("window-pick");
    const staff = session.role !== "officer";
    picker.hidden = !staff;
    if (staff) {
        fill(
            picker,
            hall.windows.map((w) => el("option", { value: w.number }, `${w.name.zh} ${w.name.en}`)),
        );
        picker.value = String(session.window);
    }
    $("user-name").textContent = session.displayName ? `${session.displayName} (${session.user})` : session.user;
    renderWindowTitle();
    log.length = 0;
    renderLog();
    if (!feed) feed = new LiveFeed({ onEvent, onResync: resync, onStatus }).start();
    else feed.resync();
}

function renderWindowTitle() {
    const w = hall.windows.find((x) => x.number === session.window);
    $("window-name").hidden = session.role !== "officer";
    $("window-name").textContent = w ? `${w.name.zh} ${w.name.en}` : `${session.window}`;
    document.title = `${w ? w.name.zh : session.window} · 窗口工作台 Officer console`;
}

async function loadWindow() {
    win = await api("GET", `/api/windows/${session.window}`);
    render();
    // The queues may have come first: they are drawn for the window's services, so draw them now.
    renderQueues();
}

async function loadQueues() {
    queues = await api("GET", "/api/queues");
    serverClock.learn(queues.at);
    renderQueues();
    renderLogFromCalls();
}

async function resync() {
    if (!session) return;
    await Promise.all([loadWindow(), loadQueues()]);
}

function onStatus(status) {
    $("offline").hidden = status !== "offline";
    $("live-text").textContent = status === "online" ? "实时 Live" : status === "offline" ? "离线 Offline" : "连接中 Connecting";
}

const refreshQueues = throttle(() => loadQueues().catch(() => {}), 1000);

function onEvent(e) {
    if (!session) return;
    if (e.window && e.window.number === session.window && !busy) {
        win = { ...e.window };
        render();
    }
    if (e.kind.startsWith("ticket.") || e.kind === "window.changed") refreshQueues();
}

const render = () => win && renderWindow(win, hall, busy);
const renderButtons = () => win && renderButtonStates(win, hall, busy);
const tick = () => win && renderTimers(win, hall);
const renderQueues = () => renderQueueLines(win, queues, hall);
const renderLog = () => renderLogLines(log, hall);

function addLog(zh, en) {
    log.unshift({ at: new Date(serverClock.now()), zh, en });
    log.length = Math.min(log.length, 40);
    renderLog();
}

/** After a reload the log starts from the hall's recent calls at this window. */
function renderLogFromCalls() {
    if (log.length || !queues) return;
    for (const c of [...queues.recentCalls].reverse().filter((c) => c.window === session.window)) {
        log.unshift({
            at: new Date(c.at),
            zh: `${c.kind === "ticket.recalled" ? "重呼" : "呼叫"} ${c.number}`,
            en: c.kind === "ticket.recalled" ? "recalled" : "called",
        });
    }
    renderLog();
}

// ── Actions ─────────────────────────────────────────────────────────────────
async function act(action, body) {
    if (busy || !session) return;
    const button = document.querySelector(`#actions [data-action="${action === "resume" ? "pause" : action === "close" ? "open" : action}"]`);
    busy = true;
    clearError();
    renderButtons();
    button?.setAttribute("aria-busy", "true");
    try {
        const reply = await api("POST", `/api/windows/${session.window}/${action}`, { body, token: session.token });
        if (action === "call-next") {
            if (reply) addLog(`呼叫 ${reply.number}`, "called");
            else toast("当前没有等候的号 · Nobody is waiting for this window");
            await loadWindow();
        } else {
            const number = win?.ticket?.number ?? "";
            win = reply;
            const words = STATUS_WORDS.done[action];
            if (words) addLog(`${words[0]} ${number}`.trim(), words[1]);
        }
    } catch (e) {
        if (e.status === 401) return logout(bi(errorText(e, "zh"), errorText(e, "en")));
        showError(e);
        // The server knows best: after a refusal or a lost reply, show the window as it really is.
        await loadWindow().catch(() => {});
    } finally {
        busy = false;
        button?.removeAttribute("aria-busy");
        render();
        refreshQueues();
    }
}

function press(action) {
    if (!win || busy) return;
    const states = buttonStates(win, hall.recallsBeforeNoShow);
    if (!states[action]) return;
    if (action === "pause") return win.status === "paused" ? act("resume") : openPause();
    if (action === "open") return act(win.status === "closed" ? "open" : "close");
    if (action === "transfer") return openTransfer();
    act(action);
}

function openTransfer() {
    const t = win.ticket;
    $("transfer-number").textContent = t.number;
    fill(
        $("transfer-services"),
        hall.services
            .filter((s) => s.code !== t.service)
            .map((s) => el("button", { class: "btn secondary", value: `service:${s.code}` }, el("b", s.code), ` ${s.name.zh}`)),
    );
    const states = new Map((queues?.windows ?? []).map((w) => [w.number, w.status]));
    fill(
        $("transfer-windows"),
        hall.windows
            .filter((w) => w.number !== session.window)
            .map((w) => {
                const closed = states.get(w.number) === "closed";
                return el(
                    "button",
                    { class: "btn secondary num", value: `window:${w.number}`, disabled: closed, title: closed && "关闭 Closed" },
                    w.number,
                );
            }),
    );
    choose($("transfer-dialog"), (value) => {
        const [kind, target] = value.split(":");
        act("transfer", kind === "service" ? { service: target } : { window: Number(target) });
    });
}

function openPause() {
    fill(
        $("pause-reasons"),
        PAUSE_REASONS.map((r, i) => el("button", { class: "btn secondary", value: r[0] }, el("kbd", i + 1), " ", bi(r[0], r[1]))),
    );
    choose(
        $("pause-dialog"),
        (reason) => act("pause", { reason }),
        (key) => PAUSE_REASONS[Number(key) - 1]?.[0],
    );
}

/** Opens a dialog; `done(value)` runs for any choice but cancel. `byKey` maps a key press to a value. */
function choose(dialog, done, byKey = () => undefined) {
    dialog.returnValue = "";
    const onKey = (e) => {
        const value = byKey(e.key);
        if (value) {
            e.preventDefault();
            dialog.close(value);
        }
    };
    dialog.addEventListener("keydown", onKey);
    dialog.addEventListener(
        "close",
        () => {
            dialog.removeEventListener("keydown", onKey);
            if (dialog.returnValue && dialog.returnValue !== "cancel") done(dialog.returnValue);
        },
        { once: true },
    );
    dialog.showModal();
}

function onKey(e) {
    if (document.body.dataset.view !== "console" || e.ctrlKey || e.altKey || e.metaKey) return;
    if (document.querySelector("dialog[open]")) return;
    if (e.target.closest("input, textarea, select")) return;
    const action = ACTION_KEYS[e.key.length === 1 ? e.key.toLowerCase() : e.key];
    if (!action) return;
    e.preventDefault();
    if (e.repeat) return;
    press(action);
}

async function main() {
    hall = await loadHallPatiently();
    $("hall-name").textContent = `${hall.name.zh}`;
    $("login-hall").textContent = hall.name.zh;
    $("login-hall-en").textContent = hall.name.en;
    $("login-form").addEventListener("submit", login);
    $("logout").addEventListener("click", () => logout());
    $("error-close").addEventListener("click", clearError);
    $("actions").addEventListener("click", (e) => {
        const b = e.target.closest("[data-action]");
        // No focus left on a button: Space and Enter then mean the shortcuts, never a second click.
        b?.blur();
        if (b && !b.disabled) press(b.dataset.action);
    });
    $("window-pick").addEventListener("change", (e) => {
        session.window = Number(e.target.value);
        localStorage.setItem("hallq.officer.lastWindow", String(session.window));
        saveSession();
        log.length = 0;
        renderWindowTitle();
        resync().catch(showError);
    });
    addEventListener("keydown", onKey);
    setInterval(() => win && tick(), 1000);
    session = currentStaff();
    if (!session) return logout();
    try {
        await checkStaff(session);
        enterConsole();
    } catch (e) {
        if (e.status === 401) return logout(bi(errorText(e, "zh"), errorText(e, "en")));
        enterConsole();
    }
}

main().catch((e) => {
    show("login");
    fill($("login-error"), bi(errorText(e, "zh"), errorText(e, "en")));
    $("login-error").hidden = false;
});
