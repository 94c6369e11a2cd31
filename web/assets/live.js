// Live hall events over server-sent events: reconnects with back-off, resumes after the last event seen,
// and asks the page to resynchronise from the REST API after every (re)connection.

/** Time hidden after which a page reconnects when shown again (its connection may have died while the phone slept). */
const AWAY_MS = 10000;

/** Every event kind the daemon sends (see openapi.yaml, /api/events). */
export const EVENT_KINDS = [
    "ticket.issued",
    "ticket.called",
    "ticket.recalled",
    "ticket.started",
    "ticket.finished",
    "ticket.noShow",
    "ticket.transferred",
    "ticket.cancelled",
    "window.changed",
    "rating.given",
    "alert.raised",
    "alert.acknowledged",
    "alert.renotified",
    "alert.escalated",
    "alert.closed",
];

/** The daemon's clock as this page best knows it (learned from the `at` of snapshots and events). */
export const serverClock = {
    offsetMs: 0,
    /** Learns the offset from a server timestamp just received. */
    learn(iso) {
        const t = Date.parse(iso);
        if (!Number.isNaN(t)) this.offsetMs = t - Date.now();
    },
    now() {
        return Date.now() + this.offsetMs;
    },
    /** Seconds since a server timestamp (never negative). */
    secondsSince(iso) {
        const t = Date.parse(iso);
        return Number.isNaN(t) ? null : Math.max(0, Math.floor((this.now() - t) / 1000));
    },
};

/**
 * One live connection for a page.
 *   onEvent(event)    each message's data {seq, kind, at, ticket, window, details}
 *   onResync()        after every (re)connection: fetch the state again (may be async)
 *   onStatus(status)  "connecting" | "online" | "offline"
 * The page's <html data-live> attribute follows the status, so styles and tests can see it.
 */
export class LiveFeed {
    constructor({ onEvent = () => {}, onResync = () => {}, onStatus = () => {}, kinds = EVENT_KINDS } = {}) {
        this.onEvent = onEvent;
        this.onResync = onResync;
        this.onStatus = onStatus;
        this.kinds = kinds;
        this.lastId = null;
        this.source = null;
        this.retryMs = 1000;
        this.timer = null;
        this.status = "connecting";
        this.resyncing = null;
        addEventListener("online", () => this.reconnectSoon(0));
        // A phone that slept may hold a connection that died without an error: after a while away, start again from
        // the last event seen (the daemon replays what was missed, or says resync).
        this.hiddenAt = null;
        document.addEventListener("visibilitychange", () => {
            if (document.visibilityState === "hidden") {
                this.hiddenAt = Date.now();
                return;
            }
            const away = this.hiddenAt != null && Date.now() - this.hiddenAt > AWAY_MS;
            this.hiddenAt = null;
            if (away) this.reconnectNow();
            else if (this.status !== "online") this.reconnectSoon(0);
        });
        document.addEventListener("resume", () => this.reconnectNow());
    }

    start() {
        this.connect();
        return this;
    }

    setStatus(status) {
        if (this.status === status) return;
        this.status = status;
        document.documentElement.dataset.live = status;
        this.onStatus(status);
    }

    connect() {
        clearTimeout(this.timer);
        this.timer = null;
        if (this.source) this.source.close();
        const url = "/api/events" + (this.lastId != null ? "?lastEventId=" + encodeURIComponent(this.lastId) : "");
        const source = new EventSource(url);
        this.source = source;
        source.onopen = () => {
            this.retryMs = 1000;
            this.setStatus("online");
            this.resync();
        };
        source.onerror = () => {
            // The browser would retry by itself, but only while the server answers; we own the schedule instead.
            source.close();
            if (this.source !== source) return;
            this.source = null;
            this.setStatus("offline");
            this.reconnectSoon(this.retryMs);
            this.retryMs = Math.min(this.retryMs * 2, 15000);
        };
        for (const kind of this.kinds) {
            source.addEventListener(kind, (message) => this.deliver(message));
        }
        // The daemon could not replay what this page missed (too much, or from before a restart): it says so once,
        // with the newest id, and the page reloads its state instead.
        source.addEventListener("resync", (message) => {
            if (message.lastEventId) this.lastId = message.lastEventId;
            this.resync();
        });
    }

    deliver(message) {
        if (message.lastEventId) this.lastId = message.lastEventId;
        let data;
        try {
            data = JSON.parse(message.data);
        } catch {
            return;
        }
        if (data.at) serverClock.learn(data.at);
        try {
            this.onEvent(data);
        } catch (e) {
            console.warn("hallq: event handler failed", e);
        }
    }

    /** Drops the connection, whatever its state, and reconnects after the last event seen. */
    reconnectNow() {
        if (this.source) this.source.close();
        this.source = null;
        this.setStatus("connecting");
        this.connect();
    }

    reconnectSoon(delayMs) {
        if (this.status === "online" && this.source) return;
        clearTimeout(this.timer);
        // A little jitter, so a hall full of screens does not reconnect in one instant after a restart.
        this.timer = setTimeout(() => this.connect(), delayMs + Math.random() * Math.min(500, delayMs));
    }

    /** Runs the page's resync; a failure drops the connection so the back-off schedule tries again. */
    async resync() {
        if (this.resyncing) return this.resyncing;
        this.resyncing = (async () => {
            try {
                await this.onResync();
            } catch (e) {
                console.warn("hallq: resync failed", e);
                if (this.source) this.source.onerror();
            } finally {
                this.resyncing = null;
            }
        })();
        return this.resyncing;
    }
}

/** Calls `fn` at most once per `ms`, always running once more after the last call (trailing edge). */
export function throttle(fn, ms) {
    let last = 0;
    let timer = null;
    return function throttled(...args) {
        const wait = last + ms - Date.now();
        if (wait <= 0 && !timer) {
            last = Date.now();
            fn(...args);
        } else if (!timer) {
            timer = setTimeout(
                () => {
                    timer = null;
                    last = Date.now();
                    fn(...args);
                },
                Math.max(wait, 0),
            );
        }
    };
}
