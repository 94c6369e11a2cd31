// The hall's sounds: a two-tone chime made with WebAudio (no sound files), and spoken calls in Chinese then English —
// the daemon's own audio of each call, or the browser's voices — queued so announcements never talk over each other.

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

function speak(text, voice, rate, volume = 1) {
    return new Promise((resolve) => {
        const u = new SpeechSynthesisUtterance(text);
        u.voice = voice;
        u.lang = voice.lang;
        u.rate = rate;
        u.volume = volume;
        // Some engines never fire "end": give up after a generous time so the queue moves on.
        const guard = setTimeout(resolve, 2500 + text.length * 220);
        u.onend = u.onerror = () => {
            clearTimeout(guard);
            resolve();
        };
        speechSynthesis.speak(u);
    });
}

/** Waits until `audio` can play through (true), fails to load (false), or `ms` pass (false). */
function playable(audio, ms) {
    if (audio.readyState >= 3) return Promise.resolve(true);
    if (audio.error) return Promise.resolve(false);
    return new Promise((resolve) => {
        const done = (ok) => {
            clearTimeout(timer);
            audio.removeEventListener("canplaythrough", yes);
            audio.removeEventListener("error", no);
            resolve(ok);
        };
        const yes = () => done(true);
        const no = () => done(false);
        const timer = setTimeout(() => done(audio.readyState >= 3), Math.max(0, ms));
        audio.addEventListener("canplaythrough", yes);
        audio.addEventListener("error", no);
    });
}

/** Plays `audio` from the start to its end (or until a generous guard passes); resolves true when it played. */
function playThrough(audio) {
    return new Promise((resolve) => {
        const seconds = Number.isFinite(audio.duration) ? audio.duration / (audio.playbackRate || 1) : 15;
        const guard = setTimeout(() => finish(false), (seconds + 3) * 1000);
        const finish = (ok) => {
            clearTimeout(guard);
            audio.removeEventListener("ended", ended);
            audio.removeEventListener("error", failed);
            resolve(ok);
        };
        const ended = () => finish(true);
        const failed = () => finish(false);
        audio.addEventListener("ended", ended);
        audio.addEventListener("error", failed);
        audio.currentTime = 0;
        audio.play().catch(() => finish(false));
    });
}

/**
 * Plays announcements one after another, never one over another: the chime, then the words — the daemon's audio
 * of the call when `speaker` is "daemon" and it is ready within a second of the call, else the browser's own voices
 * (Chinese, then English) when installed and `speaker` is not "chime", else the chime alone.
 * Each announcement is said `repeat` times at `rate` and `volume`. `log` records what played, in order
 * ({key, seq, via: "audio" | "voice" | "chime", startedAt, endedAt, duration}), so an operator or a test can see it.
 */
export class Announcer {
    constructor({ repeat = 1, rate = 1, volume = 1, speaker = "daemon", maxQueued = 6, onPlay = () => {} } = {}) {
        this.queue = [];
        this.playing = false;
        this.repeat = repeat;
        this.rate = rate;
        this.volume = volume;
        this.speaker = speaker;
        this.maxQueued = maxQueued;
        this.onPlay = onPlay;
        this.log = [];
        if ("speechSynthesis" in window) {
            speechSynthesis.getVoices();
            speechSynthesis.addEventListener?.("voiceschanged", () => speechSynthesis.getVoices());
        }
    }

    /**
     * Queues {key, zh, en, audioUrl?}; a newer announcement with the same key replaces one still queued (a recall
     * made before the call was said is said once). The daemon's audio starts loading at once.
     */
    say(item) {
        const entry = { ...item, arrivedAt: performance.now() };
        if (item.audioUrl && this.speaker === "daemon") {
            const audio = new Audio();
            audio.preload = "auto";
            audio.src = item.audioUrl;
            entry.audio = audio;
        }
        if (item.key)
            this.queue = this.queue.filter((q) => {
                if (q.key === item.key) release(q);
                return q.key !== item.key;
            });
        this.queue.push(entry);
        while (this.queue.length > this.maxQueued) release(this.queue.shift());
        if (!this.playing) this.next();
    }

    /** How many announcements are waiting behind the one playing. */
    get waiting() {
        return this.queue.length;
    }

    async next() {
        const item = this.queue.shift();
        if (!item) {
            this.playing = false;
            return;
        }
        this.playing = true;
        const record = { key: item.key, seq: item.seq ?? null, via: "chime", startedAt: performance.now(), endedAt: null, duration: null };
        this.log.push(record);
        try {
            this.onPlay(item);
            await chime({ volume: 0.5 * this.volume });
            record.via = await this.words(item, record);
        } catch (e) {
            console.warn("hallq: announcement failed", e);
        }
        release(item);
        record.endedAt = performance.now();
        this.next();
    }

    /** Says the words of `item` the best way this board can; returns how. */
    async words(item, record) {
        if (item.audio && (await playable(item.audio, item.arrivedAt + 1000 - performance.now()))) {
            item.audio.volume = this.volume;
            item.audio.playbackRate = this.rate;
            record.duration = item.audio.duration;
            let played = false;
            for (let i = 0; i < this.repeat; i++) played = (await playThrough(item.audio)) || played;
            if (played) return "audio";
        }
        const zh = this.speaker === "chime" ? null : voiceFor("zh");
        const en = this.speaker === "chime" ? null : voiceFor("en");
        if (zh || en) {
            for (let i = 0; i < this.repeat; i++) {
                if (zh && item.zh) await speak(item.zh, zh, 0.9 * this.rate, this.volume);
                if (en && item.en) await speak(item.en, en, 0.9 * this.rate, this.volume);
            }
            return "voice";
        }
        await new Promise((r) => setTimeout(r, 800));
        return "chime";
    }
}

/** Lets go of an announcement's audio (a board runs for months). */
function release(item) {
    if (!item?.audio) return;
    item.audio.removeAttribute("src");
    item.audio.load();
    item.audio = null;
}
