// The managers' dashboard, shared by its modules: the page's state, bilingual and time formatting in the hall's zone,
// the API with the manager's token, alert kind names and the toast.
import { api, serverClock, currentStaff, el, fill } from "/assets/hallq.js";

export const SOUND_KEY = "hallq.manager.sound";

export const $ = (id) => document.getElementById(id);
export const state = {
    staff: currentStaff(),
    hall: null,
    dash: null,
    rules: null,
    alerts: [],
    closedAlerts: [],
    deadLetters: [],
    pads: [],
    alertsLoaded: false,
    rang: new Set(),
    feed: null,
    lastDashboardAt: 0,
    dashboardTimer: 0,
    dashboardInFlight: null,
    everyTimer: 0,
    tickTimer: 0,
    ringTimer: 0,
    audio: null,
    sound: localStorage.getItem(SOUND_KEY) !== "off",
    running: false,
};

// ---------- formatting ----------
/** Chinese with the English small beside it, as children for el(). */
export const bi = (zh, en) => [zh, " ", el("small", en)];
export const now = () => serverClock.now();
export const secondsSince = (iso) => (iso ? Math.max(0, (now() - Date.parse(iso)) / 1000) : null);
export const pct = (x) => (x == null ? el("b", "—") : [el("b", Math.round(x * 1000) / 10), el("i", "%")]);
export const num = (x) => (x == null ? "—" : Number(x).toLocaleString("zh-CN"));

/** A duration as value + unit parts, e.g. {v:'12', u:'分 min'}. */
function dur(seconds) {
    if (seconds == null || !isFinite(seconds)) return { v: "—", u: "" };
    const s = Math.round(seconds);
    if (s < 60) return { v: String(s), u: "秒 s" };
    if (s < 3600) return { v: String(Math.floor(s / 60)), u: "分 min" };
    return { v: `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}`, u: "时 h" };
}
/** A duration as a figure in bold and its unit, as children for el(). */
export const durParts = (seconds) => {
    const d = dur(seconds);
    return [el("b", d.v), d.u && el("i", d.u)];
};
export const durText = (seconds) => {
    const d = dur(seconds);
    return d.u ? `${d.v} ${d.u}` : d.v;
};
const formats = {};
export function fmt(name, options) {
    formats[name] = formats[name] || new Intl.DateTimeFormat(name === "day" ? "en-CA" : "zh-CN", { timeZone: state.hall?.timeZone, ...options });
    return formats[name];
}
/** HH:MM (or HH:MM:SS) in the hall's time zone. */
export function hallTime(iso, withSeconds = false) {
    if (!iso) return "—";
    const t = fmt("time", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(new Date(iso));
    return withSeconds ? t : t.slice(0, 5);
}
/** YYYY-MM-DD in the hall's time zone, to compare with the dashboard's day. */
export const hallDay = (iso) => (iso ? fmt("day", { year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso)) : "");

// ---------- API: the manager's token on every call; a 401 means the session is over ----------
let sessionEnded = () => {};
/** What to do when the server says the session is over (the login module signs out). */
export function whenSessionEnds(handler) {
    sessionEnded = handler;
}

export async function call(method, path, body) {
    try {
        return await api(method, path, { body, token: state.staff?.token });
    } catch (e) {
        if (e.status === 401) sessionEnded("登录已过期，请重新登录。", "Your session has ended; please sign in again.");
        throw e;
    }
}

// ---------- alert kinds ----------
const KIND_NAMES = {
    queue: ["排队过长", "Long line"],
    load: ["窗口负荷", "Window load"],
    wait: ["等候超时", "Long wait"],
    rating: ["不满意评价", "Dissatisfied"],
    pause: ["暂停过长", "Long pause"],
};
export const kindName = (kind) => KIND_NAMES[kind] || [kind, kind];

// ---------- toast ----------
let toastTimer = 0;
export function toast(zh, en, bad = false) {
    const box = $("toast");
    fill(box, bi(zh, en));
    box.classList.toggle("bad", bad);
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => {
        box.hidden = true;
    }, 3500);
}
