// Booking page (/book): choose a business, a day and a time, give a mobile number, get an eight-digit code and its QR
// code to check in with at the kiosk; see and cancel a booking later. Address options: ?service=C&date=…&slot=…
// preselect (the peak page links here); ?from=kiosk when opened on the hall's kiosk: nothing is remembered on the
// device and it returns to the kiosk by itself. A booking made on a phone is kept in its storage (id and secret)
// and in the page's #fragment, which never reaches the server.
import { api, errorText, I18n, loadHall, hallTime, isMobileNumber, isResidentID, el, fill } from "/assets/hallq.js";
import { BOOK_WORDS } from "/assets/book-words.js";

const KIOSK_RETURN_SECONDS = 90;
const STORE_KEY = "hallq.bookings";
const params = new URLSearchParams(location.search);
const atKiosk = params.get("from") === "kiosk";
const i18n = new I18n(BOOK_WORDS, { remember: !atKiosk });
const $ = (id) => document.getElementById(id);
const WEEKDAYS = [
    ["周一", "Mon"],
    ["周二", "Tue"],
    ["周三", "Wed"],
    ["周四", "Thu"],
    ["周五", "Fri"],
    ["周六", "Sat"],
    ["周日", "Sun"],
];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const state = { hall: null, service: null, date: null, slot: null, days: [], slots: [], booking: null, busy: false };
let returnTimer = null;

function show(view) {
    document.body.dataset.view = view;
    $("form-view").hidden = view !== "form";
    $("done-view").hidden = view !== "done";
    $("mine-view").hidden = view !== "form" || atKiosk || !remembered().length;
}

/** `2026-11-24` and its ISO weekday as a label: "11月24日 周二" / "Tue 24 Nov". */
function dayLabel(date, weekday) {
    const [, m, d] = date.split("-").map(Number);
    return i18n.lang === "en" ? `${WEEKDAYS[weekday - 1][1]} ${d} ${MONTHS[m - 1]}` : `${m}月${d}日 ${WEEKDAYS[weekday - 1][0]}`;
}

const bookable = () => (state.hall?.services ?? []).filter((s) => s.booking);

function renderServices() {
    const services = bookable();
    fill(
        $("services"),
        services.map((s) =>
            el(
                "button",
                { type: "button", class: "b-choice", role: "radio", "aria-checked": s.code === state.service, dataset: { service: s.code } },
                el("span", { class: "b-badge" }, s.code),
                el("span", i18n.name(s.name)),
            ),
        ),
        !services.length && el("p", { class: "hint" }, i18n.t("noServices")),
    );
}

function renderDays() {
    fill(
        $("days"),
        state.days.map((d) => {
            const usable = d.remaining > 0;
            const note = d.holiday
                ? i18n.t("holiday")
                : !d.open
                  ? i18n.t("closedDay")
                  : usable
                    ? i18n.t("left", { n: d.remaining })
                    : i18n.t("noneLeft");
            return el(
                "button",
                {
                    type: "button",
                    class: ["b-day", !usable && "b-off"],
                    role: "radio",
                    "aria-checked": d.date === state.date,
                    disabled: !usable,
                    dataset: { date: d.date },
                },
                el("span", { class: "b-day-name" }, dayLabel(d.date, d.weekday)),
                el("small", note),
            );
        }),
    );
    $("days-note").textContent = state.service && !state.days.some((d) => d.remaining > 0) ? i18n.t("noDays") : "";
}

function renderSlots() {
    fill(
        $("slots"),
        state.slots.map((s) =>
            el(
                "button",
                {
                    type: "button",
                    class: ["b-slot", !s.bookable && "b-off"],
                    role: "radio",
                    "aria-checked": s.slot === state.slot,
                    disabled: !s.bookable,
                    dataset: { slot: s.slot },
                },
                el("span", { class: "num" }, `${s.slot}–${s.end}`),
                el("small", s.bookable ? i18n.t("left", { n: s.remaining }) : s.remaining === 0 ? i18n.t("full") : i18n.t("closedSlot")),
            ),
        ),
    );
    $("slots-note").textContent = !state.date ? i18n.t("chooseDay") : state.slots.some((s) => s.bookable) ? "" : i18n.t("noSlots");
    updateButton();
}

function updateButton() {
    const phone = $("phone").value.trim();
    $("book-btn").disabled = state.busy || !state.slot || !isMobileNumber(phone);
}

async function chooseService(code, wanted = {}) {
    state.service = code;
    state.date = null;
    state.slot = null;
    state.slots = [];
    renderServices();
    state.days = (await api("GET", `/api/appointment-days?service=${encodeURIComponent(code)}`)).days;
    const first = state.days.find((d) => d.date === wanted.date && d.remaining > 0) ?? state.days.find((d) => d.remaining > 0);
    renderDays();
    renderSlots();
    if (first) await chooseDay(first.date, wanted.slot);
}

