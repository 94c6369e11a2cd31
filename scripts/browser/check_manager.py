#!/usr/bin/env python3
"""Checks the managers' dashboard (/manager) in headless Chromium against a running hallqd.

Signs in as manager/demo, compares the service tiles with GET /api/dashboard, piles up real tickets until a
queue alert is raised, waits for it to appear on the page (and ring), acknowledges it with a mouse click, tries
an invalid alert rule to see the server's message in the editor, and fails on any console error.
It changes the hall it is pointed at (tickets, an open window, the day's alert rules are restored at the end):
run it against a test daemon.

    check_manager.py --base http://127.0.0.1:8080 [--screenshots DIR]

Python standard library only. Exit status 0 when every check passes.
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request


class CheckFailed(Exception):
    pass


# ---------------------------------------------------------------- a minimal Chrome DevTools Protocol client

class Browser:
    """Headless Chromium driven over --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-separated JSON)."""

    def __init__(self, width=1920, height=1080):
        exe = next((p for p in ("chromium", "chromium-browser", "google-chrome") if shutil.which(p)), None)
        if not exe:
            raise CheckFailed("chromium not found on PATH")
        self.profile = tempfile.mkdtemp(prefix="hallq-chromium-")
        to_chrome_r, self._to_chrome_w = os.pipe()
        self._from_chrome_r, from_chrome_w = os.pipe()

        def wire_pipes():
            high_r = os.dup2(to_chrome_r, 200, inheritable=False)
            high_w = os.dup2(from_chrome_w, 201, inheritable=False)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        args = [exe, "--headless=new", "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "--no-first-run",
                "--no-default-browser-check", "--disable-gpu", "--disable-extensions", "--hide-scrollbars", "--lang=zh-CN",
                f"--window-size={width},{height}", "--disable-background-networking", "--mute-audio"]
        if os.geteuid() == 0:
            args.append("--no-sandbox")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     close_fds=False, preexec_fn=wire_pipes)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next_id = 0
        self._replies = {}
        self.events = []
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.session = None

    def _read(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_chrome_r, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cond:
                    self._replies[-1] = {"error": {"message": "browser closed the pipe"}}
                    self._cond.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                with self._cond:
                    if "id" in msg:
                        self._replies[msg["id"]] = msg
                    else:
                        self.events.append(msg)
                    self._cond.notify_all()

    def send(self, method, params=None, session=True, timeout=30):
        with self._cond:
            self._next_id += 1
            mid = self._next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome_w, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        with self._cond:
            while mid not in self._replies:
                if -1 in self._replies:
                    raise CheckFailed(f"{method}: {self._replies[-1]['error']['message']}")
                left = deadline - time.time()
                if left <= 0:
                    raise CheckFailed(f"{method}: no reply from the browser within {timeout}s")
                self._cond.wait(left)
            reply = self._replies.pop(mid)
        if "error" in reply:
            raise CheckFailed(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def open_page(self, width, height):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.resize(width, height)

    def resize(self, width, height):
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def navigate(self, url, timeout=20):
        start = len(self.events)
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired", since=start, timeout=timeout)

    def wait_event(self, method, since=0, timeout=20):
        deadline = time.time() + timeout
        with self._cond:
            while True:
                for e in self.events[since:]:
                    if e.get("method") == method:
                        return e
                left = deadline - time.time()
                if left <= 0:
                    raise CheckFailed(f"no {method} within {timeout}s")
                self._cond.wait(left)

    def js(self, expression):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise CheckFailed(f"script failed: {expression[:80]}…: {r['exceptionDetails'].get('text')}")
        return r["result"].get("value")

    def wait_for(self, expression, what, timeout=15):
        deadline = time.time() + timeout
        while True:
            value = self.js(expression)
            if value:
                return value
            if time.time() > deadline:
                raise CheckFailed(f"timed out after {timeout}s waiting for {what}")
            time.sleep(0.2)

    def click(self, selector):
        """A real mouse click in the middle of the element (counts as a user gesture, unlike element.click())."""
        box = self.js(f"""(() => {{ const el = document.querySelector({json.dumps(selector)}); if (!el) return null;
            el.scrollIntoView({{block: 'center'}}); const r = el.getBoundingClientRect();
            return {{x: r.left + r.width / 2, y: r.top + r.height / 2}}; }})()""")
        if not box:
            raise CheckFailed(f"nothing to click at {selector}")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box["x"], "y": box["y"], "button": "left", "clickCount": 1})

    def type_into(self, selector, text):
        self.js(f"(() => {{ const el = document.querySelector({json.dumps(selector)}); el.focus(); el.select && el.select(); }})()")
        self.send("Input.insertText", {"text": text})

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def console_errors(self):
        errors = []
        for e in list(self.events):
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                errors.append({"text": (d.get("exception") or {}).get("description") or d.get("text"), "url": d.get("url", "")})
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                errors.append({"text": " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])), "url": ""})
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                errors.append({"text": p["entry"].get("text", ""), "url": p["entry"].get("url", "")})
        return errors

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except CheckFailed:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome_w, self._from_chrome_r):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


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


def tiles_match(browser, hall, timeout=10):
    deadline = time.time() + timeout
    while True:
        truth = {s["service"]: s["waiting"] for s in hall.ok("GET", "/api/dashboard")["services"]}
        shown = json.loads(browser.js(PAGE_WAITING))
        if shown == truth:
            return truth
        if time.time() > deadline:
            raise CheckFailed(f"service tiles show {shown}, the hall has {truth}")
        time.sleep(0.3)


def run(base, screenshots):
    hall = Hall(base)
    hall.token = hall.login("manager")
    original_rules = hall.ok("GET", "/api/alert-rules")
    browser = Browser()
    try:
        browser.open_page(1920, 1080)
        origin = hall.base
        browser.send("Browser.grantPermissions", {"permissions": ["notifications"], "origin": origin}, session=False)
        browser.send("Page.addScriptToEvaluateOnNewDocument", {"source": INSTRUMENT})

        step("a window opens and a few tickets are taken, so the board has something to show")
        officer = hall.login("officer1")
        if hall.ok("GET", "/api/windows/1")["status"] != "open":
            hall.ok("POST", "/api/windows/1/open", {}, token=officer)
        for service in ("A", "B", "B", "D"):
            hall.ok("POST", "/api/tickets", {"service": service})

        step("the login form is shown and refuses nobody who is a manager")
        browser.navigate(f"{origin}/manager")
        browser.wait_for("!document.getElementById('login').hidden", "the login form")
        browser.type_into("#login-user", "manager")
        browser.type_into("#login-password", "demo")
        browser.click("#login-submit")
        browser.wait_for("!document.getElementById('app').hidden && document.querySelectorAll('#services .svc').length > 0",
                         "the dashboard after signing in")
        browser.wait_for("document.getElementById('live').dataset.state === 'live'", "the live event stream")

        step("service tiles show the hall's real waiting counts")
        truth = tiles_match(browser, hall)
        windows = browser.js("document.querySelectorAll('#windows .win').length")
        expected_windows = len(hall.ok("GET", "/api/hall")["windows"])
        if windows != expected_windows:
            raise CheckFailed(f"{windows} window tiles for {expected_windows} windows")
        if "officer1" not in browser.js("document.querySelector('#windows .win[data-window=\"1\"]').textContent"):
            raise CheckFailed("window 1's tile does not name its officer")
        if not browser.js("!!document.querySelector('#timeline svg')"):
            raise CheckFailed("no timeline chart")
        dead = len(hall.ok("GET", "/api/alerts")["deadLetters"])
        shown_dead = browser.js("document.querySelectorAll('#dead .dead-row').length")
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
        tiles_match(browser, hall)
        alert = None
        deadline = time.time() + 60
        while alert is None:
            alert = next((a for a in hall.ok("GET", "/api/alerts")["alerts"] if a["key"] == f"queue:{service}"), None)
            if alert is None:
                if time.time() > deadline:
                    raise CheckFailed(f"the daemon raised no queue:{service} alert within 60 s")
                time.sleep(0.5)
        card = f"#alerts .alert[data-alert=\"{alert['id']}\"]"
        browser.wait_for(f"!!document.querySelector('{card}')", f"alert #{alert['id']} on the page", timeout=15)
        text = browser.js(f"document.querySelector('{card}').textContent")
        if alert["message"] not in text:
            raise CheckFailed(f"the alert card does not carry the alert's message {alert['message']!r}: {text!r}")
        browser.wait_for("window.__hallq.notifications.length > 0", "a browser notification for the alert", timeout=10)
        tones = browser.js("window.__hallq.tones")
        if tones == 0:
            raise CheckFailed("the alert made no sound")
        step(f"alert #{alert['id']} shown, notified and rung ({tones} tones)")
        if screenshots:
            os.makedirs(screenshots, exist_ok=True)
            time.sleep(1.5)  # let the ringing highlight fade
            browser.screenshot(os.path.join(screenshots, "manager.png"))

        step("acknowledging it with a click stores who handled it")
        browser.click(f"{card} button[data-ack]")
        browser.wait_for(f"!!document.querySelector('{card}.is-acked')", "the card to show the acknowledgement")
        stored = next(a for a in hall.ok("GET", "/api/alerts?state=all")["alerts"] if a["id"] == alert["id"])
        if stored["state"] != "acknowledged" or stored["acknowledgedBy"] != "manager":
            raise CheckFailed(f"after the click the alert is {stored['state']} by {stored['acknowledgedBy']}")

        step("the rules editor shows the server's refusal next to the field")
        browser.click("#btn-rules")
        browser.wait_for("document.getElementById('rules-dialog').open", "the rules dialog")
        browser.type_into("#rules-form [name=maxWaitingPerService]", "0")
        browser.click("#rules-save")
        message = browser.wait_for(
            "document.querySelector('#rules-form label[data-field=maxWaitingPerService] .field-error').textContent",
            "the server's validation message")
        if "maxWaitingPerService" not in message:
            raise CheckFailed(f"unexpected validation message {message!r}")
        if screenshots:
            browser.screenshot(os.path.join(screenshots, "manager-rules.png"))
        browser.type_into("#rules-form [name=maxWaitingPerService]", str(original_rules["maxWaitingPerService"]))
        browser.click("#rules-save")
        browser.wait_for("!document.getElementById('rules-dialog').open", "the dialog to close after a valid save")
        if hall.ok("GET", "/api/alert-rules") != original_rules:
            raise CheckFailed("saving the original rules in the editor did not restore them")

        if screenshots:
            step("a smaller screen: 1366×768")
            browser.resize(1366, 768)
            time.sleep(0.8)
            overflow = browser.js("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                raise CheckFailed(f"the page is {overflow}px wider than a 1366px screen")
            browser.screenshot(os.path.join(screenshots, "manager-1366.png"))
            browser.resize(1920, 1080)

        step("logging out returns to the login form")
        browser.click("#btn-logout")
        browser.wait_for("!document.getElementById('login').hidden", "the login form after logging out")

        expected = [e for e in browser.console_errors()
                    if "/api/alert-rules" in e["url"] and "400" in e["text"]]
        errors = [e for e in browser.console_errors() if e not in expected]
        if errors:
            raise CheckFailed("console errors: " + "; ".join(f"{e['text']} {e['url']}".strip() for e in errors))
        step("no console errors")
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
