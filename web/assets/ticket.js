// Phone ticket page (/t/{id}#s=secret): live place in line, "go to window n" alert, cancel, and rating.
// A few places before the call ([reminders] places_before) and at the call the phone vibrates, chimes, shows a
// system notification (once the taxpayer allows it; browsers offer them on https:// or localhost only) and tells
// screen readers; after a sleep it reconnects with the last event id and catches up.
import {
    api,
    errorText,
    LiveFeed,
    throttle,
    I18n,
    loadHall,
    waitText,
    hallTime,
    chime,
    unlockSoundOnGesture,
    soundAllowed,
    el,
    fill,
} from "/assets/hallq.js";
import { RATING_LEVELS, RATING_REASONS, ASK_REASON_AT_OR_BELOW, colourLevels, face, reasonText, sendRating } from "/assets/rating.js";

const i18n = new I18n({
    offline: ["网络中断，正在重新连接…", "Connection lost — reconnecting…"],
    priority: ["绿色通道优先办理", "Priority lane"],
    appointment: ["预约优先办理", "Booked: called ahead of the line"],
    bookLink: ["预约其他时间办理", "Book a time to come"],
    estimate: ["预计等候", "Estimated wait"],
    estUnknown: ["待窗口开放后估算", "once windows open"],
    issued: ["取号时间", "Issued at"],
    transferred: ["已转办", "Transferred"],
    toWindow: ["转至 {n} 号窗口", "to window {n}"],
    toService: ["转至{name}", "to {name}"],
    keepOpen: ["请保持本页打开，叫到您的号时手机会提醒。", "Keep this page open: your phone will alert you when you are called."],
    ahead: ["人在您前面", "people ahead of you"],
    aheadOne: ["人在您前面", "person ahead of you"],
    next: ["下一位就是您", "You are next"],
    nextSub: ["请留意叫号屏幕", "Please watch the board"],
    yourTurn: ["轮到您了", "It's your turn"],
    goTo: ["请到 {n} 号窗口", "Go to window {n}"],
    recalled: ["已重复呼叫 {n} 次，请尽快前往", "Called {n} more times — please hurry"],
    bring: ["请携带办税资料前往窗口", "Please bring your documents to the window"],
    servingAt: ["正在 {n} 号窗口办理", "Being served at window {n}"],
    pillWaiting: ["等候中", "Waiting"],
    pillCalled: ["请前往窗口", "Please go now"],
    pillServing: ["办理中", "Being served"],
    pillDone: ["已办结", "Finished"],
    pillNoShow: ["已过号", "Missed"],
    pillCancelled: ["已取消", "Cancelled"],
    rateTitle: ["请对本次服务进行评价", "How was our service?"],
    rateSub: ["您的评价将帮助我们改进服务", "Your rating helps us improve"],
    reasonQ: ["请告诉我们哪里做得不好（可选）", "What went wrong? (optional)"],
    reasonPlaceholder: ["其他意见或建议", "Anything else you'd like to tell us"],
    send: ["提交评价", "Send rating"],
    thanks: ["感谢您的评价！", "Thank you for your rating!"],
    thanksSub: ["祝您生活愉快", "Have a good day"],
    doneText: ["业务已办结，感谢您的光临", "All done — thank you for coming"],
    rateUnavailable: ["评价功能暂未开放", "Rating is not available yet"],
    noShowText: ["您的号已过号", "Your number was missed"],
    noShowSub: ["如需办理，请重新取号", "Please take a new number if you still need to be served"],
    cancelledText: ["此号已取消", "This ticket is cancelled"],
    missing: ["找不到此号", "No such ticket"],
    missingSub: ["号码可能已过期，请重新取号", "It may have expired; please take a new number"],
    soundOn: ["开启到号提醒", "Turn on turn alerts"],
    alertsOn: [
        "快到号和到号时，手机会振动、响铃并通知您。",
        "Your phone will vibrate, ring and notify you when your turn is near and when it comes.",
    ],
    alertsSound: [
        "快到号和到号时，本页会振动并响铃（请保持本页打开）。",
        "This page will vibrate and ring when your turn is near and when it comes (keep it open).",
    ],
    windowWord: ["号窗口", "window"],
    nearTitle: ["{num} 还有 {n} 位", "{num}: {n} ahead"],
    nearNext: ["{num} 下一位就是您", "{num}: you are next"],
    nearBody: ["请回到大厅，留意叫号", "Please come back to the hall and watch the board"],
    calledTitle: ["{num} 请到 {n} 号窗口", "{num}: go to window {n}"],
    calledBody: ["轮到您了，请前往 {n} 号窗口", "It's your turn: please go to window {n}"],
    cancel: ["取消排队", "Cancel my ticket"],
    cancelQ: ["确定取消排队吗？", "Cancel this ticket?"],
    cancelWarn: ["取消后此号作废，如需办理需重新取号。", "The number will be void; you would need to take a new one."],
    keep: ["继续排队", "Keep waiting"],
    cancelYes: ["确定取消", "Yes, cancel"],
    noSecret: ["取消与评价请使用小票上的二维码打开本页", "Open this page from your ticket's QR code to cancel or rate"],
    titleCalled: ["请到{n}号窗口 · {num}", "Window {n} · {num}"],
});

