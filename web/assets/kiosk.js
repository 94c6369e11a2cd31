// Kiosk: one tap per business takes a number; optional priority lane and real-name check; prints a thermal ticket.
// Address options: ?lang=en starts in English; ?paper=58 prints for 58 mm rolls (80 mm otherwise);
// ?autoprint=1 prints each ticket at once (run Chromium with --kiosk --kiosk-printing for silent printing).
import {
    api,
    errorText,
    LiveFeed,
    throttle,
    I18n,
    loadHallPatiently,
    startClock,
    hallTime,
    waitText,
    isMobileNumber,
    isResidentID,
    el,
    fill,
} from "/assets/hallq.js";
import { KIOSK_WORDS } from "/assets/kiosk-words.js";
import { IssuingWatch, renderClosed } from "/assets/kiosk-issuing.js";
import { issueWithStaff } from "/assets/kiosk-staff.js";
import { KioskVoice } from "/assets/kiosk-voice.js";
import { CheckInScreen } from "/assets/kiosk-checkin.js";

const RETURN_AFTER_SECONDS = 20;
// Choices left on the start screen (language, priority lane, ID number) are cleared after this long untouched.
const IDLE_RESET_SECONDS = 60;
const params = new URLSearchParams(location.search);
const paper = params.get("paper") === "58" ? 58 : 80;
const autoPrint = params.get("autoprint") === "1";

const i18n = new I18n(KIOSK_WORDS, { remember: false });
const defaultLang = i18n.lang;

const $ = (id) => document.getElementById(id);
let hall = null;
let queues = null;
let busy = false;
let activeField = null;
let countdownTimer = null;
let watch = null;
let voice = null;
let checkIn = null;

function show(view) {
    document.body.dataset.view = view;
    $("home").hidden = view !== "home";
    $("closed-view").hidden = view !== "closed";
    $("checkin-view").hidden = view !== "checkin";
    $("ticket-view").hidden = view !== "ticket";
}

/** The start screen: the service buttons while tickets are issued, else when the hall next issues them. */
function showStart() {
    const state = watch?.state;
    if (state && !state.open) {
        renderClosed(state, hall, i18n);
        show("closed");
    } else {
        show("home");
    }
}

/** A new issuing state: switch between the buttons and the closed screen (a ticket on screen stays until done). */
function issuingChanged() {
    const view = document.body.dataset.view;
    if (view !== "ticket" && !(view === "checkin" && watch?.state?.open)) showStart();
}

/** A count in words, in bold figures. */
const count = (n) => el("b", { class: "num" }, n);

function renderServices() {
    if (!hall) return;
    fill(
        $("status"),
        queues && [
            el("span", i18n.parts("statusWaiting", { n: count(queues.totalWaiting) })),
            el("span", i18n.parts("statusOpen", { n: count(queues.openWindows) })),
        ],
    );
    const lines = new Map((queues?.services ?? []).map((s) => [s.code, s]));
    const other = i18n.lang === "en" ? "zh" : "en";
    fill(
        $("services"),
        hall.services.map((s) => {
            const line = lines.get(s.code);
            const waiting = line ? line.waiting : null;
            const est = line && line.waiting > 0 ? (waitText(line.estimatedWaitSeconds, i18n.lang) ?? i18n.t("estUnknown")) : null;
            const stats =
                waiting == null
                    ? null
                    : waiting === 0
                      ? el("div", { class: "k-waiting" }, i18n.t("noWait"))
                      : [el("div", { class: "k-waiting" }, i18n.parts("waiting", { n: count(waiting) })), est && el("div", { class: "k-est" }, est)];
            return el(
                "button",
                { type: "button", class: "k-service", role: "listitem", dataset: { service: s.code } },
                el("span", { class: "k-badge" }, s.code),
                el(
                    "span",
                    { class: "k-names" },
                    el("div", { class: "k-name" }, i18n.name(s.name)),
                    el("div", { class: "k-name-2" }, s.name[other] ?? ""),
                ),
                el("span", { class: "k-stats" }, stats),
            );
        }),
    );
}

/** Checks the optional real-name fields; returns {phone, idNumber, sms} or null when something is wrong. */
function contact() {
    const idNumber = $("id-number").value.trim().toUpperCase();
    const phone = $("phone").value.trim();
    const sms = !$("sms-toggle").hidden && $("sms-toggle").getAttribute("aria-checked") === "true";
    let ok = true;
    const idError = idNumber && (idNumber.length !== 18 ? i18n.t("idShort") : isResidentID(idNumber) ? "" : i18n.t("idInvalid"));
    const phoneError = phone && !isMobileNumber(phone) ? i18n.t("phoneInvalid") : sms && !phone ? i18n.t("smsNeedsPhone") : "";
    $("id-error").textContent = idError || "";
    $("phone-error").textContent = phoneError;
    $("id-number").setAttribute("aria-invalid", String(!!idError));
    $("phone").setAttribute("aria-invalid", String(!!phoneError));
    if (idError || phoneError) ok = false;
    return ok ? { idNumber: idNumber || undefined, phone: phone || undefined, sms: sms || undefined } : null;
}

