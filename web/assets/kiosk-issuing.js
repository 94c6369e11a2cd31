// Kiosk: whether the hall issues tickets now (GET /api/issuing), and the "closed, opens at …" screen.
// The kiosk looks again at the moment issuing starts or stops (on the daemon's clock), and at least every minute.
import { api, serverClock, hallTime, el, fill } from "/assets/hallq.js";

const LOOK_AT_LEAST_EVERY_MS = 60000;
const WEEKDAYS = [
    ["mon", "周一", "Mon"],
    ["tue", "周二", "Tue"],
    ["wed", "周三", "Wed"],
    ["thu", "周四", "Thu"],
    ["fri", "周五", "Fri"],
    ["sat", "周六", "Sat"],
    ["sun", "周日", "Sun"],
];

/** Follows the issuing state; `onChange(state)` runs after every look ({open, issuingUntil, next, message}). */
export class IssuingWatch {
    constructor(onChange) {
        this.onChange = onChange;
        this.state = null;
        this.timer = null;
    }

    /** Looks now (and schedules the next look). Resolves with the state, or the last one known when the daemon is away. */
    async look() {
        clearTimeout(this.timer);
        let wait = LOOK_AT_LEAST_EVERY_MS;
        try {
            const state = await api("GET", "/api/issuing");
            serverClock.learn(state.at);
            this.state = state;
            const boundary = state.open ? state.issuingUntil : state.next?.issuingFrom;
            if (boundary) wait = Math.min(wait, Math.max(250, Date.parse(boundary) - serverClock.now() + 250));
            this.onChange(state);
        } catch {
            wait = 5000;
        }
        this.timer = setTimeout(() => this.look(), wait);
        return this.state;
    }
}

/** "今天" / "明天" / "11月24日 星期二" and their English, for a time on the hall's calendar. */
function dayWords(iso, timeZone) {
    const at = hallTime(new Date(iso), timeZone);
    const today = hallTime(new Date(serverClock.now()), timeZone);
    const tomorrow = hallTime(new Date(serverClock.now() + 86400000), timeZone);
    const [, month, day] = at.date.split("-").map(Number);
    const monthEn = new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2000, month - 1, 1)));
    if (at.date === today.date) return { zh: "今天", en: "today", time: at.time };
    if (at.date === tomorrow.date) return { zh: `明天（${at.weekdayZh}）`, en: `tomorrow (${at.weekdayEn})`, time: at.time };
    return { zh: `${month}月${day}日 ${at.weekdayZh}`, en: `${at.weekdayEn} ${day} ${monthEn}`, time: at.time };
}

/** The week's opening hours, days with the same spans together: [["周一至周五", "Mon–Fri", "09:00-17:00"]]. */
function weekRows(hours) {
    const rows = [];
    WEEKDAYS.forEach(([key, zh, en], i) => {
        const spans = (hours[key] || []).join("  ");
        const last = rows[rows.length - 1];
        if (last && last.spans === spans && last.end === i - 1) Object.assign(last, { toZh: zh, toEn: en, end: i });
        else rows.push({ fromZh: zh, fromEn: en, toZh: null, toEn: null, spans, end: i });
    });
    return rows.filter((r) => r.spans);
}

/** Fills the closed screen in the kiosk's language, with the other language beneath. */
export function renderClosed(state, hall, i18n) {
    const $ = (id) => document.getElementById(id);
    const nextLines = (main, sub) => fill($("closed-next"), el("div", { class: "k-next-main" }, main), el("div", { class: "k-next-sub" }, sub));
    const next = state.next;
    const first = i18n.lang === "en" ? "en" : "zh";
    const second = first === "en" ? "zh" : "en";
    if (next) {
        const d = dayWords(next.issuingFrom, hall.timeZone);
        const line = (lang) => i18n.t("nextTickets", { day: d[lang], time: d.time }, lang);
        nextLines(line(first), line(second));
        const opens = hallTime(new Date(next.opensAt), hall.timeZone).time;
        const early = Date.parse(next.issuingFrom) < Date.parse(next.opensAt);
        fill(
            $("closed-opens"),
            early && [i18n.t("opensAt", { time: opens }, first), el("br"), el("small", i18n.t("opensAt", { time: opens }, second))],
        );
    } else {
        const m = state.message || {};
        nextLines(m[first] || "", m[second] || "");
        $("closed-opens").textContent = "";
    }
    fill(
        $("closed-hours"),
        weekRows(hall.hours || {}).map((r) => {
            const zh = r.toZh ? `${r.fromZh}至${r.toZh}` : r.fromZh;
            const en = r.toEn ? `${r.fromEn}–${r.toEn}` : r.fromEn;
            return el("div", el("dt", zh, " ", el("span", { class: "k-en" }, en)), el("dd", { class: "num" }, r.spans));
        }),
    );
}
