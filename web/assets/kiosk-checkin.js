// Kiosk: "我有预约 / I have an appointment". The taxpayer types the booking's eight-digit code or the eleven-digit
// mobile number it was booked with (a scanner reading the booking's QR code types the code and Enter), and the
// kiosk checks the booking in (POST /api/check-ins): on time an appointment ticket, late an ordinary one
// with a note, too early a message saying when to come back (the server's words, in both languages). Where the
// hall sends reminder texts, the taxpayer may ask for them to the booking's phone.
import { api, errorText, isMobileNumber } from "/assets/hallq.js";

export class CheckInScreen {
    /** `show(view)` switches the kiosk's screens; `onTicket(reply)` shows the ticket a check-in gave; `home()` leaves. */
    constructor({ i18n, show, onTicket, home }) {
        Object.assign(this, { i18n, show, onTicket, home });
        this.busy = false;
        this.$ = (id) => document.getElementById(id);
    }

    wire() {
        const $ = this.$;
        $("checkin-open").addEventListener("click", () => this.open());
        $("checkin-back").addEventListener("click", () => this.leave());
        $("checkin-submit").addEventListener("click", () => this.submit());
        $("checkin-sms").addEventListener("click", (e) => {
            e.currentTarget.setAttribute("aria-checked", String(e.currentTarget.getAttribute("aria-checked") !== "true"));
        });
        $("checkin-keypad").addEventListener("click", (e) => {
            const b = e.target.closest("button");
            if (b) this.key(b.dataset.key || b.textContent.trim());
        });
        const input = $("checkin-input");
        input.addEventListener("input", () => {
            input.value = input.value.replace(/\D/g, "").slice(0, 11);
            this.changed();
        });
        input.addEventListener("keydown", (e) => {
            if (e.key === "Enter") this.submit();
        });
    }

    /** The words that depend on the hall's settings (check-in from … to … minutes around the slot). */
    describe(hall) {
        const a = hall?.appointments;
        if (a) this.$("checkin-how").textContent = this.i18n.t("checkinHow", { from: a.checkInFromMinutesBefore, until: a.checkInUntilMinutesAfter });
        this.$("checkin-sms").hidden = !hall?.reminders?.sms;
        this.$("checkin-sms-hint").textContent = this.i18n.t("smsHint", { n: hall?.reminders?.placesBefore ?? 3 });
    }

    open() {
        this.$("checkin-input").value = "";
        this.$("checkin-sms").setAttribute("aria-checked", "false");
        this.error("");
        this.changed();
        this.show("checkin");
        this.$("checkin-input").focus();
    }

    /** Back to the start screen, the half-typed code or number cleared (also when the kiosk is left untouched). */
    leave() {
        this.$("checkin-input").value = "";
        this.home();
    }

    key(k) {
        const input = this.$("checkin-input");
        if (k === "back") input.value = input.value.slice(0, -1);
        else if (k === "clear") input.value = "";
        else if (/^\d$/.test(k) && input.value.length < 11) input.value += k;
        this.changed();
    }

    changed() {
        const v = this.$("checkin-input").value;
        this.$("checkin-submit").disabled = this.busy || !(v.length === 8 || isMobileNumber(v));
    }

    error(text) {
        this.$("checkin-error").textContent = text;
        this.$("checkin-error").hidden = !text;
    }

    async submit() {
        const value = this.$("checkin-input").value;
        const body = value.length === 8 ? { code: value } : isMobileNumber(value) ? { phone: value } : null;
        if (!body) return this.error(this.i18n.t("checkinInvalid"));
        if (!this.$("checkin-sms").hidden && this.$("checkin-sms").getAttribute("aria-checked") === "true") body.sms = true;
        if (this.busy) return;
        this.busy = true;
        this.changed();
        this.error("");
        try {
            const reply = await api("POST", "/api/check-ins", { body });
            this.$("checkin-input").value = "";
            this.onTicket(reply);
        } catch (e) {
            this.error(errorText(e, this.i18n.lang));
        } finally {
            this.busy = false;
            this.changed();
        }
    }
}
