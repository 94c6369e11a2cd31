// The managers' dashboard: today's alert rules (GET and PUT /api/alert-rules) and their editor dialog.
import { fill } from "/assets/hallq.js";
import { $, state, bi, call, toast } from "/assets/manager-shared.js";
import { renderDashboard } from "/assets/manager-tiles.js";

const RULE_FIELDS = [
    "maxWaitingPerService",
    "maxWaitingPerOpenWindow",
    "maxWaitMinutes",
    "dissatisfiedAtOrBelow",
    "maxPauseMinutes",
    "renotifyMinutes",
    "escalateMinutes",
];

export async function loadRules() {
    try {
        state.rules = await call("GET", "/api/alert-rules");
    } catch {
        /* keep the last rules known */
    }
}

export async function openRules() {
    const form = $("rules-form");
    clearRuleErrors();
    try {
        state.rules = await call("GET", "/api/alert-rules");
    } catch (e) {
        if (e.status !== 401) toast("无法读取告警规则", e.message, true);
        return;
    }
    for (const f of RULE_FIELDS) form.elements[f].value = String(state.rules[f]);
    $("rules-dialog").showModal();
    form.elements[RULE_FIELDS[0]].focus();
}

function clearRuleErrors() {
    $("rules-error").textContent = "";
    for (const l of document.querySelectorAll("#rules-form label[data-field]")) {
        l.classList.remove("invalid");
        l.querySelector(".field-error").textContent = "";
    }
}

export async function saveRules(ev) {
    ev.preventDefault();
    clearRuleErrors();
    const form = $("rules-form");
    const body = {};
    for (const f of RULE_FIELDS) {
        const raw = form.elements[f].value.trim();
        body[f] = raw === "" ? null : Number(raw);
    }
    $("rules-save").disabled = true;
    try {
        state.rules = await call("PUT", "/api/alert-rules", body);
        $("rules-dialog").close();
        toast("告警规则已保存", "Alert rules saved");
        if (state.dash) renderDashboard();
    } catch (e) {
        if (e.status === 401) return;
        const field = RULE_FIELDS.find((f) => e.message.includes(f));
        const label = field && document.querySelector(`#rules-form label[data-field="${field}"]`);
        if (label) {
            label.classList.add("invalid");
            label.querySelector(".field-error").textContent = e.message;
            form.elements[field].focus();
        }
        fill(
            $("rules-error"),
            label
                ? bi("请更正标出的项。", "Please correct the marked field.")
                : [bi("服务器拒绝了这些规则：", "The server refused these rules:"), " ", e.message],
        );
    } finally {
        $("rules-save").disabled = false;
    }
}
