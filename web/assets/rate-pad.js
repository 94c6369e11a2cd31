// Rating pad at window n (/displays/rate/{n}): welcome, the number being served, and — when the officer finishes —
// five big buttons, reasons when dissatisfied, thanks, then back to the welcome screen.
// The pad sends ratings with its own token: until it has one, it asks the window's officer (or a manager) to log in
// once, pairs itself (POST /api/windows/{n}/pad), keeps the token in localStorage and logs that session out again.
// A token the server no longer knows (revoked) brings the pairing screen back.
import { api, errorText, LiveFeed, loadHallPatiently, serverClock, el, fill } from "/assets/hallq.js";
import { RATING_LEVELS, RATING_REASONS, ASK_REASON_AT_OR_BELOW, colourLevels, face, reasonText, sendRating } from "/assets/rating.js";

const $ = (id) => document.getElementById(id);
const windowNumber = Number(location.pathname.split("/").filter(Boolean)[2] || new URLSearchParams(location.search).get("n"));
const RATE_TIMEOUT_MS = 60000;
const THANKS_MS = 6000;
// The server accepts a pad's rating for 10 minutes after the finish; a replayed older finish is not asked about.
const ASK_WITHIN_MS = 5 * 60000;
// How often an idle pad asks whether its pairing still holds.
const PAIRING_CHECK_MS = 5 * 60000;
const TOKEN_KEY = `hallq.pad.${windowNumber}.token`;

let padToken = localStorage.getItem(TOKEN_KEY);

let win = null;
let pending = null; // {id, number} of the ticket to rate
let score = null;
const chosen = new Set();
let timer = null;
let sending = false;

function screen(name) {
    document.body.dataset.state = name;
    for (const s of ["pair", "welcome", "rate", "reasons", "thanks"]) $(s).hidden = s !== name;
    $("error").hidden = true;
}

// ---------- pairing ----------

/** Forgets the pad's token and shows the pairing form, with why (zh, en) when there is a reason. */
function showPairing(zh, en) {
    clearTimeout(timer);
    localStorage.removeItem(TOKEN_KEY);
    padToken = null;
    pending = null;
    screen("pair");
    $("pair-error").textContent = zh ? `${zh} · ${en}` : "";
    $("pair-password").value = "";
    $("pair-user").focus();
}

/** Whether the server still knows this pad's token as window n's pad; network trouble keeps the token. */
async function stillPaired() {
    if (!padToken) return false;
    try {
        const pad = await api("GET", "/api/pad", { token: padToken });
        return pad.window === windowNumber;
    } catch (e) {
        return e.status !== 401 && e.status !== 403;
    }
}

async function checkPairing() {
    if (!padToken || (await stillPaired())) return;
    showPairing("本评价器的配对已失效，请重新配对", "This pad's pairing has ended; please pair it again");
}

async function pair(ev) {
    ev.preventDefault();
    $("pair-submit").disabled = true;
    $("pair-error").textContent = "";
    let session = null;
    try {
        session = await api("POST", "/api/login", { body: { user: $("pair-user").value.trim(), password: $("pair-password").value } });
        if (session.role === "officer" && session.window !== windowNumber) {
            $("pair-error").textContent = `此账号属于 ${session.window} 号窗口 · This login works at window ${session.window}`;
            return;
        }
        const reply = await api("POST", `/api/windows/${windowNumber}/pad`, {
            token: session.token,
            body: { label: `${windowNumber} 号窗口评价器 · rating pad, window ${windowNumber}` },
        });
        padToken = reply.token;
        localStorage.setItem(TOKEN_KEY, padToken);
    } catch (e) {
        $("pair-error").textContent = `${errorText(e, "zh")} · ${errorText(e, "en")}`;
    } finally {
        // The officer's login was only for pairing: it ends here, whatever happened.
        if (session) await api("POST", "/api/logout", { token: session.token }).catch(() => {});
        $("pair-password").value = "";
        $("pair-submit").disabled = false;
    }
    if (padToken) {
        $("pair-user").value = "";
        renderWelcome();
    }
}

// ---------- welcome, rating, thanks ----------

function renderWelcome() {
    if (pending || !padToken) return;
    screen("welcome");
    const t = win?.ticket;
    const away = win && !t && win.status !== "open";
    $("serving").hidden = !t && !away;
    if (t) {
        $("serving-label").textContent = t.status === "serving" ? "正在为您办理 · Now serving" : "请 · Now calling";
        $("serving-number").textContent = t.number;
    } else if (away) {
        $("serving-label").textContent = win.status === "paused" ? "本窗口暂停服务 · Paused" : "本窗口已关闭 · Closed";
        $("serving-number").textContent = "";
    }
    $("welcome-note").hidden = !!away;
}

function countdown(barId, ms, then) {
    clearTimeout(timer);
    const bar = $(barId);
    bar.style.transition = "none";
    bar.style.transform = "scaleX(1)";
    void bar.offsetWidth;
    bar.style.transition = `transform ${ms}ms linear`;
    bar.style.transform = "scaleX(0)";
    timer = setTimeout(then, ms);
}