const $ = (id) => document.getElementById(id);
const ticketId = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] || new URLSearchParams(location.search).get("id") || "");
const store = {
    get: (k) => {
        try {
            return localStorage.getItem(`hallq.ticket.${ticketId}.${k}`);
        } catch {
            return null;
        }
    },
    set: (k, v) => {
        try {
            localStorage.setItem(`hallq.ticket.${ticketId}.${k}`, v);
        } catch {
            /* private mode */
        }
    },
};
let secret = null;
let hall = null;
// Alerts this page raised, newest last (what a test, or a curious taxpayer's developer tools, can see).
const notified = (window.hallqNotified = []);
let worker = null;
let ticket = null;
let lastStatus = null;
let choice = null;
const chosen = new Set();

function readSecret() {
    const fromHash = new URLSearchParams(location.hash.slice(1)).get("s");
    if (fromHash) {
        store.set("secret", fromHash);
        // Keep the secret out of the address bar (screenshots, shared links).
        history.replaceState(null, "", location.pathname + location.search);
    }
    secret = fromHash || store.get("secret");
}

function serviceName(code, lang = i18n.lang) {
    const s = hall?.services.find((x) => x.code === code);
    return s ? (lang === "en" ? s.name.en : s.name.zh) : code;
}

function state() {
    if (!ticket) return "loading";
    if (ticket.status === "done") return ticket.rating != null || store.get("rated") ? "rated" : "done";
    return ticket.status === "transferred" ? "waiting" : ticket.status;
}

function panel(name) {
    for (const p of ["wait", "called", "serving", "rate", "end", "missing"]) $(`${p}-panel`).hidden = p !== name;
}

function end(text, sub = "", ok = true) {
    panel("end");
    $("end-text").textContent = text;
    $("end-sub").textContent = sub;
    $("end-mark").classList.toggle("grey", !ok);
}

