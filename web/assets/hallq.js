// HallQ's shared browser code, one import for every page:
//   import { api, LiveFeed, I18n, ... } from "/assets/hallq.js";
// Plain ES modules, no build step, nothing loaded from outside the hall's server.

export { api, ApiError, errorText } from "./api.js";
export { LiveFeed, EVENT_KINDS, serverClock, throttle } from "./live.js";
export { I18n } from "./i18n.js";
export { el, svg, fill } from "./dom.js";
export { waitText, clockText, hallTime, isMobileNumber, isResidentID, spokenNumberZh, spokenNumberEn } from "./format.js";
export { chime, Announcer, voiceFor, soundAllowed, unlockSoundOnGesture } from "./sound.js";
export { currentStaff, saveStaff, logIn, logOut, checkStaff } from "./staff.js";

import { api } from "./api.js";
import { serverClock } from "./live.js";

let hallPromise = null;

/** GET /api/hall once per page load (names, services, windows, time zone). */
export function loadHall() {
    if (!hallPromise) {
        hallPromise = api("GET", "/api/hall").catch((e) => {
            hallPromise = null;
            throw e;
        });
    }
    return hallPromise;
}

/** GET /api/hall, retrying with back-off until the daemon answers (screens must come up by themselves). */
export async function loadHallPatiently(onWait = () => {}) {
    for (let delay = 1000; ; delay = Math.min(delay * 2, 15000)) {
        try {
            return await loadHall();
        } catch (e) {
            onWait(e);
            await new Promise((r) => setTimeout(r, delay));
        }
    }
}

/** Shows a short message at the bottom of the screen. kind: "" | "error" | "ok". */
export function toast(text, kind = "", ms = 4000) {
    let host = document.querySelector(".toast-host");
    if (!host) {
        host = document.createElement("div");
        host.className = "toast-host";
        host.setAttribute("role", "status");
        host.setAttribute("aria-live", "polite");
        document.body.append(host);
    }
    const el = document.createElement("div");
    el.className = "toast " + kind;
    el.textContent = text;
    host.append(el);
    setTimeout(() => el.remove(), ms);
    return el;
}

/** Calls `update(date)` every second on the second, with the daemon's time (screens may have wrong clocks). */
export function startClock(update) {
    const tick = () => update(new Date(serverClock.now()));
    tick();
    const delay = 1000 - (Date.now() % 1000);
    setTimeout(() => {
        tick();
        setInterval(tick, 1000);
    }, delay);
}
