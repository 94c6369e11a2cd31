// Window display (/displays/window/{n}): the number called to or served at this window, or that it is paused/closed.
import { api, LiveFeed, loadHallPatiently, el, fill } from "/assets/hallq.js";

const $ = (id) => document.getElementById(id);
const windowNumber = Number(location.pathname.split("/").filter(Boolean)[2] || new URLSearchParams(location.search).get("n"));
let win = null;
let shown = "";

const number = (ticket) => el("span", { class: "num" }, ticket.number);

function render(blink) {
    const t = win?.ticket;
    let state;
    let zh;
    let en;
    if (!win) {
        state = "loading";
        zh = "连接中";
        en = "Connecting…";
    } else if (t && t.status === "called") {
        state = "called";
        zh = ["请 ", number(t), " 号"];
        en = ["Number ", number(t), ", please come here"];
    } else if (t && t.status === "serving") {
        state = "serving";
        zh = ["正在办理 ", number(t)];
        en = ["Now serving ", number(t)];
    } else if (win.status === "paused") {
        state = "paused";
        zh = "暂停服务";
        en = "Paused — please wait";
    } else if (win.status === "closed") {
        state = "closed";
        zh = "窗口关闭";
        en = "Closed";
    } else {
        state = "idle";
        zh = "欢迎光临";
        en = "Welcome";
    }
    document.body.dataset.state = state;
    fill($("line-zh"), zh);
    fill($("line-en"), en);
    fit($("line-zh"));
    fit($("line-en"));
    const key = `${state}:${t?.number ?? ""}`;
    const strip = document.querySelector(".w-strip");
    if (blink || (key !== shown && state === "called")) {
        strip.classList.remove("blink");
        void strip.offsetWidth;
        strip.classList.add("blink");
    }
    shown = key;
}

/** Shrinks a line's font until it fits the strip (long window names, two-letter prefixes, narrow strips). */
function fit(el) {
    el.style.fontSize = "";
    const box = getComputedStyle(el.parentElement);
    const room = el.parentElement.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight) - 1;
    if (el.scrollWidth > room) el.style.fontSize = `${(parseFloat(getComputedStyle(el).fontSize) * room) / el.scrollWidth}px`;
}

addEventListener("resize", () => render(false));

async function resync() {
    win = await api("GET", `/api/windows/${windowNumber}`);
    render(false);
}

async function main() {
    $("window-number").textContent = Number.isFinite(windowNumber) && windowNumber > 0 ? windowNumber : "?";
    render(false);
    const hall = await loadHallPatiently();
    const w = hall.windows.find((x) => x.number === windowNumber);
    document.title = `${w ? w.name.zh : windowNumber} · 窗口屏 Window display`;
    if (!w) {
        $("line-zh").textContent = "未配置此窗口";
        $("line-en").textContent = `No window ${windowNumber} in this hall`;
        return;
    }
    new LiveFeed({
        onEvent: (e) => {
            if (!e.window || e.window.number !== windowNumber) return;
            win = e.window;
            render(e.kind === "ticket.recalled");
        },
        onResync: resync,
    }).start();
}

main();
