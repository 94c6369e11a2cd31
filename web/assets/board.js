// Hall display board: the latest call large and blinking, recent calls, waiting per business; chime and voice.
// Address options (each overrides the hall's [voice] settings): ?voice=daemon|browser|chime, ?volume=0…1,
// ?rate=0.5…2, ?repeat=1…3.
import {
    api,
    LiveFeed,
    throttle,
    loadHallPatiently,
    startClock,
    hallTime,
    serverClock,
    waitText,
    Announcer,
    unlockSoundOnGesture,
    spokenNumberZh,
    spokenNumberEn,
    el,
    fill,
} from "/assets/hallq.js";

const $ = (id) => document.getElementById(id);
const RECENT_SHOWN = 6;
const FLASH_MS = 6500;
// Calls older than this when they reach the board (a replay after reconnecting) are shown but not announced.
const ANNOUNCE_WITHIN_MS = 30000;

let hall = null;
let calls = []; // newest first: {number, service, window, at, kind, seq}
let flashTimer = null;
// What was announced, newest last: lets an operator (or a test) see that the voice queue ran.
const announced = (window.hallqAnnounced = []);
let announcer = null;

/** A number from the address within [min, max], else the hall's setting. */
function setting(name, fallback, min, max) {
    const raw = new URLSearchParams(location.search).get(name);
    const value = raw == null ? NaN : Number(raw);
    return Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

/** The board's voice: the hall's [voice] settings, overridden by the address. */
function makeAnnouncer() {
    const voice = hall.voice ?? { speaker: "daemon", audio: false, volume: 1, rate: 1, repeats: 1 };
    const asked = new URLSearchParams(location.search).get("voice");
    const speaker = ["daemon", "browser", "chime"].includes(asked) ? asked : voice.speaker;
    announcer = window.hallqVoice = new Announcer({
        speaker: speaker === "daemon" && !voice.audio ? "browser" : speaker,
        volume: setting("volume", voice.volume, 0, 1),
        rate: setting("rate", voice.rate, 0.5, 2),
        repeat: Math.round(setting("repeat", voice.repeats, 1, 3)),
        onPlay: (item) => announced.push({ key: item.key, seq: item.seq, zh: item.zh, en: item.en }),
    });
}

function windowNumberWords(n) {
    return { zh: `${n} 号窗口`, en: `window ${n}` };
}

function renderNow(flash) {
    const c = calls[0];
    document.body.dataset.state = c ? "calling" : "empty";
    $("now-number").textContent = c ? c.number : "—";
    $("now-window").textContent = c ? c.window : "–";
    $("now-window-en").textContent = c ? c.window : "–";
    if (c) {
        const s = hall.services.find((x) => x.code === c.service);
        $("now-line").textContent = `${s ? `${s.name.zh} ${s.name.en} · ` : ""}Number ${c.number}, please go to window ${c.window}`;
    }
    if (flash) {
        const now = $("now");
        now.classList.remove("flash");
        void now.offsetWidth; // restart the animation
        now.classList.add("flash");
        clearTimeout(flashTimer);
        flashTimer = setTimeout(() => now.classList.remove("flash"), FLASH_MS);
    }
}

function renderRecent(freshNumber) {
    const rest = calls.slice(1, 1 + RECENT_SHOWN);
    fill(
        $("recent"),
        rest.length
            ? rest.map((c) =>
                  el(
                      "li",
                      { class: c.number === freshNumber && "fresh" },
                      el("span", { class: "num" }, c.number),
                      el("span", { class: "w" }, el("span", { class: "num" }, c.window), el("small", "号窗口")),
                  ),
              )
            : el("li", { class: "empty" }, "暂无更早的呼叫 · No earlier calls yet"),
    );
}

function renderLines(queues) {
    const lines = new Map(queues.services.map((s) => [s.code, s]));
    fill(
        $("lines"),
        hall.services.map((s) => {
            const line = lines.get(s.code) ?? { waiting: 0 };
            const est = line.waiting > 0 ? waitText(line.estimatedWaitSeconds, "zh") : null;
            return el(
                "div",
                { class: "b-line", dataset: { service: s.code } },
                el("div", { class: "b-line-code" }, s.code),
                el("div", { class: "b-line-name" }, s.name.zh, el("small", s.name.en, est && ` · ${est}`)),
                el("div", { class: "b-line-count num" }, line.waiting, el("small", "人")),
            );
        }),
    );
    fill(
        $("total"),
        el("div", el("span", "共等候", el("small", "Total waiting")), el("b", { class: "num", id: "total-waiting" }, queues.totalWaiting)),
        el("div", el("span", "开放窗口", el("small", "Windows open")), el("b", { class: "num" }, queues.openWindows)),
    );
}

/** Adds a call at the top; a number called again moves up rather than appearing twice. */
function addCall(call) {
    calls = [call, ...calls.filter((c) => c.number !== call.number)].slice(0, 40);
    renderNow(true);
    renderRecent(null);
}

function announce(call) {
    const w = windowNumberWords(call.window);
    announcer.say({
        key: call.number,
        seq: call.seq,
        audioUrl: call.seq ? `/api/announcements/${call.seq}` : null,
        zh: `请 ${spokenNumberZh(call.number)} 号，到 ${w.zh}办理`,
        en: `Number ${spokenNumberEn(call.number)}, please go to ${w.en}`,
    });
}

async function resync() {
    const [info, queues] = await Promise.all([api("GET", "/api/hall"), api("GET", "/api/queues")]);
    hall = info;
    serverClock.learn(queues.at);
    renderHeader();
    // The daemon keeps recent calls in memory; after its restart the list is empty, so keep what we showed.
    if (queues.recentCalls.length) {
        const seen = new Set();
        calls = queues.recentCalls.filter((c) => !seen.has(c.number) && seen.add(c.number));
    }
    renderNow(false);
    renderRecent(null);
    renderLines(queues);
}

const refreshLines = throttle(
    () =>
        api("GET", "/api/queues")
            .then(renderLines)
            .catch(() => {}),
    1000,
);

function onEvent(e) {
    if ((e.kind === "ticket.called" || e.kind === "ticket.recalled") && e.ticket && e.ticket.window) {
        const call = { number: e.ticket.number, service: e.ticket.service, window: e.ticket.window, at: e.at, kind: e.kind, seq: e.seq };
        addCall(call);
        if (serverClock.now() - Date.parse(e.at) < ANNOUNCE_WITHIN_MS) announce(call);
    }
    if (e.kind.startsWith("ticket.") || e.kind === "window.changed") refreshLines();
}

function renderHeader() {
    $("hall-zh").textContent = hall.name.zh;
    $("hall-en").textContent = hall.name.en;
    document.title = `${hall.name.zh} · 叫号屏`;
}

async function main() {
    hall = await loadHallPatiently(() => ($("conn-text").textContent = "正在连接 Connecting…"));
    makeAnnouncer();
    renderHeader();
    startClock((now) => {
        const t = hallTime(now, hall.timeZone);
        fill($("time"), t.time, el("small", `:${t.seconds}`));
        $("date-zh").textContent = `${t.dateZh} ${t.weekdayZh}`;
        $("weekday").textContent = `${t.weekdayEn}`;
    });
    const hint = $("sound-hint");
    const soundState = (allowed) => (hint.hidden = allowed);
    soundState(unlockSoundOnGesture(soundState));
    new LiveFeed({
        onEvent,
        onResync: resync,
        onStatus: (s) => ($("conn-text").textContent = s === "online" ? "" : s === "offline" ? "正在重新连接 Reconnecting…" : "连接中 Connecting…"),
    }).start();
}

main();
