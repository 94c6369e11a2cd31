// The hall's sounds: a two-tone chime made with WebAudio (no sound files) and spoken calls in Chinese then English,
// queued so announcements never talk over each other.

let context = null;

function audio() {
    if (!context) {
        const Ctx = window.AudioContext || window.webkitAudioContext;
        if (!Ctx) return null;
        context = new Ctx();
    }
    return context;
}

/** True when the browser lets this page play sound now (some need a tap first). */
export function soundAllowed() {
    const ctx = audio();
    return !!ctx && ctx.state === "running";
}

/** Unlocks sound on the first tap or key press (browsers' autoplay rule); `onChange` hears when it is allowed. */
export function unlockSoundOnGesture(onChange = () => {}) {
    const unlock = () => {
        const ctx = audio();
        if (ctx && ctx.state !== "running")
            ctx.resume()
                .then(() => onChange(soundAllowed()))
                .catch(() => {});
        if ("speechSynthesis" in window) speechSynthesis.getVoices();
    };
    for (const type of ["pointerdown", "keydown", "touchstart"]) addEventListener(type, unlock, { capture: true, passive: true });
    const ctx = audio();
    if (ctx) {
        ctx.resume().catch(() => {});
        ctx.onstatechange = () => onChange(soundAllowed());
    }
    return soundAllowed();
}

/** A soft "ding-dong" (E6 then C6 with harmonics); resolves when it has sounded. */
export function chime({ volume = 0.5 } = {}) {
    const ctx = audio();
    if (!ctx || ctx.state !== "running") return Promise.resolve(false);
    const start = ctx.currentTime + 0.02;
    const notes = [
        [1318.5, 0],
        [1046.5, 0.42],
    ];
    const master = ctx.createGain();
    master.gain.value = volume;
    master.connect(ctx.destination);
    for (const [freq, offset] of notes) {
        for (const [mult, level] of [
            [1, 1],
            [2, 0.18],
            [3, 0.06],
        ]) {
            const osc = ctx.createOscillator();
            const gain = ctx.createGain();
            osc.type = "sine";
            osc.frequency.value = freq * mult;
            const t = start + offset;
            gain.gain.setValueAtTime(0.0001, t);
            gain.gain.exponentialRampToValueAtTime(0.6 * level, t + 0.012);
            gain.gain.exponentialRampToValueAtTime(0.0001, t + 1.3);
            osc.connect(gain).connect(master);
            osc.start(t);
            osc.stop(t + 1.35);
        }
    }
    return new Promise((resolve) => setTimeout(() => resolve(true), 1500));
}

/** The best installed voice for a language ("zh" or "en"), or null. */
export function voiceFor(lang) {
    if (!("speechSynthesis" in window)) return null;
    const voices = speechSynthesis.getVoices();
    const wanted = lang === "zh" ? ["zh-CN", "zh_CN", "cmn", "zh"] : ["en-GB", "en-US", "en"];
    for (const tag of wanted) {
        const v = voices.find((voice) => voice.lang && voice.lang.replace("_", "-").toLowerCase().startsWith(tag.toLowerCase()));
        if (v) return v;
    }
    return null;
}

function speak(text, voice, rate) {
    return new Promise((resolve) => {
        const u = new SpeechSynthesisUtterance(text);
        u.voice = voice;
        u.lang = voice.lang;
        u.rate = rate;
        // Some engines never fire "end": give up after a generous time so the queue moves on.
        const guard = setTimeout(resolve, 2500 + text.length * 220);
        u.onend = u.onerror = () => {
            clearTimeout(guard);
            resolve();
        };
        speechSynthesis.speak(u);
    });
}

/**
 * Plays announcements one after another: chime, then the Chinese sentence, then the English one
 * (each only when such a voice is installed; the chime alone otherwise).
 */
export class Announcer {
    constructor({ repeat = 1, rate = 0.9, maxQueued = 6, onPlay = () => {} } = {}) {
        this.queue = [];
        this.playing = false;
        this.repeat = repeat;
        this.rate = rate;
        this.maxQueued = maxQueued;
        this.onPlay = onPlay;
        if ("speechSynthesis" in window) {
            speechSynthesis.getVoices();
            speechSynthesis.addEventListener?.("voiceschanged", () => speechSynthesis.getVoices());
        }
    }

    /** Queues {zh, en, key}; a newer announcement with the same key replaces a queued one. */
    say(item) {
        if (item.key) this.queue = this.queue.filter((q) => q.key !== item.key);
        this.queue.push(item);
        while (this.queue.length > this.maxQueued) this.queue.shift();
        if (!this.playing) this.next();
    }

    async next() {
        const item = this.queue.shift();
        if (!item) {
            this.playing = false;
            return;
        }
        this.playing = true;
        try {
            this.onPlay(item);
            await chime();
            const zh = voiceFor("zh");
            const en = voiceFor("en");
            for (let i = 0; i < this.repeat; i++) {
                if (zh && item.zh) await speak(item.zh, zh, this.rate);
                if (en && item.en) await speak(item.en, en, this.rate);
            }
            if (!zh && !en) await new Promise((r) => setTimeout(r, 800));
        } catch (e) {
            console.warn("hallq: announcement failed", e);
        }
        this.next();
    }
}