function showError(text) {
    $("home-error").textContent = text;
    $("home-error").hidden = !text;
}

async function take(code, button) {
    if (busy) return;
    showError("");
    const who = $("realname").hidden ? {} : contact();
    if (!who) {
        showError($("id-error").textContent || $("phone-error").textContent);
        return;
    }
    busy = true;
    button.setAttribute("aria-busy", "true");
    const green = $("green-toggle").getAttribute("aria-checked") === "true";
    const body = { service: code, priority: green ? "green" : "normal", ...who };
    try {
        const service = hall.services.find((s) => s.code === code);
        if (green) voice.prompt("staff-confirm");
        const ticket = green ? await issueWithStaff(body, `${code} ${i18n.name(service?.name)}`, i18n) : await api("POST", "/api/tickets", { body });
        if (ticket) showTicket(ticket);
        // Someone who cannot read the screen hears the number a member of staff just gave them.
        if (ticket && green) voice.ticket(ticket.id);
    } catch (e) {
        if (e.code === "hall_closed") await watch.look();
        showError(errorText(e, i18n.lang));
    } finally {
        busy = false;
        button.removeAttribute("aria-busy");
    }
}

/** A check-in's ticket, with the note that says why it is an ordinary one when it came too late. */
function showCheckIn(reply) {
    showTicket(reply.ticket);
    const note = reply.note;
    $("ticket-note").hidden = !note;
    if (note) $("ticket-note").textContent = i18n.lang === "en" ? `${note.en} ${note.zh}` : `${note.zh} ${note.en}`;
}

function showTicket(t) {
    const service = hall.services.find((s) => s.code === t.service);
    const time = hallTime(new Date(t.issuedAt), hall.timeZone);
    $("tp-hall-zh").textContent = hall.name.zh;
    $("tp-hall-en").textContent = hall.name.en;
    $("tp-service-zh").textContent = service?.name.zh ?? t.service;
    $("tp-service-en").textContent = service?.name.en ?? "";
    $("tp-number").textContent = t.number;
    $("tp-priority").hidden = t.priority === "normal";
    $("tp-priority").textContent = i18n.t(t.priority === "appointment" ? "appointmentBadge" : "greenBadge", {}, "zh");
    $("ticket-note").hidden = true;
    $("tp-ahead").textContent = Math.max(0, (t.position ?? 1) - 1);
    const zh = waitText(t.estimatedWaitSeconds, "zh");
    fill(
        $("tp-wait"),
        zh ?? i18n.t("estUnknown", {}, "zh"),
        el("br"),
        el("span", { class: "tp-en" }, zh ? waitText(t.estimatedWaitSeconds, "en") : i18n.t("estUnknown", {}, "en")),
    );
    $("tp-issued").textContent = `${time.date} ${time.time}:${time.seconds}`;
    const qr = $("tp-qr");
    $("tp-qr-box").hidden = false;
    qr.onerror = () => ($("tp-qr-box").hidden = true);
    qr.src = `/api/tickets/${encodeURIComponent(t.id)}/qr.svg?secret=${encodeURIComponent(t.secret)}`;
    document.body.dataset.ticketId = t.id;
    resetOptions();
    show("ticket");
    startCountdown();
    if (autoPrint) setTimeout(() => window.print(), 300);
}

function startCountdown() {
    let left = RETURN_AFTER_SECONDS;
    const tick = () => {
        $("countdown").textContent = `(${left})`;
        $("return-hint").textContent = i18n.t("returnHint", { n: left });
        if (left-- <= 0) goHome();
    };
    clearInterval(countdownTimer);
    tick();
    countdownTimer = setInterval(tick, 1000);
}

function goHome() {
    clearInterval(countdownTimer);
    i18n.set(defaultLang);
    showStart();
    delete document.body.dataset.ticketId;
    window.scrollTo(0, 0);
}

function resetOptions() {
    $("green-toggle").setAttribute("aria-checked", "false");
    $("sms-toggle").setAttribute("aria-checked", "false");
    $("id-number").value = "";
    $("phone").value = "";
    $("id-error").textContent = "";
    $("phone-error").textContent = "";
    setRealname(false);
}

function setRealname(open) {
    $("realname").hidden = !open;
    document.body.classList.toggle("k-compact", open);
    $("realname-toggle").setAttribute("aria-expanded", String(open));
    if (open) focusField($("id-number"));
}

function focusField(input) {
    activeField = input;
    for (const el of document.querySelectorAll(".k-fields .input")) el.classList.toggle("k-active", el === input);
}

function keypad(key) {
    if (!activeField) return;
    const v = activeField.value;
    if (key === "back") activeField.value = v.slice(0, -1);
    else if (key === "clear") activeField.value = "";
    else if (v.length < activeField.maxLength && (key !== "X" || activeField.id === "id-number")) activeField.value = v + key;
    if (activeField.id === "id-number" && activeField.value.length === 18) focusField($("phone"));
    if (activeField.value.length === activeField.maxLength || key === "back" || key === "clear") contact();
}

