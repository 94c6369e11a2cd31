#!/usr/bin/env python3
"""Checks the kiosk around opening time in headless Chromium, against a daemon on a test clock.

    check_kiosk_hours.py --base http://127.0.0.1:8080 --clock-file PATH [--screenshots DIR]

The daemon must run the demo hall with `--clock-file PATH` on a weekday; the check sets the clock a few seconds
before tickets are issued (08:29:54; the demo hall issues from 08:30). The kiosk shows "closed" with the time tickets start and the week's hours instead
of the service buttons, opens by itself when issuing starts (on the daemon's clock, not the browser's), issues a
ticket, and when a tap finds the hall closed (the clock moved to the evening) it shows when tickets start again.
Exits 1 on the first failure.
"""

import argparse
import datetime as dt
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, CDPError  # noqa: E402
from support import LIVE, CheckFailed, Run, http  # noqa: E402


def set_clock(path, instant):
    """Replaces the daemon's clock file (the daemon sees the new file at its next reading of the time)."""
    with open(path + ".new", "w") as f:
        f.write(instant.isoformat() + "\n")
    os.replace(path + ".new", path)


BEIJING = dt.timezone(dt.timedelta(hours=8))


def daemon_now(run):
    _, issuing = http("GET", f"{run.base}/api/issuing")
    return dt.datetime.fromisoformat(issuing["at"].replace("Z", "+00:00")).astimezone(BEIJING)


def check(run, browser, clock_file):
    # A few seconds before issuing starts on the daemon's day (it must be a weekday of the demo hall's hours).
    set_clock(clock_file, daemon_now(run).replace(hour=8, minute=29, second=54, microsecond=0))
    status, issuing = http("GET", f"{run.base}/api/issuing")
    run.expect(status == 200 and issuing.get("open") is False and issuing.get("next"), "the daemon is not issuing yet", issuing)
    kiosk = run.open(browser, "kiosk", "/kiosk", touch=True)
    kiosk.wait_for("document.body.dataset.view === 'closed'", LIVE, "the kiosk's closed screen")
    text = kiosk.text("#closed-view") or ""
    run.expect("08:30" in text and "09:00" in text and "09:00-17:00" in text and "周一至周五" in text,
               "the closed kiosk says when tickets start, when the hall opens and the week's hours", text)
    run.expect(not kiosk.visible("[data-service='A']"), "no service buttons while closed")
    run.shot(kiosk, "kiosk-closed.png")

    kiosk.wait_for("document.body.dataset.view === 'home'", 30, "the kiosk to open by itself at 08:30")
    run.ok("the kiosk shows the service buttons once issuing starts")
    kiosk.tap("[data-service='A']")
    kiosk.wait_for("document.body.dataset.view === 'ticket'", LIVE, "a ticket after opening")
    run.expect(re.fullmatch(r"A\d{3}", kiosk.text("#tp-number") or "") is not None, "the kiosk issues a ticket once open")
    kiosk.tap("#done")
    kiosk.wait_for("document.body.dataset.view === 'home'", LIVE, "the start screen")

    # Evening: the kiosk still shows its buttons (it looks again within a minute); a tap finds the hall closed.
    set_clock(clock_file, daemon_now(run).replace(hour=17, minute=5, second=0, microsecond=0))
    kiosk.tap("[data-service='A']")
    kiosk.wait_for("document.body.dataset.view === 'closed'", LIVE, "the closed screen after a refused tap")
    text = kiosk.text("#closed-next") or ""
    run.expect("明天" in text and "08:30" in text and "tomorrow" in text, "after closing the kiosk says tickets start tomorrow at 08:30", text)
    kiosk.eval("document.querySelector('#lang-switch [data-lang=\"en\"]').click()")
    kiosk.wait_for("document.getElementById('closed-next').textContent.startsWith('Tickets from tomorrow')", LIVE, "the English closed screen")
    run.ok("the closed screen follows the language switch")
    errors = [f"{p.name}: {e}" for p in run.pages for e in p.errors if not ("409" in e and "Failed to load resource" in e)]
    if errors:
        raise CheckFailed("pages logged errors:\n  " + "\n  ".join(errors))
    run.ok("no page logged an error")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the daemon's address, e.g. http://127.0.0.1:8080")
    parser.add_argument("--clock-file", required=True, help="the daemon's --clock-file")
    parser.add_argument("--screenshots", help="folder to write kiosk-closed.png")
    args = parser.parse_args()
    if args.screenshots:
        os.makedirs(args.screenshots, exist_ok=True)
    run = Run(args.base, args.screenshots)
    try:
        with Browser.launch() as browser:
            check(run, browser, args.clock_file)
    except (CheckFailed, CDPError, OSError) as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    print(f"{len(run.passed)} passed, 0 failed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