async function chooseDay(date, wantedSlot) {
    state.date = date;
    state.slot = null;
    renderDays();
    const reply = await api("GET", `/api/appointment-slots?service=${encodeURIComponent(state.service)}&date=${date}`);
    state.slots = reply.slots;
    if (state.slots.some((s) => s.slot === wantedSlot && s.bookable)) state.slot = wantedSlot;
    renderSlots();
}

function contactErrors() {
    const phone = $("phone").value.trim();
    const id = $("id-number").value.trim().toUpperCase();
    $("phone-error").textContent = phone.length === 11 && !isMobileNumber(phone) ? i18n.t("phoneInvalid") : "";
    $("id-error").textContent = id && (id.length !== 18 || !isResidentID(id)) ? i18n.t("idInvalid") : "";
    return { phone, idNumber: id || undefined, ok: isMobileNumber(phone) && !$("id-error").textContent };
}

function showError(id, e) {
    $(id).textContent = e ? errorText(e, i18n.lang) : "";
    $(id).hidden = !e;
}

async function book() {
    const who = contactErrors();
    if (!who.ok || !state.slot || state.busy) return;
    state.busy = true;
    updateButton();
    $("book-btn").textContent = i18n.t("booking");
    showError("book-error", null);
    try {
        const body = { service: state.service, date: state.date, slot: state.slot, phone: who.phone, idNumber: who.idNumber };
        const booking = await api("POST", "/api/appointments", { body });
        remember(booking);
        $("phone").value = "";
        $("id-number").value = "";
        showBooking(booking);
    } catch (e) {
        showError("book-error", e);
        if (["slot_full", "booking_closed"].includes(e.code)) await chooseDay(state.date).catch(() => {});
    } finally {
        state.busy = false;
        $("book-btn").textContent = i18n.t("bookBtn");
        updateButton();
    }
}

// ---------- a booking ----------

