#!/usr/bin/env python3
"""Takes the history and dashboard screenshots (peak.png, stats.png, heatmap.png, manager.png) from a demo daemon.

With --play it first plays today in the hall through the API, minute by minute, on the daemon's own clock: tickets
arrive at the usual rate for this weekday and hour (read from GET /api/heatmap), officers call, start and finish
with the hall's typical service times, take short breaks in turns, and taxpayers rate most services. It then
raises real alerts (one window paused too long, a dissatisfied rating, the line threshold lowered to today's
longest line) and acknowledges one, so the dashboard shows an ordinary afternoon, not a hall filled in a second.

Moving the daemon's clock needs libfaketime: the daemon runs with LD_PRELOAD=libfaketimeMT.so.1,
FAKETIME_TIMESTAMP_FILE=<file>, FAKETIME_NO_CACHE=1 and FAKETIME_DONT_FAKE_MONOTONIC=1, and this script writes
the offset into <file>. Under libfaketime hallqd does not see its command-line options, so start it from a scratch
folder laid out as its defaults expect (config/demo-hall.toml, data/hall.sqlite, links web and displays):

    hallqd simulate --days 120 --config config/demo-hall.toml --db <scratch>/data/hall.sqlite
    (cd <scratch> && LD_PRELOAD=... FAKETIME_TIMESTAMP_FILE=<scratch>/clock ... hallqd) &    # port 8080
    take_history_screenshots.py --base http://127.0.0.1:8080 --play --clock-file <scratch>/clock --out docs/screenshots

Use it only against a throwaway daemon. Python standard library only.
"""

import argparse
import datetime as dt
import math
import os
import random
import sys
import time
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402
from support import http  # noqa: E402

CLOSED_WINDOWS = {6}              # its officer is away today
FAULT_WINDOW = 10                 # paused with a fault before the snapshot, long enough for a pause alert
BREAK_MINUTES = 18                # short breaks in turns, under the pause alert's 20 minutes
SCORES = [(5, 0.76), (4, 0.19), (3, 0.04), (1, 0.01)]


class Clock:
    """The daemon's clock, moved forward only, through libfaketime's timestamp file."""

    def __init__(self, path):
        self.path = path
        self.now = None

    def set(self, when):
        if self.now and when < self.now:
            when = self.now
        self.now = when
        with open(self.path, "w") as f:
            f.write(f"+{round(when.timestamp() - time.time())}\n")


class Hall:
    def __init__(self, base):
        self.base = base.rstrip("/")

    def call(self, method, path, body=None, token=None, ok=(200, 201, 204)):
        status, data = http(method, self.base + path, body, token)
        if status not in ok:
            raise SystemExit(f"{method} {path} → {status} {data}")
        return data if isinstance(data, dict) else None

    def login(self, user):
        return self.call("POST", "/api/login", {"user": user, "password": "demo"})["token"]


def poisson(mean):
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= random.random()
        if p <= limit:
            return k
        k += 1


def service_minutes(typical):
    """Most services near the typical time, a few twice as long."""
    return min(2.5 * typical, max(1.0, random.gammavariate(4.0, typical / 4.0)))


class Desk:
    def __init__(self, number, token, pad):
        self.number, self.token, self.pad = number, token, pad
        self.ticket, self.phase, self.due, self.no_show = None, None, None, False
        self.paused_until, self.break_at = None, None