function render() {
    const s = state();
    document.body.dataset.state = s;
    if (!ticket) return;
    const other = i18n.lang === "en" ? "zh" : "en";
    fill($("service"), serviceName(ticket.service), " ", el("span", { class: "en" }, serviceName(ticket.service, other)));
    $("number").textContent = ticket.number;
    $("priority").hidden = ticket.priority === "normal";
    $("priority").textContent = i18n.t(ticket.priority === "appointment" ? "appointment" : "priority");
    const pills = {
        waiting: "pillWaiting",
        called: "pillCalled",
        serving: "pillServing",
        done: "pillDone",
        rated: "pillDone",
        noShow: "pillNoShow",
        cancelled: "pillCancelled",
    };
    $("status-pill").textContent = i18n.t(pills[s] ?? "pillWaiting");
    $("cancel-btn").hidden = !(secret && s === "waiting");
    $("no-secret").hidden = !!secret || !["waiting", "done"].includes(s);
    document.title =
        s === "called" ? i18n.t("titleCalled", { n: ticket.window, num: ticket.number }) : `${ticket.number} · ${i18n.t(pills[s] ?? "pillWaiting")}`;
    if (s === "waiting") renderWaiting();
    else if (s === "called") {
        panel("called");
        $("called-window").textContent = ticket.window;
        $("called-window-text").textContent = i18n.t("goTo", { n: ticket.window });
        $("called-sub").textContent = i18n.t("goTo", { n: ticket.window }, other);
        $("called-note").textContent = ticket.recalls > 0 ? i18n.t("recalled", { n: ticket.recalls }) : i18n.t("bring");
    } else if (s === "serving") {
        panel("serving");
        $("serving-text").textContent = i18n.t("servingAt", { n: ticket.window });
    } else if (s === "done") {
        if (secret && store.get("rating-unavailable") !== "1") renderRating();
        else end(i18n.t("doneText"));
    } else if (s === "rated") end(i18n.t("thanks"), i18n.t("thanksSub"));
    else if (s === "noShow") end(i18n.t("noShowText"), i18n.t("noShowSub"), false);
    else if (s === "cancelled") end(i18n.t("cancelledText"), "", false);
}

function renderWaiting() {
    panel("wait");
    const ahead = Math.max(0, (ticket.position ?? 1) - 1);
    const first = Number(store.get("firstAhead") ?? ahead);
    if (store.get("firstAhead") == null || ahead > first) store.set("firstAhead", String(ahead));
    const progress = first > 0 ? Math.round((1 - ahead / (first + 1)) * 100) : 100;
    $("ahead").textContent = ahead;
    $("ahead").style.setProperty("--progress", `${progress}%`);
    fill($("ahead-label"), ahead === 0 ? [i18n.t("next"), el("small", i18n.t("nextSub"))] : i18n.t(ahead === 1 ? "aheadOne" : "ahead"));
    $("estimate").textContent = waitText(ticket.estimatedWaitSeconds, i18n.lang) ?? i18n.t("estUnknown");
    const t = hallTime(new Date(ticket.issuedAt), hall?.timeZone);
    $("issued").textContent = `${t.time}:${t.seconds}`;
    const moved = ticket.transfers > 0;
    $("transfer-row").hidden = !moved;
    if (moved) {
        $("transfer-note").textContent = ticket.transferredToWindow
            ? i18n.t("toWindow", { n: ticket.transferredToWindow })
            : i18n.t("toService", { name: serviceName(ticket.service) });
    }
}

function renderRating() {
    panel("rate");
    fill(
        $("levels"),
        RATING_LEVELS.map((l) =>
            el(
                "button",
                { type: "button", class: "t-level", role: "radio", "aria-checked": choice === l.score, dataset: { score: l.score } },
                face(l.score),
                el("span", i18n.lang === "en" ? l.en : l.zh),
            ),
        ),
    );
    colourLevels($("levels"));
    $("levels").classList.toggle("has-choice", choice != null);
    const askReason = choice != null && choice <= ASK_REASON_AT_OR_BELOW;
    $("reasons").hidden = !askReason;
    fill(
        $("chips"),
        RATING_REASONS.map((r, i) =>
            el("button", { type: "button", class: "chip", dataset: { i }, "aria-pressed": chosen.has(i) }, i18n.lang === "en" ? r.en : r.zh),
        ),
    );
    $("send-rating").disabled = choice == null;
}

/** People ahead of the ticket that make it "near" (the hall's [reminders] places_before). */
function placesBefore() {
    return hall?.reminders?.placesBefore ?? 3;
}

/** Says `text` to screen readers (the live region is emptied first, so the same words are said again). */
function tellScreenReader(text) {
    const region = $("announce");
    region.textContent = "";
    setTimeout(() => (region.textContent = text), 50);
}

