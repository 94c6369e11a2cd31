// The managers' dashboard: today's bookings per service and slot (booked of the places, checked in, no-shows), from
// /api/dashboard's `bookings`, in the side column under the alerts. Hidden in a hall that takes no bookings.
import { el, fill } from "/assets/hallq.js";
import { $, state } from "/assets/manager-shared.js";

export function renderBookings() {
    const lines = state.dash?.bookings ?? [];
    $("bookings-panel").hidden = lines.length === 0;
    if (!lines.length) return;
    const total = (list, key) => list.reduce((n, l) => n + l[key], 0);
    $("bookings-note").textContent = `${total(lines, "booked")} / ${total(lines, "capacity")}`;
    const services = [...new Set(lines.map((l) => l.service))];
    fill(
        $("bookings"),
        services.map((code) => {
            const mine = lines.filter((l) => l.service === code);
            return el(
                "div",
                { class: "bk-row", dataset: { service: code } },
                el(
                    "div",
                    { class: "bk-service" },
                    el("b", code),
                    el("span", mine[0].nameZh),
                    el("small", mine[0].nameEn),
                    el(
                        "span",
                        { class: "bk-totals num" },
                        `预约 ${total(mine, "booked")}/${total(mine, "capacity")} · 签到 ${total(mine, "checkedIn") + total(mine, "late")} · 失约 ${total(mine, "noShows")}`,
                    ),
                ),
                el(
                    "div",
                    { class: "bk-slots" },
                    mine.map((l) =>
                        el(
                            "div",
                            {
                                class: ["bk-slot", l.booked >= l.capacity && "full", l.noShows > 0 && "missed"],
                                dataset: { slot: l.slot },
                                title:
                                    `${l.slot}–${l.end} 预约 booked ${l.booked}/${l.capacity} · 签到 checked in ${l.checkedIn}` +
                                    ` · 迟到 late ${l.late} · 失约 no-shows ${l.noShows} · 取消 cancelled ${l.cancelled}`,
                            },
                            el("span", { class: "bk-time num" }, l.slot),
                            el("b", { class: "num" }, `${l.booked}/${l.capacity}`),
                        ),
                    ),
                ),
            );
        }),
    );
}
