// Staff logins for the officer console and the managers' pages: the token lives in this tab's sessionStorage only,
// and goes out as a Bearer header.
import { api } from "./api.js";

const KEY = "hallq.staff";

/** The signed-in staff member of this tab: {token, role, window, user, displayName}, or null. */
export function currentStaff() {
    try {
        return JSON.parse(sessionStorage.getItem(KEY) || "null");
    } catch {
        return null;
    }
}

/** Remembers (or, with null, forgets) the staff member of this tab. */
export function saveStaff(staff) {
    if (staff) sessionStorage.setItem(KEY, JSON.stringify(staff));
    else sessionStorage.removeItem(KEY);
}

/** POST /api/login; resolves with the staff member (saved), rejects with ApiError (wrong_credentials, too_many_attempts…). */
export async function logIn(user, password) {
    const reply = await api("POST", "/api/login", { body: { user, password } });
    const staff = { token: reply.token, role: reply.role, window: reply.window ?? null, user: reply.user, displayName: reply.displayName ?? null };
    saveStaff(staff);
    return staff;
}

/** Ends the session on the server (best effort) and forgets it here. */
export function logOut(staff = currentStaff()) {
    saveStaff(null);
    if (staff?.token) api("POST", "/api/logout", { token: staff.token }).catch(() => {});
}

/** GET /api/me: resolves when the token is still good, rejects with ApiError 401 when it is not. */
export function checkStaff(staff = currentStaff()) {
    return api("GET", "/api/me", { token: staff?.token });
}