/** A system notification, through the page's service worker where there is one (Android shows no other kind). */
async function notify(kind, title, body) {
    const note = { kind, title, body, shown: null };
    notified.push(note);
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    const options = { body, tag: `hallq-${ticketId}-${kind}`, renotify: true, icon: "/assets/icon.svg", data: { url: location.pathname } };
    try {
        const registration = worker ?? (await navigator.serviceWorker?.getRegistration("/t/"));
        if (registration) {
            await registration.showNotification(title, { ...options, requireInteraction: kind === "called" });
            note.shown = "worker";
        } else {
            new Notification(title, options);
            note.shown = "page";
        }
    } catch (e) {
        console.warn("hallq: notification failed", e);
    }
}

/** Vibrates (once the taxpayer has touched the page: browsers allow no more), chimes, notifies, tells screen readers. */
function warn(kind, title, body, pattern) {
    if (navigator.vibrate && navigator.userActivation?.hasBeenActive) navigator.vibrate(pattern);
    chime({ volume: 0.8 }).then((played) => played && kind === "called" && chime({ volume: 0.8 }));
    tellScreenReader(`${title}. ${body}`);
    notify(kind, title, body);
}

function alertCalled() {
    const words = { num: ticket.number, n: ticket.window };
    warn("called", i18n.t("calledTitle", words), i18n.t("calledBody", words), [400, 150, 400, 150, 800]);
}

/** Warns once when the ticket comes within places_before of its call, having been further back. */
function checkNear() {
    if (!["waiting", "transferred"].includes(ticket.status) || store.get("warnedNear")) return;
    const ahead = Math.max(0, (ticket.position ?? 1) - 1);
    if (ahead > placesBefore() || Number(store.get("firstAhead") ?? ahead) <= placesBefore()) return;
    store.set("warnedNear", "1");
    const words = { num: ticket.number, n: ahead };
    warn("ahead", i18n.t(ahead === 0 ? "nearNext" : "nearTitle", words), i18n.t("nearBody"), [300, 120, 300]);
}

function apply(next) {
    const was = lastStatus;
    // Once per call (a reload or a replay of the same call does not ring again; a recall does, from its own event).
    const called = next.status === "called" && was !== "called" && store.get("warnedCall") !== next.calledAt;
    ticket = next;
    lastStatus = next.status;
    checkNear();
    render();
    if (called) {
        store.set("warnedCall", next.calledAt);
        alertCalled();
    }
}

async function refresh() {
    try {
        apply(await api("GET", `/api/tickets/${encodeURIComponent(ticketId)}`));
        $("error").hidden = true;
    } catch (e) {
        if (e.status === 404) {
            panel("missing");
            document.body.dataset.state = "missing";
            return;
        }
        throw e;
    }
}

function showError(e) {
    $("error").textContent = errorText(e, i18n.lang);
    $("error").hidden = false;
}

async function cancelTicket() {
    const dialog = $("cancel-dialog");
    dialog.returnValue = "";
    dialog.showModal();
    await new Promise((resolve) => dialog.addEventListener("close", resolve, { once: true }));
    if (dialog.returnValue !== "yes") return;
    $("cancel-btn").disabled = true;
    try {
        apply(await api("DELETE", `/api/tickets/${encodeURIComponent(ticketId)}?secret=${encodeURIComponent(secret)}`));
    } catch (e) {
        showError(e);
        refresh().catch(() => {});
    } finally {
        $("cancel-btn").disabled = false;
    }
}