/** The next taxpayer finds the kiosk as new: no half-typed ID number, no switched language. */
function watchIdle() {
    let idleTimer = null;
    const touched = () => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => {
            if (document.body.dataset.view === "checkin") return checkIn.leave();
            if (document.body.dataset.view !== "home") return;
            resetOptions();
            showError("");
            i18n.set(defaultLang);
        }, IDLE_RESET_SECONDS * 1000);
    };
    for (const type of ["pointerdown", "keydown", "touchstart"]) addEventListener(type, touched, { passive: true });
}

function wire() {
    i18n.bindSwitch($("lang-switch"));
    i18n.onChange(() => {
        renderServices();
        checkIn.describe(hall);
        if (document.body.dataset.view === "closed") showStart();
        if (document.body.dataset.view === "ticket") $("return-hint").textContent = "";
        contact();
    });
    $("services").addEventListener("click", (e) => {
        const button = e.target.closest("[data-service]");
        if (button) take(button.dataset.service, button);
    });
    $("green-toggle").addEventListener("click", (e) => {
        const on = e.currentTarget.getAttribute("aria-checked") !== "true";
        e.currentTarget.setAttribute("aria-checked", String(on));
        // Said aloud, for taxpayers who cannot read the screen: a member of staff will help them.
        if (on) voice.prompt("green-channel");
        else voice.stop();
    });
    $("sms-toggle").addEventListener("click", (e) => {
        const on = e.currentTarget.getAttribute("aria-checked") !== "true";
        e.currentTarget.setAttribute("aria-checked", String(on));
        if (on && !$("phone").value) focusField($("phone"));
        contact();
    });
    $("realname-toggle").addEventListener("click", () => setRealname($("realname").hidden));
    for (const input of document.querySelectorAll(".k-fields .input")) {
        input.addEventListener("focus", () => focusField(input));
        input.addEventListener("input", () => {
            input.value = input.value.toUpperCase().replace(input.id === "phone" ? /\D/g : /[^\dX]/g, "");
            if (input.value.length === input.maxLength) contact();
        });
    }
    $("keypad").addEventListener("click", (e) => {
        const b = e.target.closest("button");
        if (b) keypad(b.dataset.key || b.textContent.trim());
    });
    $("done").addEventListener("click", goHome);
    checkIn = new CheckInScreen({ i18n, show, onTicket: showCheckIn, home: goHome });
    checkIn.wire();
    $("print").addEventListener("click", () => window.print());
    watchIdle();
}

/** ticket-paper.css prints on 80 mm rolls; for 58 mm rolls a second sheet overrides its page size and type size. */
function setPaper() {
    if (paper !== 58) return;
    const sheet = Object.assign(document.createElement("link"), { rel: "stylesheet", href: "/assets/ticket-paper-58.css" });
    document.head.append(sheet);
}

async function main() {
    setPaper();
    if (!autoPrint) document.querySelector("#print [data-t]").dataset.t = "printFirst";
    i18n.apply();
    wire();
    hall = await loadHallPatiently(() => ($("offline").hidden = false));
    $("hall-zh").textContent = hall.name.zh;
    $("hall-en").textContent = hall.name.en;
    document.title = `${hall.name.zh} · 取号 Take a number`;
    voice = new KioskVoice(hall.voice?.audio ?? false);
    $("sms-toggle").hidden = !hall.reminders?.sms;
    const renderSmsHint = () => ($("sms-hint").textContent = i18n.t("smsHint", { n: hall.reminders?.placesBefore ?? 3 }));
    renderSmsHint();
    i18n.onChange(renderSmsHint);
    renderServices();
    checkIn.describe(hall);
    // Halls that take no bookings show neither the check-in nor the booking page.
    const booking = hall.services.some((s) => s.booking);
    $("checkin-open").hidden = !booking;
    $("book-link").hidden = !booking;
    watch = new IssuingWatch(issuingChanged);
    await watch.look();
    // After the first look, which also learns the daemon's clock: the header shows the hall's time from the start.
    startClock((now) => {
        const t = hallTime(now, hall.timeZone);
        $("clock-time").textContent = t.time;
        $("clock-date").textContent = i18n.lang === "en" ? `${t.date} ${t.weekdayEn}` : `${t.dateZh} ${t.weekdayZh}`;
    });
    showStart();
    const refresh = throttle(async () => {
        queues = await api("GET", "/api/queues").catch(() => queues);
        renderServices();
    }, 2000);
    new LiveFeed({
        onEvent: (e) => {
            voice.heard(e);
            if (e.kind.startsWith("ticket.") || e.kind === "window.changed") refresh();
        },
        onResync: async () => {
            queues = await api("GET", "/api/queues");
            renderServices();
        },
        onStatus: (s) => ($("offline").hidden = s !== "offline"),
    }).start();
}

main().catch((e) => {
    showError(errorText(e, i18n.lang));
    showStart();
});
