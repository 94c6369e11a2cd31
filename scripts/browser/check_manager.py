#!/usr/bin/env python3
"""Checks the managers' dashboard (/manager) in headless Chromium against a running hallqd.

Signs in as manager/demo, compares the service tiles with GET /api/dashboard, piles up real tickets until a
queue alert is raised, waits for it to appear on the page (and ring), acknowledges it with a mouse click, tries
an invalid alert rule to see the server's message in the editor, revokes a paired rating pad, cancels a line's
waiting tickets with a reason, and fails on any console error, uncaught exception or Content-Security-Policy
violation, or when the page lacks the hall's security headers.
It changes the hall it is pointed at (tickets, an open window, the day's alert rules are restored at the end):
run it against a test daemon.

    check_manager.py --base http://127.0.0.1:8080 [--screenshots DIR]

Python standard library only. Exit status 0 when every check passes.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, CDPError  # noqa: E402 (the shared driver beside this script)


class CheckFailed(Exception):
    pass


# ---------------------------------------------------------------- the hall's API

class Hall:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.token = None

    def call(self, method, path, body=None, token=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token or self.token:
            req.add_header("Authorization", f"Bearer {token or self.token}")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                raw = r.read()
                return r.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as e:
            raw = e.read()
            return e.code, (json.loads(raw) if raw else None)

    def ok(self, method, path, body=None, token=None):
        status, data = self.call(method, path, body, token)
        if status >= 300:
            raise CheckFailed(f"{method} {path} → {status} {data}")
        return data

    def login(self, user):
        return self.ok("POST", "/api/login", {"user": user, "password": "demo"})["token"]


# ---------------------------------------------------------------- the checks

PAGE_WAITING = """JSON.stringify(Object.fromEntries([...document.querySelectorAll('#services .svc')].map(
    el => [el.dataset.service, Number(el.querySelector('[data-waiting]').dataset.waiting)])))"""

# Records notifications and alarm sounds the page makes, so the check can tell the alarm went off.
INSTRUMENT = """
window.__hallq = {notifications: [], tones: 0};
if (window.Notification) {
    const Real = window.Notification;
    window.Notification = class extends Real {
        constructor(title, options) { super(title, options); window.__hallq.notifications.push({title, body: options && options.body}); }
    };
}
if (window.AudioContext) {
    const osc = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function () { window.__hallq.tones++; return osc.call(this); };
}
"""


def step(msg):
    print(f"· {msg}", flush=True)


def tiles_match(page, hall, timeout=10):
    deadline = time.time() + timeout
    while True:
        truth = {s["service"]: s["waiting"] for s in hall.ok("GET", "/api/dashboard")["services"]}
        shown = json.loads(page.eval(PAGE_WAITING))
        if shown == truth:
            return truth
        if time.time() > deadline:
            raise CheckFailed(f"service tiles show {shown}, the hall has {truth}")
        time.sleep(0.3)


def run(base, screenshots):
    hall = Hall(base)
    hall.token = hall.login("manager")
    original_rules = hall.ok("GET", "/api/alert-rules")
    browser = Browser.launch()
    try:
        page = browser.new_page(1920, 1080, name="manager")
        origin = hall.base
        browser.send("Browser.grantPermissions", {"permissions": ["notifications"], "origin": origin, "browserContextId": page.context})
        page.send("Page.addScriptToEvaluateOnNewDocument", {"source": INSTRUMENT})
        if screenshots:
            os.makedirs(screenshots, exist_ok=True)

        step("a window opens and a few tickets are taken, so the board has something to show")
        officer = hall.login("officer1")
        if hall.ok("GET", "/api/windows/1")["status"] != "open":
            hall.ok("POST", "/api/windows/1/open", {}, token=officer)
        for service in ("A", "B", "B", "D"):
            hall.ok("POST", "/api/tickets", {"service": service})
        pad = hall.ok("POST", "/api/windows/1/pad", {"label": "check_manager pad"}, token=officer)["pad"]

        step("an officer is turned away at the login; a manager signs in")
        page.navigate(f"{origin}/manager")
        page.wait_for("!document.getElementById('login').hidden", what="the login form")
        if screenshots:
            page.screenshot(os.path.join(screenshots, "manager-login.png"))
        page.type_into("#login-user", "officer1")
        page.type_into("#login-password", "demo")
        page.click("#login-submit")
        page.wait_for("document.getElementById('login-error').textContent.includes('manager')", what="the refusal of an officer")
        if not page.eval("document.getElementById('app').hidden"):
            raise CheckFailed("an officer's login opened the dashboard")
        page.type_into("#login-user", "manager")
        page.type_into("#login-password", "demo")
        page.click("#login-submit")
        page.wait_for("!document.getElementById('app').hidden && document.querySelectorAll('#services .svc').length > 0",
                      what="the dashboard after signing in")
        page.wait_for("document.getElementById('live').dataset.state === 'online'", what="the live event stream")

        step("service tiles show the hall's real waiting counts")
        truth = tiles_match(page, hall)
        windows = page.eval("document.querySelectorAll('#windows .win').length")
        expected_windows = len(hall.ok("GET", "/api/hall")["windows"])
        if windows != expected_windows:
            raise CheckFailed(f"{windows} window tiles for {expected_windows} windows")
        first = next(w for w in hall.ok("GET", "/api/dashboard")["windows"] if w["number"] == 1)
        officer = first.get("officerName") or first.get("officer") or ""
        if not officer or officer not in page.eval("document.querySelector('#windows .win[data-window=\"1\"]').textContent"):
            raise CheckFailed(f"window 1's tile does not name its officer ({officer!r})")
        if not page.eval("!!document.querySelector('#timeline svg')"):
            raise CheckFailed("no timeline chart")
        dead = len(hall.ok("GET", "/api/alerts")["deadLetters"])
        shown_dead = page.eval("document.querySelectorAll('#dead .dead-row').length")
        if shown_dead != dead:
            raise CheckFailed(f"{shown_dead} dead-lettered notifications shown, the daemon has {dead}")

        step("tickets pile up past a lowered threshold and the queue alert reaches the page")
        active = {a["key"] for a in hall.ok("GET", "/api/alerts")["alerts"]}
        service = next((s for s in sorted(truth) if f"queue:{s}" not in active), None)
        if service is None:
            raise CheckFailed("every service already has a queue alert; run against a fresh daemon")
        rules = dict(original_rules, maxWaitingPerService=max(1, truth[service] + 1))
        hall.ok("PUT", "/api/alert-rules", rules)
        for _ in range(rules["maxWaitingPerService"] + 1 - truth[service]):
            hall.ok("POST", "/api/tickets", {"service": service})
        tiles_match(page, hall)
        alert = None
        deadline = time.time() + 60
        while alert is None:
            alert = next((a for a in hall.ok("GET", "/api/alerts")["alerts"] if a["key"] == f"queue:{service}"), None)
            if alert is None:
                if time.time() > deadline:
                    raise CheckFailed(f"the daemon raised no queue:{service} alert within 60 s")
                time.sleep(0.5)
        card = f"#alerts .alert[data-alert=\"{alert['id']}\"]"
        page.wait_for(f"!!document.querySelector('{card}')", timeout=15, what=f"alert #{alert['id']} on the page")
        text = page.eval(f"document.querySelector('{card}').textContent")
        if alert["message"] not in text:
            raise CheckFailed(f"the alert card does not carry the alert's message {alert['message']!r}: {text!r}")
        page.wait_for("window.__hallq.notifications.length > 0", timeout=10, what="a browser notification for the alert")
        tones = page.eval("window.__hallq.tones")
        if tones == 0:
            raise CheckFailed("the alert made no sound")
        step(f"alert #{alert['id']} shown, notified and rung ({tones} tones)")
        if screenshots:
            time.sleep(1.5)  # let the ringing highlight fade
            page.screenshot(os.path.join(screenshots, "manager.png"))

        step("acknowledging it with a click stores who handled it")
        page.click(f"{card} button[data-ack]")
        page.wait_for(f"!!document.querySelector('{card}.is-acked')", what="the card to show the acknowledgement")
        stored = next(a for a in hall.ok("GET", "/api/alerts?state=all")["alerts"] if a["id"] == alert["id"])
        if stored["state"] != "acknowledged" or stored["acknowledgedBy"] != "manager":
            raise CheckFailed(f"after the click the alert is {stored['state']} by {stored['acknowledgedBy']}")

        step("the rules editor shows the server's refusal next to the field")
        page.click("#btn-rules")
        page.wait_for("document.getElementById('rules-dialog').open", what="the rules dialog")
        page.type_into("#rules-form [name=maxWaitingPerService]", "0")
        page.click("#rules-save")
        message = page.wait_for(
            "document.querySelector('#rules-form label[data-field=maxWaitingPerService] .field-error').textContent",
            what="the server's validation message")
        if "maxWaitingPerService" not in message:
            raise CheckFailed(f"unexpected validation message {message!r}")
        if screenshots:
            page.screenshot(os.path.join(screenshots, "manager-rules.png"))
        page.type_into("#rules-form [name=maxWaitingPerService]", str(original_rules["maxWaitingPerService"]))
        page.click("#rules-save")
        page.wait_for("!document.getElementById('rules-dialog').open", what="the dialog to close after a valid save")
        if hall.ok("GET", "/api/alert-rules") != original_rules:
            raise CheckFailed("saving the original rules in the editor did not restore them")

        step("a line's waiting tickets are cancelled from its tile, with a reason, after a confirmation")
        line = next(s for s in hall.ok("GET", "/api/dashboard")["services"] if s["service"] == "D")
        if line["waiting"] == 0:
            raise CheckFailed("no D ticket waits to cancel")
        page.click("#services .svc[data-service=\"D\"] [data-cancel-line]")
        page.wait_for("document.getElementById('cancel-dialog').open", what="the cancel dialog")
        question = page.eval("document.getElementById('cancel-question').textContent")
        if f"{line['waiting']}" not in question or "(D)" not in question:
            raise CheckFailed(f"the dialog does not ask about D's {line['waiting']} tickets: {question!r}")
        page.click("#cancel-confirm")
        page.wait_for("document.getElementById('cancel-error').textContent !== ''", what="the demand for a reason")
        if next(s for s in hall.ok("GET", "/api/dashboard")["services"] if s["service"] == "D")["waiting"] != line["waiting"]:
            raise CheckFailed("tickets were cancelled without a reason")
        page.type_into("#cancel-form [name=reason]", "system fault: no social-insurance fees today")
        if screenshots:
            page.screenshot(os.path.join(screenshots, "manager-cancel.png"))
        page.click("#cancel-confirm")
        page.wait_for("!document.getElementById('cancel-dialog').open", what="the dialog to close after cancelling")
        if tiles_match(page, hall).get("D") != 0:
            raise CheckFailed("D still has waiting tickets after cancelling them")
        page.wait_for("!document.querySelector('#services .svc[data-service=\"D\"] [data-cancel-line]')",
                      what="the empty line to lose its cancel button")

        step("a smaller screen: 1366×768 has no sideways scrolling")
        page.resize(1366, 768)
        time.sleep(0.5)
        overflow = page.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            raise CheckFailed(f"the page is {overflow}px wider than a 1366px screen")
        if screenshots:
            page.screenshot(os.path.join(screenshots, "manager-1366.png"))
        page.resize(1920, 1080)

        step("the paired rating pad is listed and revoked with two clicks")
        row = f"#pads .pad-row[data-pad=\"{pad['id']}\"]"
        page.wait_for(f"!!document.querySelector('{row}')", what=f"pad #{pad['id']} in the list")
        text = page.eval(f"document.querySelector('{row}').textContent")
        if "check_manager pad" not in text or "officer1" not in text:
            raise CheckFailed(f"the pad's row does not name its label and who paired it: {text!r}")
        page.click(f"{row} button[data-revoke]")
        page.wait_for(f"document.querySelector('{row} button[data-revoke]').classList.contains('armed')", what="the armed revoke button")
        if not any(p["id"] == pad["id"] for p in hall.ok("GET", "/api/pads")["pads"]):
            raise CheckFailed("one click revoked the pad (it should only arm the button)")
        page.click(f"{row} button[data-revoke]")
        page.wait_for(f"!document.querySelector('{row}')", what="the revoked pad to leave the list")
        if any(p["id"] == pad["id"] for p in hall.ok("GET", "/api/pads")["pads"]):
            raise CheckFailed("the pad is still paired after revoking it on the page")

        step("logging out returns to the login form")
        page.click("#btn-logout")
        page.wait_for("!document.getElementById('login').hidden", what="the login form after logging out")

        # The one refusal the check provoked on purpose (the invalid rule) is logged by the browser as a failed load.
        errors = [e for e in page.errors if e.startswith(("CSP violation", "uncaught")) or not ("/api/alert-rules" in e and "400" in e)]
        if errors:
            raise CheckFailed("console errors: " + "; ".join(errors))
        step("no console errors, no Content-Security-Policy violations")
        headers = page.security_headers()
        if not all(headers.values()) or "unsafe" in headers["content-security-policy"] or headers["x-frame-options"] != "DENY":
            raise CheckFailed(f"the dashboard lacks the hall's security headers: {headers}")
        step("the dashboard is served with the hall's security headers")
    except CDPError as e:
        raise CheckFailed(str(e)) from e
    finally:
        browser.close()
        hall.call("PUT", "/api/alert-rules", original_rules)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the daemon's address, e.g. http://127.0.0.1:8080")
    parser.add_argument("--screenshots", help="folder for manager.png and friends")
    args = parser.parse_args()
    try:
        run(args.base, args.screenshots)
    except CheckFailed as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    print("manager dashboard: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