async function submitRating() {
    if (choice == null) return;
    $("send-rating").disabled = true;
    $("rate-error").textContent = "";
    const chips = [...chosen].map((i) => RATING_REASONS[i]);
    const body = { score: choice, secret };
    if (choice <= ASK_REASON_AT_OR_BELOW) {
        const reason = reasonText(chips, $("reason-text").value);
        if (reason) body.reason = reason;
    }
    try {
        const { outcome } = await sendRating(ticketId, body);
        if (outcome === "rated" || outcome === "already") {
            store.set("rated", "1");
            render();
        } else if (outcome === "unavailable") {
            store.set("rating-unavailable", "1");
            end(i18n.t("doneText"), i18n.t("rateUnavailable"));
        } else {
            $("rate-error").textContent = errorText({ code: "not_finished" }, i18n.lang);
        }
    } catch (e) {
        $("rate-error").textContent = errorText(e, i18n.lang);
    } finally {
        $("send-rating").disabled = choice == null;
    }
}

function wire() {
    i18n.bindSwitch($("lang-switch"));
    i18n.onChange(() => {
        if (hall) $("hall-name").textContent = i18n.name(hall.name);
        render();
    });
    $("cancel-btn").addEventListener("click", cancelTicket);
    $("levels").addEventListener("click", (e) => {
        const b = e.target.closest("[data-score]");
        if (!b) return;
        choice = Number(b.dataset.score);
        renderRating();
    });
    $("chips").addEventListener("click", (e) => {
        const b = e.target.closest("[data-i]");
        if (!b) return;
        const i = Number(b.dataset.i);
        if (chosen.has(i)) chosen.delete(i);
        else chosen.add(i);
        b.setAttribute("aria-pressed", String(chosen.has(i)));
    });
    $("send-rating").addEventListener("click", submitRating);
    const soundButton = $("sound-btn");
    const alertsWanted = () => !soundAllowed() || notificationsAskable();
    const soundState = () => (soundButton.hidden = !alertsWanted());
    unlockSoundOnGesture(soundState);
    soundState();
    soundButton.addEventListener("click", async () => {
        chime({ volume: 0.6 });
        if (notificationsAskable()) await Notification.requestPermission().catch(() => "default");
        await registerWorker();
        soundState();
        const granted = "Notification" in window && Notification.permission === "granted";
        $("alerts-state").textContent = i18n.t(granted ? "alertsOn" : "alertsSound");
        $("alerts-state").hidden = false;
    });
    if ("Notification" in window && Notification.permission === "granted") registerWorker();
}

/** Whether the browser could still ask the taxpayer to allow notifications (only on https:// or localhost). */
function notificationsAskable() {
    return window.isSecureContext && "Notification" in window && Notification.permission === "default";
}

/** The service worker that shows notifications and brings this page back when one is tapped. */
async function registerWorker() {
    if (worker || !window.isSecureContext || !("serviceWorker" in navigator)) return worker;
    try {
        await navigator.serviceWorker.register("/ticket-sw.js", { scope: "/t/" });
        worker = await navigator.serviceWorker.getRegistration("/t/");
    } catch (e) {
        console.warn("hallq: no service worker", e);
    }
    return worker;
}

async function main() {
    readSecret();
    i18n.apply();
    wire();
    if (!ticketId) {
        panel("missing");
        return;
    }
    hall = await loadHall().catch(() => null);
    if (hall) $("hall-name").textContent = i18n.name(hall.name);
    const refetch = throttle(() => refresh().catch(() => {}), 1500);
    new LiveFeed({
        onEvent: (e) => {
            const ours = e.ticket && e.ticket.id === ticketId;
            if (ours && e.kind !== "rating.given") apply({ ...ticket, ...e.ticket, rating: ticket?.rating ?? null });
            if (ours && e.kind === "ticket.recalled") alertCalled();
            const live = ticket && ["waiting", "transferred", "called", "serving", "done"].includes(ticket.status);
            if (live && (ours || e.kind.startsWith("ticket.") || e.kind === "window.changed" || e.kind === "rating.given")) refetch();
        },
        onResync: refresh,
        onStatus: (s) => ($("offline").hidden = s !== "offline"),
    }).start();
    // Waiting estimates drift with time even when nothing happens in the hall.
    setInterval(() => ticket && ["waiting", "transferred"].includes(ticket.status) && refetch(), 30000);
}

main().catch((e) => showError(e));
