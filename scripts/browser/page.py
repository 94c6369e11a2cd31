"""One browser tab: navigation, waiting for what a person would see, clicks and keys, screenshots, console errors."""

import base64
import json
import threading
import time

from cdp import CDPError
from markup import MARKUP_GUARD, markup_sink

# Named keys: DOM key, DOM code, Windows virtual key code, the text the key types.
KEYS = {
    "F1": ("F1", "F1", 112, ""),
    "Space": (" ", "Space", 32, " "),
    "Enter": ("Enter", "Enter", 13, "\r"),
    "Escape": ("Escape", "Escape", 27, ""),
    "Tab": ("Tab", "Tab", 9, ""),
}


# The headers every answer of the hall carries (the daemon's SecurityHeaders), as the browser saw them.
SECURITY_HEADERS = ("content-security-policy", "x-frame-options", "referrer-policy", "x-content-type-options")


def is_policy_violation(entry):
    """A console entry in which the browser refused something under the page's Content-Security-Policy."""
    text = entry.get("text", "")
    return entry.get("source") == "security" or "Content Security Policy" in text or text.startswith("Refused to")


class Page:
    """A tab in its own browser context. Console errors, uncaught exceptions, Content-Security-Policy violations
    (as "CSP violation: …") and uses of innerHTML and its kin (as "markup sink: …", see markup.py) are collected in
    `errors`."""

    def __init__(self, browser, session, target, context):
        self.browser = browser
        self.session = session
        self.target = target
        self.context = context
        self.errors = []
        self.events = []
        self.cond = threading.Condition()
        self.name = "page"
        self.held_for = None

    def send(self, method, params=None, timeout=30):
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def setup(self, width, height, mobile, scale, touch):
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": MARKUP_GUARD})
        self.resize(width, height, mobile, scale, touch)

    def resize(self, width, height, mobile=False, scale=1, touch=False):
        self.width, self.height = width, height
        self.send("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile,
            "screenWidth": width, "screenHeight": height,
        })
        if mobile or touch:
            self.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})

    def hold_requests(self, url_pattern, seconds):
        """From now on, requests whose address matches `url_pattern` (wildcards * and ?) go out `seconds` late, so a
        check can make one answer arrive after the others."""
        self.held_for = seconds
        self.send("Fetch.enable", {"patterns": [{"urlPattern": url_pattern, "requestStage": "Request"}]})

    def _event(self, method, params):
        if method == "Fetch.requestPaused":
            # Answered from another thread: this one reads the browser's replies.
            request = {"requestId": params["requestId"]}
            threading.Timer(self.held_for or 0, lambda: self.send("Fetch.continueRequest", request)).start()
        sink = markup_sink(params) if method == "Runtime.consoleAPICalled" else None
        if sink:
            self.errors.append(sink)
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(_describe(a) for a in params.get("args", []))
            self.errors.append(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            d = params.get("exceptionDetails", {})
            text = d.get("exception", {}).get("description") or d.get("text", "exception")
            self.errors.append(f"uncaught: {text} ({d.get('url', '')}:{d.get('lineNumber', '?')})")
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if is_policy_violation(entry):
                self.errors.append(f"CSP violation: {entry.get('text')} {entry.get('url', '')}".strip())
            elif entry.get("level") == "error":
                self.errors.append(f"log[{entry.get('source')}]: {entry.get('text')} {entry.get('url', '')}".strip())
        with self.cond:
            self.events.append((method, params))
            self.cond.notify_all()

    def navigate(self, url, timeout=15):
        """Opens `url` and waits for its load event; returns the navigation-to-load time in ms."""
        with self.cond:
            self.events = [e for e in self.events if e[0] != "Page.loadEventFired"]
        reply = self.send("Page.navigate", {"url": url})
        if reply.get("errorText"):
            raise CDPError(f"could not open {url}: {reply['errorText']}")
        deadline = time.time() + timeout
        with self.cond:
            while not any(e[0] == "Page.loadEventFired" for e in self.events):
                left = deadline - time.time()
                if left <= 0:
                    raise CDPError(f"{url} did not finish loading within {timeout} s")
                self.cond.wait(left)
        return self.load_time_ms()

    def load_time_ms(self):
        return self.eval(
            "(() => { const n = performance.getEntriesByType('navigation')[0];"
            " return n && n.loadEventEnd > 0 ? Math.round(n.loadEventEnd - n.startTime) : null; })()"
        )

    def eval(self, expression, await_promise=False, timeout=30):
        """The JSON value of a JavaScript expression in the page; raises on exceptions."""
        reply = self.send("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": await_promise, "userGesture": True,
        }, timeout=timeout)
        if "exceptionDetails" in reply:
            d = reply["exceptionDetails"]
            raise CDPError(f"evaluating {expression[:80]!r}: {d.get('exception', {}).get('description') or d.get('text')}")
        return reply.get("result", {}).get("value")

    def wait_for(self, expression, timeout=10, what=None):
        """Polls until the expression is truthy; returns its value or raises with `what` in the message."""
        deadline = time.time() + timeout
        last_error = None
        while time.time() < deadline:
            try:
                value = self.eval(expression)
                if value:
                    return value
            except CDPError as e:
                last_error = e
            time.sleep(0.05)
        extra = f" (last error: {last_error})" if last_error else ""
        raise CDPError(f"{self.name}: timed out after {timeout} s waiting for {what or expression}{extra}")

    @property
    def policy_violations(self):
        return [e for e in self.errors if e.startswith("CSP violation")]

    def security_headers(self):
        """The security headers of the page's own address, as the browser receives them (name → value or None)."""
        return self.eval(
            "fetch(location.href, {method: 'HEAD', cache: 'no-store'}).then(r => Object.fromEntries("
            f"{json.dumps(list(SECURITY_HEADERS))}.map(h => [h, r.headers.get(h)])))", await_promise=True)

    def text(self, selector):
        return self.eval(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); return e ? e.innerText : null; }})()")

    def visible(self, selector):
        return self.eval(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return false;"
            " const r = e.getBoundingClientRect(); const s = getComputedStyle(e);"
            " return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; })()"
        )

    def center(self, selector):
        box = self.eval(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
            " e.scrollIntoView({block: 'center', inline: 'center'}); const r = e.getBoundingClientRect();"
            " return r.width && r.height ? [r.left + r.width / 2, r.top + r.height / 2] : null; })()"
        )
        if not box:
            raise CDPError(f"{self.name}: nothing visible to click at {selector}")
        return box

    def click(self, selector):
        """A real mouse click at the element's centre (so overlays and disabled states count, as for a person)."""
        x, y = self.center(selector)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            params = {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
            if kind == "mouseMoved":
                params = {"type": kind, "x": x, "y": y}
            self.send("Input.dispatchMouseEvent", params)

    def tap(self, selector):
        """A touch tap at the element's centre (phones and kiosks)."""
        x, y = self.center(selector)
        self.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        self.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    def key(self, name):
        """Presses and releases a key: a name from KEYS or one printable character."""
        if name in KEYS:
            key, code, vk, text = KEYS[name]
        else:
            key, code, vk = name, ("Key" + name.upper()) if name.isalpha() else ("Digit" + name), ord(name.upper())
            text = name
        down = {"type": "keyDown" if text else "rawKeyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk}
        if text:
            down["text"] = text
        self.send("Input.dispatchKeyEvent", down)
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk})

    def type_into(self, selector, text):
        """Clicks a field, selects what is there and types `text` as keyboard input."""
        self.click(selector)
        self.eval(f"document.querySelector({json.dumps(selector)}).select()")
        self.send("Input.insertText", {"text": text})

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def print_pdf(self, **options):
        data = self.send("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True, **options}, timeout=60)["data"]
        return base64.b64decode(data)


def _describe(arg):
    if "value" in arg:
        return str(arg["value"])
    return arg.get("description") or arg.get("type", "")
