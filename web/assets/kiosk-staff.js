// Kiosk: a green-channel ticket is given by a member of staff. A hall guide or officer logs in in a small dialog
// (POST /api/login), the ticket is issued with that login, and the session is logged out at once: no staff token
// stays on the kiosk, and the password field is emptied whatever happens.
import { api, errorText } from "/assets/hallq.js";

// A dialog left open (a guide called away mid-password) closes by itself.
const IDLE_CLOSE_MS = 90000;
const LOGIN_ERRORS = new Set(["wrong_credentials", "too_many_attempts", "invalid_field", "malformed_json"]);

/**
 * Asks for a staff login and issues `body` (a POST /api/tickets body) with it.
 * Resolves with the ticket, or null when cancelled; rejects with the ApiError of a refused ticket (e.g. hall_closed).
 */
export function issueWithStaff(body, serviceName, i18n) {
    const $ = (id) => document.getElementById(id);
    const dialog = $("staff-dialog");
    const form = $("staff-form");
    $("staff-service").textContent = serviceName;
    $("staff-user").value = "";
    $("staff-password").value = "";
    $("staff-error").textContent = "";
    dialog.showModal();
    $("staff-user").focus();
    return new Promise((resolve, reject) => {
        let idle = null;
        const touched = () => {
            clearTimeout(idle);
            idle = setTimeout(() => finish(null), IDLE_CLOSE_MS);
        };
        const finish = (ticket, error) => {
            clearTimeout(idle);
            form.removeEventListener("submit", submit);
            form.removeEventListener("input", touched);
            $("staff-cancel").removeEventListener("click", cancel);
            dialog.removeEventListener("cancel", cancel);
            $("staff-password").value = "";
            if (dialog.open) dialog.close();
            if (error) reject(error);
            else resolve(ticket);
        };
        const cancel = (e) => {
            e.preventDefault();
            finish(null);
        };
        const submit = async (e) => {
            e.preventDefault();
            const user = $("staff-user").value.trim();
            const password = $("staff-password").value;
            $("staff-password").value = "";
            if (!user || !password) {
                $("staff-error").textContent = i18n.t("staffMissing");
                return;
            }
            $("staff-ok").disabled = true;
            $("staff-error").textContent = "";
            let token = null;
            try {
                token = (await api("POST", "/api/login", { body: { user, password } })).token;
                finish(await api("POST", "/api/tickets", { body, token }));
            } catch (error) {
                if (token || !LOGIN_ERRORS.has(error.code)) return finish(null, error);
                $("staff-error").textContent = errorText(error, i18n.lang);
                $("staff-password").focus();
            } finally {
                if (token) api("POST", "/api/logout", { token }).catch(() => {});
                $("staff-ok").disabled = false;
            }
        };
        form.addEventListener("submit", submit);
        form.addEventListener("input", touched);
        $("staff-cancel").addEventListener("click", cancel);
        dialog.addEventListener("cancel", cancel);
        touched();
    });
}