function showBooking(b) {
    state.booking = b;
    const secret = b.secret ?? state.booking?.secret;
    const tz = state.hall.timeZone;
    const time = (iso) => hallTime(new Date(iso), tz).time;
    const statusKey = {
        booked: "statusBooked",
        checkedIn: "statusCheckedIn",
        late: "statusLate",
        noShow: "statusNoShow",
        cancelled: "statusCancelled",
    };
    document.body.dataset.status = b.status;
    $("r-status").textContent = i18n.t(statusKey[b.status] ?? "statusBooked");
    $("r-service").textContent = `${b.service} ${i18n.name(b.serviceName)}`;
    const weekday = ((new Date(`${b.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    $("r-when").textContent = `${dayLabel(b.date, weekday)} ${b.slot}–${b.end}`;
    $("r-phone").textContent = b.phone ?? "";
    $("code").textContent = `${b.code.slice(0, 4)} ${b.code.slice(4)}`;
    $("code").dataset.code = b.code;
    const active = b.status === "booked";
    $("code-box").hidden = !active;
    $("qr").src = active && secret ? `/api/appointments/${encodeURIComponent(b.id)}/qr.svg?secret=${encodeURIComponent(secret)}` : "";
    $("r-checkin").textContent = active
        ? i18n.t("checkIn", { from: time(b.checkInFrom), until: time(b.checkInUntil) })
        : b.ticket
          ? i18n.t("ticketGiven", { number: b.ticket.number })
          : "";
    $("cancel-btn").hidden = !active || !secret;
    $("another-btn").hidden = atKiosk;
    showError("done-error", null);
    show("done");
    if (atKiosk) startKioskReturn();
    else {
        $("r-keep").textContent = active ? i18n.t("keep") : "";
        history.replaceState(null, "", `${location.pathname}${location.search}#a=${encodeURIComponent(b.id)}&s=${encodeURIComponent(secret)}`);
    }
}

function startKioskReturn() {
    let left = KIOSK_RETURN_SECONDS;
    clearInterval(returnTimer);
    const tick = () => {
        $("r-keep").textContent = i18n.t("keepKiosk", { n: left });
        if (left-- <= 0) location.href = "/";
    };
    tick();
    returnTimer = setInterval(tick, 1000);
}

async function cancelBooking() {
    const b = state.booking;
    const secret = b?.secret ?? remembered().find((r) => r.id === b?.id)?.secret;
    if (!b || !secret) return;
    const dialog = $("cancel-dialog");
    dialog.returnValue = "";
    dialog.showModal();
    await new Promise((resolve) => dialog.addEventListener("close", resolve, { once: true }));
    if (dialog.returnValue !== "yes") return;
    try {
        const cancelled = await api("DELETE", `/api/appointments/${encodeURIComponent(b.id)}?secret=${encodeURIComponent(secret)}`);
        forget(b.id);
        showBooking({ ...cancelled, secret });
    } catch (e) {
        showError("done-error", e);
    }
}

// ---------- bookings remembered on this phone (never on the kiosk) ----------

function remembered() {
    if (atKiosk) return [];
    try {
        return JSON.parse(localStorage.getItem(STORE_KEY) || "[]").filter((r) => r && r.id && r.secret);
    } catch {
        return [];
    }
}

function remember(b) {
    if (atKiosk) return;
    try {
        localStorage.setItem(STORE_KEY, JSON.stringify([{ id: b.id, secret: b.secret }, ...remembered().filter((r) => r.id !== b.id)].slice(0, 10)));
    } catch {
        /* private mode: the page's address still holds it */
    }
}

function forget(id) {
    try {
        localStorage.setItem(STORE_KEY, JSON.stringify(remembered().filter((r) => r.id !== id)));
    } catch {
        /* nothing kept */
    }
}

async function renderMine() {
    const items = await Promise.all(
        remembered().map((r) =>
            api("GET", `/api/appointments/${encodeURIComponent(r.id)}?secret=${encodeURIComponent(r.secret)}`)
                .then((b) => ({ ...b, secret: r.secret }))
                .catch((e) => (e.status === 404 || e.status === 403 ? (forget(r.id), null) : null)),
        ),
    );
    const shown = items.filter((b) => b && b.status === "booked");
    fill(
        $("mine"),
        shown.map((b) =>
            el(
                "li",
                el(
                    "button",
                    { type: "button", class: "b-mine-item", dataset: { id: b.id } },
                    `${b.service} ${i18n.name(b.serviceName)}`,
                    " ",
                    el("span", { class: "num" }, `${b.date} ${b.slot}`),
                ),
            ),
        ),
    );
    state.mine = shown;
    $("mine-view").hidden = document.body.dataset.view !== "form" || !shown.length;
}

function wire() {
    i18n.bindSwitch($("lang-switch"));
    i18n.onChange(() => {
        if (state.hall) $("hall-name").textContent = i18n.name(state.hall.name);
        renderServices();
        renderDays();
        renderSlots();
        if (document.body.dataset.view === "done" && state.booking) showBooking(state.booking);
    });
    const onError = (e) => showError("book-error", e);
    $("services").addEventListener("click", (e) => {
        const b = e.target.closest("[data-service]");
        if (b) chooseService(b.dataset.service).catch(onError);
    });
    $("days").addEventListener("click", (e) => {
        const b = e.target.closest("[data-date]");
        if (b && !b.disabled) chooseDay(b.dataset.date).catch(onError);
    });
    $("slots").addEventListener("click", (e) => {
        const b = e.target.closest("[data-slot]");
        if (!b || b.disabled) return;
        state.slot = b.dataset.slot;
        renderSlots();
    });
    for (const id of ["phone", "id-number"]) {
        $(id).addEventListener("input", () => {
            $(id).value = $(id)
                .value.toUpperCase()
                .replace(id === "phone" ? /\D/g : /[^\dX]/g, "");
            contactErrors();
            updateButton();
        });
    }
    $("book-btn").addEventListener("click", book);
    $("cancel-btn").addEventListener("click", cancelBooking);
    $("another-btn").addEventListener("click", () => {
        history.replaceState(null, "", location.pathname + location.search);
        show("form");
        renderMine().catch(() => {});
    });
    $("mine").addEventListener("click", (e) => {
        const b = e.target.closest("[data-id]");
        const found = b && state.mine?.find((m) => m.id === b.dataset.id);
        if (found) showBooking(found);
    });
}

async function main() {
    i18n.apply();
    wire();
    $("back-kiosk").hidden = !atKiosk;
    state.hall = await loadHall();
    $("hall-name").textContent = i18n.name(state.hall.name);
    document.title = `${state.hall.name.zh} · 预约 Book`;
    const fragment = new URLSearchParams(location.hash.slice(1));
    if (fragment.get("a") && fragment.get("s")) {
        const secret = fragment.get("s");
        const b = await api("GET", `/api/appointments/${encodeURIComponent(fragment.get("a"))}?secret=${encodeURIComponent(secret)}`).catch(
            () => null,
        );
        if (b) {
            remember({ ...b, secret });
            return showBooking({ ...b, secret });
        }
    }
    renderServices();
    show("form");
    renderMine().catch(() => {});
    const wanted = bookable().find((s) => s.code === params.get("service")) ?? bookable()[0];
    if (wanted) await chooseService(wanted.code, { date: params.get("date"), slot: params.get("slot") });
}

main().catch((e) => {
    show("form");
    showError("book-error", e);
});