function ask(ticket) {
    if (!padToken) return;
    pending = { id: ticket.id, number: ticket.number };
    score = null;
    chosen.clear();
    screen("rate");
    $("rate-number").textContent = ticket.number;
    fill(
        $("levels"),
        RATING_LEVELS.map((l) =>
            el("button", { type: "button", class: "r-level", dataset: { score: l.score } }, face(l.score), el("b", l.zh), el("span", l.en)),
        ),
    );
    colourLevels($("levels"));
    countdown("timeout-bar", RATE_TIMEOUT_MS, reset);
}

function askReasons() {
    screen("reasons");
    fill(
        $("chips"),
        RATING_REASONS.map((r, i) =>
            el("button", { type: "button", class: "r-chip", dataset: { i }, "aria-pressed": "false" }, r.zh, el("span", r.en)),
        ),
    );
    countdown("timeout-bar-2", RATE_TIMEOUT_MS, () => send(false));
}

async function send(withReason) {
    if (!pending || sending) return;
    sending = true;
    clearTimeout(timer);
    const body = { score };
    if (withReason) {
        const reason = reasonText([...chosen].map((i) => RATING_REASONS[i]));
        if (reason) body.reason = reason;
    }
    try {
        const { outcome } = await sendRating(pending.id, body, padToken);
        if (outcome === "unavailable") thanks("评价功能暂未开放", "Rating is not available yet");
        else if (outcome === "not_finished") thanks("暂时无法评价", "This ticket cannot be rated yet");
        else thanks("感谢您的评价！", "Thank you for your feedback!");
    } catch (e) {
        if (e.status === 401) return showPairing("本评价器的配对已失效，请重新配对", "This pad's pairing has ended; please pair it again");
        $("error").textContent = `${errorText(e, "zh")} · ${errorText(e, "en")}`;
        $("error").hidden = false;
        timer = setTimeout(reset, THANKS_MS);
    } finally {
        sending = false;
    }
}

function thanks(zh, en) {
    screen("thanks");
    $("thanks-title").textContent = zh;
    $("thanks-en").textContent = en;
    timer = setTimeout(reset, THANKS_MS);
}

function reset() {
    clearTimeout(timer);
    pending = null;
    score = null;
    renderWelcome();
}

async function resync() {
    win = await api("GET", `/api/windows/${windowNumber}`);
    renderWelcome();
    checkPairing();
}

function onEvent(e) {
    const here = (e.window && e.window.number === windowNumber) || (e.ticket && e.ticket.window === windowNumber);
    if (!here) return;
    if (e.window && e.window.number === windowNumber) win = e.window;
    if (e.kind === "ticket.finished" && e.ticket && serverClock.now() - Date.parse(e.at) < ASK_WITHIN_MS) ask(e.ticket);
    else renderWelcome();
}

function wire() {
    $("levels").addEventListener("click", (e) => {
        const b = e.target.closest("[data-score]");
        if (!b || sending) return;
        score = Number(b.dataset.score);
        b.setAttribute("aria-pressed", "true");
        if (score <= ASK_REASON_AT_OR_BELOW) askReasons();
        else send(false);
    });
    $("chips").addEventListener("click", (e) => {
        const b = e.target.closest("[data-i]");
        if (!b) return;
        const i = Number(b.dataset.i);
        if (chosen.has(i)) chosen.delete(i);
        else chosen.add(i);
        b.setAttribute("aria-pressed", String(chosen.has(i)));
        countdown("timeout-bar-2", RATE_TIMEOUT_MS, () => send(true));
    });
    $("send-reason").addEventListener("click", () => send(true));
    $("skip-reason").addEventListener("click", () => send(false));
    $("pair-form").addEventListener("submit", pair);
}

async function main() {
    wire();
    if (padToken) screen("welcome");
    else showPairing();
    const hall = await loadHallPatiently();
    const w = hall.windows.find((x) => x.number === windowNumber);
    $("hall-zh").textContent = hall.name.zh;
    $("hall-en").textContent = hall.name.en;
    $("window-zh").textContent = w ? w.name.zh : `${windowNumber}号窗口`;
    $("window-en").textContent = w ? w.name.en : `Window ${windowNumber}`;
    document.title = `${w ? w.name.zh : windowNumber} · 服务评价 Rating`;
    if (!w) {
        $("serving").hidden = false;
        $("serving-label").textContent = `未配置此窗口 · No window ${windowNumber} in this hall`;
        screen("welcome");
        return;
    }
    if (padToken && !(await stillPaired())) showPairing("本评价器的配对已失效，请重新配对", "This pad's pairing has ended; please pair it again");
    setInterval(checkPairing, PAIRING_CHECK_MS);
    new LiveFeed({ onEvent, onResync: resync }).start();
}

main();
