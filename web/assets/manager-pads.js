// The managers' dashboard: the rating pads paired at the windows (GET /api/pads) and revoking one (DELETE
// /api/pads/{id}) with two clicks — the first arms the button, the second revokes.
import { el, fill } from "/assets/hallq.js";
import { $, state, bi, call, hallTime, hallDay, toast } from "/assets/manager-shared.js";

export async function refreshPads() {
    try {
        state.pads = (await call("GET", "/api/pads")).pads;
        renderPads();
    } catch (e) {
        if (e.status !== 401) toast("评价器列表刷新失败", `Rating pads refresh failed: ${e.message}`, true);
    }
}

function renderPads() {
    const pads = state.pads;
    $("pad-count").textContent = pads.length ? String(pads.length) : "";
    fill($("pads"), pads.length ? pads.map(padRow) : el("div", { class: "empty small" }, bi("无", "None")));
}

/** When, in the hall's time: today as HH:MM, other days with the date. */
function when(iso) {
    if (!iso) return "—";
    const day = hallDay(iso);
    return day === state.dash?.day ? hallTime(iso) : `${day.slice(5)} ${hallTime(iso)}`;
}

function padRow(p) {
    return el(
        "div",
        { class: "pad-row", dataset: { pad: p.id } },
        el("span", { class: "pad-win" }, `${p.window} 号窗口 `, el("small", `Window ${p.window}`)),
        el("span", { class: "label", title: p.label ?? "" }, p.label ?? "—"),
        el("button", { type: "button", class: "revoke ghost", dataset: { revoke: p.id } }, bi("撤销", "Revoke")),
        el(
            "span",
            { class: "meta" },
            bi("配对", "Paired"),
            ` ${when(p.pairedAt)} · ${p.pairedBy} · `,
            bi("最近评价", "Last rating"),
            ` ${when(p.lastUsedAt)}`,
        ),
    );
}

export async function onPadsClick(ev) {
    const btn = ev.target.closest("button[data-revoke]");
    if (!btn) return;
    if (!btn.classList.contains("armed")) {
        btn.classList.add("armed");
        fill(btn, bi("确认撤销", "Confirm"));
        setTimeout(() => {
            if (btn.isConnected && btn.classList.contains("armed")) {
                btn.classList.remove("armed");
                fill(btn, bi("撤销", "Revoke"));
            }
        }, 5000);
        return;
    }
    const id = Number(btn.dataset.revoke);
    btn.disabled = true;
    try {
        await call("DELETE", `/api/pads/${id}`);
        toast("评价器已撤销，需重新配对", `Rating pad #${id} revoked; it must be paired again`);
    } catch (e) {
        if (e.status === 404) toast("该评价器已撤销", "That pad was already revoked");
        else if (e.status !== 401) toast("撤销失败", e.message, true);
    }
    refreshPads();
}
