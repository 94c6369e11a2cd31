// The managers' dashboard: cancel every ticket waiting in one line, with a reason, after a confirmation
// (POST /api/services/{service}/cancel-waiting). For junk after a flood, or a line that cannot be served today.
import { fill } from "/assets/hallq.js";
import { $, state, bi, call, toast } from "/assets/manager-shared.js";

/** A click on a line's "cancel waiting…" button opens the dialog for that line. */
export function onServicesClick(ev) {
    const button = ev.target.closest("[data-cancel-line]");
    if (!button) return;
    const line = state.dash?.services.find((s) => s.service === button.dataset.cancelLine);
    if (!line) return;
    const form = $("cancel-form");
    form.dataset.service = line.service;
    fill(
        $("cancel-question"),
        bi(
            `取消「${line.nameZh}（${line.service}）」全部 ${line.waiting} 个等候号？`,
            `Cancel ${line.waiting === 1 ? "the ticket" : `all ${line.waiting} tickets`} waiting for ${line.nameEn} (${line.service})?`,
        ),
    );
    form.elements.reason.value = "";
    $("cancel-error").textContent = "";
    $("cancel-dialog").showModal();
    form.elements.reason.focus();
}

export async function confirmCancel(ev) {
    ev.preventDefault();
    const form = $("cancel-form");
    const reason = form.elements.reason.value.trim();
    if (!reason) {
        fill($("cancel-error"), bi("请填写原因（会记入日志并显示在屏幕上）。", "Give a reason (it is journaled and shown on screens)."));
        form.elements.reason.focus();
        return;
    }
    $("cancel-confirm").disabled = true;
    try {
        const done = await call("POST", `/api/services/${encodeURIComponent(form.dataset.service)}/cancel-waiting`, { reason });
        $("cancel-dialog").close();
        toast(`已取消 ${done.cancelled} 个号`, `${done.cancelled} ticket${done.cancelled === 1 ? "" : "s"} cancelled`);
    } catch (e) {
        if (e.status !== 401) fill($("cancel-error"), bi("未能取消：", "Not cancelled:"), " ", e.message);
    } finally {
        $("cancel-confirm").disabled = false;
    }
}
