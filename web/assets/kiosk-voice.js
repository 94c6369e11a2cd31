// Kiosk: spoken prompts of the green-channel flow, for taxpayers who cannot read the screen. The daemon renders them:
// the fixed prompts (GET /api/prompts/{name}), and the number of a green-channel ticket just issued, named by its
// ticket.issued event on the live stream (GET /api/announcements/{seq}). A kiosk whose daemon has no voice stays
// silent. One prompt at a time: a new one stops the last.

// How long to wait for the live event of a ticket just issued (it may arrive before or after the reply).
const EVENT_WAIT_MS = 3000;

export class KioskVoice {
    constructor(available) {
        this.available = available;
        this.audio = null;
        this.issued = new Map(); // ticket id → journal sequence of its ticket.issued event
        this.waiting = new Map(); // ticket id → resolve
        this.played = window.hallqKioskSaid = [];
    }

    /** Plays a fixed prompt: "green-channel" or "staff-confirm". */
    prompt(name) {
        this.play(`/api/prompts/${encodeURIComponent(name)}`);
    }

    /** Notes a live event: the issue of a green-channel ticket has an announcement of its number. */
    heard(event) {
        if (event.kind !== "ticket.issued" || event.ticket?.priority !== "green") return;
        this.issued.set(event.ticket.id, event.seq);
        while (this.issued.size > 20) this.issued.delete(this.issued.keys().next().value);
        this.waiting.get(event.ticket.id)?.(event.seq);
    }

    /** Says the number of the green-channel ticket `id`, once its live event is known. */
    async ticket(id) {
        const seq =
            this.issued.get(id) ??
            (await new Promise((resolve) => {
                this.waiting.set(id, resolve);
                setTimeout(() => resolve(null), EVENT_WAIT_MS);
            }));
        this.waiting.delete(id);
        if (seq) this.play(`/api/announcements/${seq}`);
    }

    play(url) {
        if (!this.available) return;
        this.stop();
        const audio = new Audio(url);
        this.audio = audio;
        this.played.push(url);
        audio.play().catch(() => {});
    }

    stop() {
        if (!this.audio) return;
        this.audio.pause();
        this.audio.removeAttribute("src");
        this.audio.load();
        this.audio = null;
    }
}
