"""What check_pages.py stands on: the run's record of passes, skips, load times and screenshots, and plain HTTP."""

import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

LOAD_BUDGET_MS = 1000
# How long a screen may take to show a change made elsewhere (generous: a loaded machine can stall a browser).
LIVE = 10
SIZES = {
    "kiosk": (1080, 1920), "ticket": (390, 844), "officer": (1366, 768),
    "hall": (1920, 1080), "window": (1280, 360), "rate": (1280, 800), "peak": (414, 896), "stats": (1280, 900),
    "book": (390, 844), "manager": (1920, 1080),
}


class CheckFailed(Exception):
    pass


class Run:
    """Collects passes, skips, load times and screenshots for the summary."""

    def __init__(self, base, shots, seed=False):
        self.seed = seed
        self.base = base.rstrip("/")
        self.shots = shots
        self.passed, self.skipped, self.screens = [], [], []
        self.load_ms = {}
        self.pages = []

    def ok(self, what):
        self.passed.append(what)
        print(f"ok: {what}", file=sys.stderr, flush=True)

    def skip(self, what):
        self.skipped.append(what)
        print(f"SKIP: {what}", file=sys.stderr, flush=True)

    def expect(self, condition, what, seen=None):
        if not condition:
            raise CheckFailed(what + (f" (saw {seen!r})" if seen is not None else ""))
        self.ok(what)

    def open(self, browser, name, path, **kwargs):
        width, height = SIZES[name.split("-")[0]]
        page = browser.new_page(width, height, name=name, **kwargs)
        self.pages.append(page)
        ms = page.navigate(self.base + path)
        if ms is None or ms >= LOAD_BUDGET_MS:
            # A busy machine (builds, parallel tests) can stall the browser's first render; a page that is really slow
            # is slow twice, so measure once more before failing.
            print(f"note: {name} took {ms} ms to load; measuring again", file=sys.stderr)
            first, ms = ms, page.navigate(self.base + path)
            self.load_ms[name + "-first"] = first
        self.load_ms[name] = ms
        self.expect(ms is not None and ms < LOAD_BUDGET_MS, f"{name} page loads in under {LOAD_BUDGET_MS} ms", ms)
        return page

    def shot(self, page, file):
        if not self.shots:
            return
        path = os.path.join(self.shots, file)
        time.sleep(0.5)  # let entrance transitions settle, as a person would see the screen
        page.screenshot(path)
        self.screens.append(path)


def check_security_headers(run):
    """Every page came with the hall's headers, and its Content-Security-Policy allows no inline script or eval."""
    for page in run.pages:
        headers = page.security_headers()
        policy = headers.get("content-security-policy") or ""
        scripts = next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")
        run.expect(all(headers.values()) and "'self'" in scripts and "unsafe" not in scripts
                   and headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff",
                   f"{page.name} is served with the hall's security headers", headers)


STYLE_SHEETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "web", "assets")
# A rule that declares page-wide custom properties: the document's root, bare or themed.
ROOT_RULE = re.compile(r"(^|[}\s,])(:root|html)(\[[^\]]*\])?\s*[,{]")
DECLARES_PROPERTY = re.compile(r"(^|[;{\s])--[\w-]+\s*:")


def check_one_token_file(run):
    """Only hallq.css declares page-wide tokens (on :root or html, its dark theme included): a page's own sheet
    may scope a property to its own elements (a kiosk button's accent) but keeps no vocabulary of its own."""
    found = []
    for name in sorted(os.listdir(STYLE_SHEETS)):
        if not name.endswith(".css") or name == "hallq.css":
            continue
        with open(os.path.join(STYLE_SHEETS, name), encoding="utf-8") as f:
            lines = f.read().split("\n")
        for number, line in enumerate(lines, 1):
            rule = "\n".join(lines[number - 1:]).split("}", 1)[0]
            if ROOT_RULE.search(line) and DECLARES_PROPERTY.search(rule):
                found.append(f"{name}:{number}: {line.strip()}")
    run.expect(not found, "only hallq.css declares the pages' design tokens", found or None)


def http(method, url, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            raw = reply.read()
            return reply.status, (json.loads(raw) if raw and "json" in reply.headers.get("Content-Type", "") else raw)
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, raw


def no_route(status, body):
    """True only for the router's own 404 for a path it does not know (not a 404 for an unknown ticket)."""
    error = body.get("error", {}) if isinstance(body, dict) else {}
    return status == 404 and error.get("code") == "not_found" and str(error.get("message", "")).startswith("no route")


def js(s):
    return json.dumps(s)


def check_main(doc, check):
    """The command line of a check that needs only the daemon's address (`--base`): runs `check(run, browser)` in one
    headless Chromium, prints the checks that passed as JSON, and returns 1 at the first failure (0 otherwise)."""
    import argparse

    from cdp import Browser, CDPError

    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--base", required=True, help="the daemon's address, e.g. http://127.0.0.1:8080")
    args = parser.parse_args()
    run = Run(args.base, None)
    failure = None
    try:
        with Browser.launch() as browser:
            check(run, browser)
    except (CheckFailed, CDPError, OSError) as e:
        failure = str(e)
    print(json.dumps({"ok": failure is None, "failure": failure, "checks": run.passed}, ensure_ascii=False, indent=2))
    if failure:
        print(f"FAIL: {failure}", file=sys.stderr)
        return 1
    print(f"{len(run.passed)} passed, 0 failed", file=sys.stderr)
    return 0
