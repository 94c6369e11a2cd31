// The hall's five-level satisfaction scale, shared by the phone page and the rating pad at the window.
import { api } from "./api.js";
import { svg } from "./dom.js";

/** Highest first, as the pad shows them (5 very satisfied … 1 very dissatisfied). */
export const RATING_LEVELS = [
    { score: 5, zh: "非常满意", en: "Very satisfied", color: "#15803d" },
    { score: 4, zh: "满意", en: "Satisfied", color: "#4d9a1f" },
    { score: 3, zh: "基本满意", en: "Fair", color: "#c99700" },
    { score: 2, zh: "不满意", en: "Dissatisfied", color: "#e06a10" },
    { score: 1, zh: "非常不满意", en: "Very dissatisfied", color: "#d32030" },
];

/** Reasons a taxpayer can tap when dissatisfied (score ≤ 2). */
export const RATING_REASONS = [
    { zh: "等候时间长", en: "Long wait" },
    { zh: "服务态度不好", en: "Unfriendly service" },
    { zh: "业务不熟练", en: "Officer unsure of the rules" },
    { zh: "手续繁琐", en: "Too much paperwork" },
    { zh: "系统故障", en: "System problems" },
    { zh: "未办成", en: "Business not completed" },
];

/** Scores at or below this ask for a reason. */
export const ASK_REASON_AT_OR_BELOW = 2;

/** A face for a score, as an inline SVG element (no image files, no emoji fonts needed). */
export function face(score, color = RATING_LEVELS.find((l) => l.score === score)?.color ?? "#777") {
    const mouths = {
        5: "M18 37 Q32 52 46 37",
        4: "M20 39 Q32 47 44 39",
        3: "M21 42 L43 42",
        2: "M20 45 Q32 38 44 45",
        1: "M18 48 Q32 34 46 48",
    };
    const line = { stroke: "#fff", "stroke-linecap": "round" };
    return svg(
        "svg",
        { viewBox: "0 0 64 64", "aria-hidden": "true", class: "face" },
        svg("circle", { cx: 32, cy: 32, r: 30, fill: color }),
        score === 1 && svg("path", { d: "M17 19 L27 23 M47 19 L37 23", "stroke-width": 3, ...line }),
        svg("circle", { cx: 23, cy: 27, r: 4, fill: "#fff" }),
        svg("circle", { cx: 41, cy: 27, r: 4, fill: "#fff" }),
        svg("path", { d: mouths[score], fill: "none", "stroke-width": 4, ...line }),
    );
}

/**
 * Gives each `[data-score]` element under `root` its level's colour as `--level-color`. Through the CSSOM, since the
 * pages' Content-Security-Policy refuses style="" attributes in markup.
 */
export function colourLevels(root) {
    for (const el of root.querySelectorAll("[data-score]")) {
        const level = RATING_LEVELS.find((l) => l.score === Number(el.dataset.score));
        if (level) el.style.setProperty("--level-color", level.color);
    }
}

/** The server keeps at most this many characters of a reason. */
export const MAX_REASON_LENGTH = 200;

/** The reason text sent to the server: the chosen chips in the hall's language, then the free text. */
export function reasonText(chips, text) {
    const parts = chips.map((c) => c.zh);
    const free = (text || "").trim();
    if (free) parts.push(free);
    return [...parts.join("；")].slice(0, MAX_REASON_LENGTH).join("") || undefined;
}

/**
 * POST /api/tickets/{id}/rating, with the ticket's `secret` in `body` (phone page) or a paired pad's `token`.
 * Resolves {outcome}: "rated", "already" (someone rated already), "not_finished", "unavailable" (this server has
 * no rating route yet) — or rejects with ApiError (401 for a pad whose pairing was revoked).
 */
export async function sendRating(ticketId, body, token) {
    try {
        await api("POST", `/api/tickets/${encodeURIComponent(ticketId)}/rating`, { body, token });
        return { outcome: "rated" };
    } catch (e) {
        if (e.code === "already_rated") return { outcome: "already" };
        if (e.code === "not_finished") return { outcome: "not_finished" };
        if (e.status === 404 && e.code === "not_found") return { outcome: "unavailable" };
        throw e;
    }
}