def play(hall, clock, start, until, typical):
    """Plays the hall day from `start` to `until` (hall-local datetimes) at the usual rates of that weekday."""
    day = start.weekday()
    rates = {}
    for code in typical:
        values = hall.call("GET", f"/api/heatmap?metric=arrivals&service={code}")["values"]
        rates[code] = values[day]
    manager = hall.login("manager")
    desks = []
    clock.set(start - dt.timedelta(minutes=5))
    for window in hall.call("GET", "/api/hall")["windows"]:
        n = window["number"]
        if n in CLOSED_WINDOWS:
            continue
        token = hall.login(f"officer{n}")
        desk = Desk(n, token, hall.call("POST", f"/api/windows/{n}/pad", {"label": f"window {n}"}, token=token)["token"])
        if hall.call("GET", f"/api/windows/{n}")["status"] != "open":
            hall.call("POST", f"/api/windows/{n}/open", {}, token=desk.token)
        desks.append(desk)
    # Breaks in turns over the midday lull, three windows at a time, none for the window that will fail.
    slots = [d for d in desks if d.number != FAULT_WINDOW]
    for i, desk in enumerate(slots):
        desk.break_at = start.replace(hour=11, minute=45) + dt.timedelta(minutes=(BREAK_MINUTES + 2) * (i // 3) + 3 * (i % 3))
    fault_at = until - dt.timedelta(minutes=34)
    unrated, issued = [], 0
    t = start
    while t < until:
        arrivals = sorted(
            (random.uniform(0, 50), code)
            for code, by_hour in rates.items() for _ in range(poisson((by_hour[t.hour] or 0) / 60.0)))
        for second, code in arrivals:
            clock.set(t + dt.timedelta(seconds=second))
            priority = "green" if random.random() < 0.04 else "normal"
            # Green-channel tickets are given by staff (a hall guide's login), never self-declared.
            hall.call("POST", "/api/tickets", {"service": code, "priority": priority}, token=manager if priority == "green" else None)
            issued += 1
        clock.set(t + dt.timedelta(seconds=52))
        for desk in desks:
            unrated += step(hall, desk, clock.now, typical, fault_at)
        unrated = [(n, w, at) for n, w, at in unrated if clock.now - at < dt.timedelta(minutes=9)]
        if t.minute % 5 == 0:
            take_ratings(hall, manager, clock.now)
        t += dt.timedelta(minutes=1)
        if t.minute == 0:
            print(f"· {t:%H:%M} {issued} tickets issued", file=sys.stderr, flush=True)
    clock.set(until)
    return manager, desks, unrated


def step(hall, desk, now, typical, fault_at):
    """One minute at one window; returns the tickets finished now that were not rated (for a later rating)."""
    n, token = desk.number, desk.token
    if desk.paused_until:
        if now >= desk.paused_until:
            hall.call("POST", f"/api/windows/{n}/resume", {}, token=token)
            desk.paused_until = None
        return []
    finished = []
    if desk.ticket and desk.phase == "called" and now >= desk.due:
        if desk.no_show:
            for _ in range(2):
                hall.call("POST", f"/api/windows/{n}/recall", {}, token=token)
            hall.call("POST", f"/api/windows/{n}/no-show", {}, token=token)
            desk.ticket = None
        else:
            hall.call("POST", f"/api/windows/{n}/start", {}, token=token)
            desk.phase, desk.due = "serving", now + dt.timedelta(minutes=service_minutes(typical[desk.ticket["service"]]))
    if desk.ticket and desk.phase == "serving" and now >= desk.due:
        hall.call("POST", f"/api/windows/{n}/finish", {}, token=token)
        if random.random() < 0.68:
            score = random.choices([s for s, _ in SCORES], [w for _, w in SCORES])[0]
            hall.call("POST", f"/api/tickets/{desk.ticket['id']}/rating", {"score": score}, token=desk.pad)
        else:
            finished.append((desk.ticket["id"], n, now))
        desk.ticket = None
    if desk.ticket:
        return finished
    if n == FAULT_WINDOW and now >= fault_at:
        hall.call("POST", f"/api/windows/{n}/pause", {"reason": "系统故障 System fault"}, token=token)
        desk.paused_until = now + dt.timedelta(days=1)
        return finished
    if desk.break_at and now >= desk.break_at:
        hall.call("POST", f"/api/windows/{n}/pause", {"reason": "休息 Break"}, token=token)
        desk.break_at, desk.paused_until = None, now + dt.timedelta(minutes=BREAK_MINUTES)
        return finished
    ticket = hall.call("POST", f"/api/windows/{n}/call-next", {}, token=token)
    if ticket:
        desk.ticket, desk.phase = ticket, "called"
        desk.no_show = random.random() < 0.03
        desk.due = now + dt.timedelta(minutes=3 if desk.no_show else 1)
    return finished


def take_ratings(hall, manager, now):
    """The duty manager takes dissatisfied ratings a few minutes after they come in (they then show as cleared)."""
    for alert in hall.call("GET", "/api/alerts?state=unacknowledged", token=manager)["alerts"]:
        raised = dt.datetime.fromisoformat(alert["raisedAt"].replace("Z", "+00:00"))
        if alert["kind"] == "rating" and now - raised >= dt.timedelta(minutes=4):
            hall.call("POST", f"/api/alerts/{alert['id']}/ack", {}, token=manager)


def raise_alerts(hall, manager, unrated, pads):
    """A dissatisfied rating and the line (and long-wait) thresholds lowered to what the hall shows now; waits for
    the alerts (with the paused window's, three or four kinds) and acknowledges one, as a manager who has sent someone."""
    if unrated:
        ticket, window, _ = unrated[-1]
        hall.call("POST", f"/api/tickets/{ticket}/rating", {"score": 2, "reason": "等候太久 Waited too long"}, token=pads[window])
    board = hall.call("GET", "/api/dashboard", token=manager)
    rules = hall.call("GET", "/api/alert-rules", token=manager)
    lines = sorted(board["services"], key=lambda s: s["waiting"])
    busiest = lines[-1]["waiting"]
    if busiest >= 3:
        rules["maxWaitingPerService"] = min(rules["maxWaitingPerService"], busiest - 1)
    longest = max((s.get("longestWaitSeconds") or 0) for s in board["services"]) / 60
    if longest >= 30:
        rules["maxWaitMinutes"] = min(rules["maxWaitMinutes"], math.floor(longest) - 4)
    hall.call("PUT", "/api/alert-rules", rules, token=manager)
    print(f"· rules now {rules}", file=sys.stderr)
    deadline = time.time() + 60
    while time.time() < deadline:
        alerts = hall.call("GET", "/api/alerts", token=manager)["alerts"]
        kinds = {a["kind"] for a in alerts}
        if {"pause", "rating", "queue"} <= kinds:
            break
        time.sleep(1)
    taken = next((a for a in alerts if a["kind"] == "wait"), None) or next((a for a in alerts if a["kind"] == "queue"), None)
    if taken:
        hall.call("POST", f"/api/alerts/{taken['id']}/ack", {}, token=manager)
    print(f"· alerts: {[a['key'] for a in alerts]}", file=sys.stderr)


def login_form(page, user_field, password_field, submit):
    page.type_into(user_field, "manager")
    page.type_into(password_field, "demo")
    page.click(submit)


def shoot(base, out, stats_from, stats_to):
    errors = {}
    with Browser.launch() as browser:
        peak = browser.new_page(414, 896, mobile=True, touch=True, name="peak")
        peak.navigate(base + "/peak")
        peak.wait_for("document.body.dataset.ready === 'true'", what="the peak page")
        time.sleep(1)
        peak.resize(414, peak.eval("document.documentElement.scrollHeight"), mobile=True, touch=True)
        time.sleep(1)
        peak.screenshot(os.path.join(out, "peak.png"))

        stats = browser.new_page(1280, 1900, name="stats")
        stats.navigate(base + "/stats")
        stats.wait_for("!document.getElementById('login').hidden", what="the stats login")
        login_form(stats, "#login-form [name=user]", "#login-form [name=password]", "#login-form button[type=submit]")
        stats.wait_for("document.body.dataset.ready === 'true'", what="the first report")
        stats.eval(f"(() => {{ const q = document.getElementById('query'); q.from.value = '{stats_from}';"
                   f" q.to.value = '{stats_to}'; q.group.value = 'day'; }})()")
        stats.click("#query button[type=submit]")
        stats.wait_for(f"document.getElementById('period').textContent.includes('{stats_from}')", what="the report for the range")
        time.sleep(1)
        stats.screenshot(os.path.join(out, "stats.png"))

        heat = browser.new_page(660, 500, name="heatmap")
        heat.navigate(base + "/heatmap.svg?metric=arrivals")
        time.sleep(0.5)
        heat.screenshot(os.path.join(out, "heatmap.png"))

        board = browser.new_page(1920, 1080, name="manager")
        board.navigate(base + "/manager")
        board.wait_for("!document.getElementById('login').hidden", what="the dashboard login")
        login_form(board, "#login-user", "#login-password", "#login-submit")
        board.wait_for("document.getElementById('live').dataset.state === 'online'"
                       " && document.querySelectorAll('#alerts .alert').length > 0", what="the live dashboard")
        time.sleep(3)  # let the ringing highlight of alerts seen at sign-in fade
        board.screenshot(os.path.join(out, "manager.png"))
        for page in (peak, stats, heat, board):
            if page.errors:
                errors[page.name] = page.errors
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the daemon's address, e.g. http://127.0.0.1:8080")
    parser.add_argument("--out", required=True, help="folder for the PNG files")
    parser.add_argument("--play", action="store_true", help="play today in the hall first (needs --clock-file)")
    parser.add_argument("--clock-file", help="libfaketime's FAKETIME_TIMESTAMP_FILE of the daemon")
    parser.add_argument("--start", default="09:00", help="hall-local time the played day starts")
    parser.add_argument("--until", default="14:35", help="hall-local time the played day stops and the pictures are taken")
    parser.add_argument("--days", type=int, default=30, help="days of statistics, ending yesterday")
    parser.add_argument("--seed", type=int, default=5, help="random seed of the played day")
    args = parser.parse_args()
    random.seed(args.seed)
    hall = Hall(args.base)
    zone = zoneinfo.ZoneInfo(hall.call("GET", "/api/heatmap")["timeZone"])
    today = dt.datetime.now(zone).date()
    if args.play:
        if not args.clock_file:
            parser.error("--play moves the daemon's clock: give --clock-file")
        at = lambda hhmm: dt.datetime.combine(today, dt.time.fromisoformat(hhmm), zone)  # noqa: E731
        typical = {s["code"]: s["typicalMinutes"] for s in hall.call("GET", "/api/hall")["services"]}
        manager, desks, unrated = play(hall, Clock(args.clock_file), at(args.start), at(args.until), typical)
        raise_alerts(hall, manager, unrated, {d.number: d.pad for d in desks})
    os.makedirs(args.out, exist_ok=True)
    to = today - dt.timedelta(days=1)
    errors = shoot(args.base.rstrip("/"), args.out, to - dt.timedelta(days=args.days - 1), to)
    for name, found in errors.items():
        print(f"note: the {name} page logged {found}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
