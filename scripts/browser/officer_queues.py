"""The officer console draws its queue tiles whichever of its two first answers arrives last."""

import json

from support import LIVE, http


def check_queues_before_window(run, browser):
    """officer3's console, already signed in, with GET /api/windows/3 held back 1.5 s so GET /api/queues answers first:
    the tiles of window 3's lines must be there as soon as the window is drawn, with no hall event to redraw them."""
    status, login = http("POST", f"{run.base}/api/login", {"user": "officer3", "password": "demo"})
    run.expect(status == 200, "officer3 logs in through the API", status)
    staff = {"token": login["token"], "role": login["role"], "window": 3, "user": "officer3", "displayName": None}
    page = run.open(browser, "officer-late", "/officer")
    page.eval(f"sessionStorage.setItem('hallq.staff', {json.dumps(json.dumps(staff))})")
    page.hold_requests("*/api/windows/3", 1.5)
    page.navigate(run.base + "/officer")
    page.wait_for("!!document.body.dataset.window", LIVE, "window 3 drawn on the console")
    tiles = page.eval("document.querySelectorAll('#queues .o-queue').length")
    run.expect(tiles > 0, "the console shows its queues when the window answers after them", tiles)
    http("POST", f"{run.base}/api/logout", token=login["token"])
