// Kiosk: spoken prompts of the green-channel flow, for taxpayers who cannot read the screen. The daemon renders them
// (GET /api/prompts/{name}, and the number of a green-channel ticket just issued: GET /api/tickets/{id}/announcement);
// a kiosk whose daemon has no voice stays silent. One prompt at a time: a new one stops the last.

export class KioskVoice {
    constructor(available) {
        this.available = available;
        this.audio = null;
        this.played = (window.hallqKioskSaid = []);
    }

    /** Plays a fixed prompt: "green-channel" or "staff-confirm". */
    prompt(name) {
        this.play(`/api/prompts/${encodeURIComponent(name)}`);
    }

    /** Says the number of a green-channel ticket just issued. */
    ticket(id) {
        this.play(`/api/tickets/${encodeURIComponent(id)}/announcement`);
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
