#!/usr/bin/env python3
"""Checks the bureau's pages in headless Chromium against a running `hallqd bureau` with halls shipping to it.

    check_bureau.py --base http://127.0.0.1:8090 --user chief --password '…' [--screenshots DIR]

The public hall finder (/halls) on a phone (390×844): every hall the API lists is shown with its address and
lines, choosing a business names the hall GET /api/halls?service= recommends, and nothing scrolls sideways. The
bureau dashboard (/bureau, 1366×768): a wrong password is refused on the form, the manager signs in, every hall's
row shows the waiting the API reports, a click drills into one hall's lines, the statistics and heatmap fill.
Fails on any console error, uncaught exception or Content-Security-Policy violation, or missing security headers.
Python standard library only. Exit status 0 when every check passes.
"""
import argparse
import json
import os
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, CDPError  # noqa: E402


class CheckFailed(Exception):
    pass


def step(msg):
    print("ok:", msg, flush=True)


def call(base, method, path, body=None, token=None):
    req = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(), method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def check_headers(page):
    headers = page.security_headers()
    if not all(headers.values()) or "unsafe" in (headers.get("content-security-policy") or "") or headers["x-frame-options"] != "DENY":
        raise CheckFailed(f"{page.name} lacks the security headers: {headers}")


def check_errors(page, allowed=()):
    errors = [e for e in page.errors if e.startswith(("CSP violation", "uncaught", "markup sink")) or not any(a in e for a in allowed)]
    if errors:
        raise CheckFailed(f"{page.name}: console errors: " + "; ".join(errors))


def finder(browser, base, screenshots):
    status, halls = call(base, "GET", "/api/halls")
    if status != 200 or not halls["halls"]:
        raise CheckFailed(f"GET /api/halls → {status} {halls}")
    service = halls["halls"][0]["services"][0]["service"]
    _, wanted = call(base, "GET", "/api/halls?service=" + service)
    page = browser.new_page(390, 844, mobile=True, scale=2, touch=True, name="halls")
    page.navigate(base + "/halls")
    count = len(halls["halls"])
    page.wait_for(f"document.querySelectorAll('#halls li.hall').length === {count}", what=f"{count} halls on the finder")
    for hall in halls["halls"]:
        text = page.text(f"#halls li.hall[data-hall=\"{hall['hallID']}\"]") or ""
        if hall["addressZh"] not in text or hall["nameZh"] not in text:
            raise CheckFailed(f"hall {hall['hallID']}'s card lacks its name or address: {text!r}")
    step(f"the finder lists the {count} halls with their names and addresses")
    page.eval(f"(() => {{ const s = document.getElementById('service'); s.value = {json.dumps(service)}; s.dispatchEvent(new Event('change')); }})()")
    best = wanted["best"]
    if best:
        page.wait_for(f"document.getElementById('best').textContent.includes({json.dumps(best['nameZh'])})", what=f"{best['hallID']} named best")
        page.wait_for(f"document.querySelector('#halls li.hall').dataset.hall === {json.dumps(best['hallID'])}", what="the best hall listed first")
    else:
        page.wait_for("!document.getElementById('best').hidden", what="the no-hall message")
    if "service=" + service not in page.eval("location.search"):
        raise CheckFailed("the chosen business is not kept in the address")
    step(f"choosing business {service} names {best['hallID'] if best else 'no hall'} as the quickest")
    overflow = page.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        raise CheckFailed(f"the finder is {overflow}px wider than a phone")
    if screenshots:
        page.screenshot(os.path.join(screenshots, "bureau-halls.png"))
    check_headers(page)
    check_errors(page)
    step("the finder fits a phone, with no console errors and the security headers")


def dashboard(browser, base, user, password, screenshots):
    page = browser.new_page(1366, 768, name="bureau")
    page.navigate(base + "/bureau")
    page.wait_for("!document.getElementById('login').hidden", what="the login form")
    page.type_into("#user", user)
    page.type_into("#password", password + "-wrong")
    page.click("#login button[type=submit]")
    page.wait_for("!document.getElementById('login-error').hidden", what="the refusal of a wrong password")
    if not page.eval("document.getElementById('board').hidden"):
        raise CheckFailed("a wrong password opened the dashboard")
    page.eval("document.getElementById('password').value = ''")
    page.type_into("#password", password)
    page.click("#login button[type=submit]")
    _, token = call(base, "POST", "/api/bureau/login", {"user": user, "password": password})
    _, board = call(base, "GET", "/api/bureau/dashboard", token=token["token"])
    count = len(board["halls"])
    page.wait_for(f"document.querySelectorAll('#rows tr').length === {count}", what=f"{count} hall rows")
    for hall in board["halls"]:
        cell = page.text(f"#rows tr[data-hall=\"{hall['hallID']}\"] td:nth-child(2)")
        if cell is None or cell.strip() != str(hall["waiting"]):
            raise CheckFailed(f"hall {hall['hallID']}: the page shows {cell!r} waiting, the API {hall['waiting']}")
    step(f"a manager signs in; the {count} rows show the waiting the API reports")
    first = board["halls"][0]["hallID"]
    page.click(f"#rows button[data-hall=\"{first}\"]")
    page.wait_for("!document.getElementById('drill').hidden && document.querySelectorAll('#drill-lines tr').length > 0", what="the drill-down")
    step(f"a click drills into {first}'s lines")
    page.wait_for("document.querySelectorAll('#stats tr').length > 0 && document.querySelectorAll('#heat .heat-cell').length > 0",
                  what="the statistics and the heatmap")
    step("the statistics and the heatmap fill")
    if screenshots:
        page.screenshot(os.path.join(screenshots, "bureau-dashboard.png"))
    check_headers(page)
    # The wrong password was refused on purpose; the browser logs that 401 as a failed load.
    check_errors(page, allowed=("401",))
    page.click("#logout")
    page.wait_for("!document.getElementById('login').hidden", what="the login form after logging out")
    step("logging out returns to the login form; no console errors")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--screenshots")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    if args.screenshots:
        os.makedirs(args.screenshots, exist_ok=True)
    browser = Browser.launch()
    try:
        finder(browser, base, args.screenshots)
        dashboard(browser, base, args.user, args.password, args.screenshots)
    except (CheckFailed, CDPError) as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    finally:
        browser.close()
    print("bureau pages: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
