// The public hall finder (/halls, served by `hallqd bureau`): every hall's address, hours, people waiting and
// expected wait per business, and the best hall to go to now for the business chosen. Refreshes every 20 s.
import { api, errorText, el, fill, waitText } from "/assets/hallq.js";

const $ = (id) => document.getElementById(id);
const both = (zh, en) => el("span", zh, " ", el("span", { class: "en" }, en));
const state = { service: new URLSearchParams(location.search).get("service") || "", services: new Map() };

function serviceOptions(halls) {
    for (const hall of halls) for (const s of hall.services) if (!state.services.has(s.service)) state.services.set(s.service, s);
    const select = $("service");
    const known = new Set([...select.options].map((o) => o.value));
    for (const [code, s] of [...state.services].sort()) {
        if (!known.has(code)) select.append(el("option", { value: code }, `${s.nameZh} ${s.nameEn}`));
    }
    select.value = state.service;
}

function waitLine(s) {
    if (s.waiting == null) return both("暂无数据", "no figures");
    const wait =
        s.estimatedWaitSeconds == null
            ? both("暂无窗口办理", "no window open for it")
            : both(waitText(s.estimatedWaitSeconds, "zh"), waitText(s.estimatedWaitSeconds, "en"));
    return el("span", el("b", { class: "num" }, s.waiting), " ", both("人等候", "waiting"), " · ", wait);
}

function hallCard(hall, best) {
    const services = hall.services.filter((s) => !state.service || s.service === state.service);
    const status = hall.stale
        ? el("span", { class: "tag stale" }, both("数据暂未更新", "figures out of date"))
        : hall.openNow === false
          ? el("span", { class: "tag closed" }, both("现在不办公", "closed now"))
          : el("span", { class: "tag open" }, both("办公中", "open"));
    return el(
        "li",
        { class: ["hall", best && "best-hall", hall.stale && "stale"], dataset: { hall: hall.hallID } },
        el("div", { class: "title" }, el("h2", hall.nameZh, el("span", { class: "en" }, hall.nameEn)), status),
        el("p", { class: "address" }, hall.addressZh, el("span", { class: "en" }, hall.addressEn)),
        el(
            "p",
            { class: "hours" },
            both("今日办公", "Today"),
            " ",
            hall.hoursToday.length ? hall.hoursToday.join(", ") : both("休息", "closed"),
            hall.phone && el("span", " · ", el("a", { href: "tel:" + hall.phone }, hall.phone)),
        ),
        el(
            "ul",
            { class: "lines" },
            services.map((s) =>
                el(
                    "li",
                    { dataset: { service: s.service } },
                    el("span", { class: "svc" }, s.nameZh, el("span", { class: "en" }, s.nameEn)),
                    waitLine(s),
                ),
            ),
        ),
    );
}

async function refresh() {
    try {
        const path = state.service ? "/api/halls?service=" + encodeURIComponent(state.service) : "/api/halls";
        const finder = await api("GET", path);
        serviceOptions(finder.halls);
        $("error").hidden = true;
        const best = finder.best;
        $("best").hidden = !state.service;
        if (state.service) {
            fill(
                $("best"),
                best
                    ? el(
                          "p",
                          both("现在去这里最快：", "Quickest now: "),
                          el("b", best.nameZh, " ", el("span", { class: "en" }, best.nameEn)),
                          " — ",
                          both(waitText(best.estimatedWaitSeconds, "zh"), waitText(best.estimatedWaitSeconds, "en")),
                      )
                    : el("p", both("现在没有办公中的服务厅办理此业务", "No open hall serves this business right now")),
            );
        }
        const ordered = [...finder.halls].sort((a, b) => (best && b.hallID === best.hallID) - (best && a.hallID === best.hallID));
        fill(
            $("halls"),
            ordered.length ? ordered.map((h) => hallCard(h, best && h.hallID === best.hallID)) : el("li", both("暂无服务厅", "No halls yet")),
        );
        fill(
            $("updated"),
            both("更新于 " + new Date(finder.at).toLocaleTimeString("zh-CN"), "updated " + new Date(finder.at).toLocaleTimeString("en-GB")),
        );
    } catch (e) {
        $("error").hidden = false;
        fill($("error"), errorText(e, "zh"), " ", el("span", { class: "en" }, errorText(e, "en")));
    }
}

$("service").addEventListener("change", () => {
    state.service = $("service").value;
    const url = new URL(location.href);
    if (state.service) url.searchParams.set("service", state.service);
    else url.searchParams.delete("service");
    history.replaceState(null, "", url);
    refresh();
});
refresh();
setInterval(refresh, 20000);
