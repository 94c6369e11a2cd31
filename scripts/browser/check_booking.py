#!/usr/bin/env python3
"""Books a slot on /book on a phone and checks it in at the kiosk with the code, in headless Chromium, against a
daemon on a test clock.

    check_booking.py --base http://127.0.0.1:8080 --clock-file PATH [--screenshots DIR]

The daemon must run the demo hall with `--clock-file PATH`, on a weekday morning before 12:30 (A is booked in
30-minute slots from 13:30; check-in opens 30 minutes before a slot). On the phone the page offers business A's
days and times, books 14:00 with a mobile number, and shows the booking's eight-digit code, its QR code and when to
check in. At the kiosk, "I have an appointment" with that code is refused as too early, saying when check-in opens;
the clock is moved to 13:40 and the same code gives an appointment ticket. The ticket page links to /book, the
peak page offers bookable slots that open /book with one chosen, and the managers' dashboard shows the slot's
booking checked in. Exits 1 on the first failure.
"""

import argparse
import datetime as dt
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, CDPError  # noqa: E402
from check_kiosk_hours import daemon_now, set_clock  # noqa: E402
from support import LIVE, CheckFailed, Run, check_security_headers, http, js  # noqa: E402

PHONE = "13912345678"


def book_on_the_phone(run, browser):
    """A taxpayer books A at 14:00 today on the booking page and gets the code, the QR code and when to check in."""
    page = run.open(browser, "book", "/book", mobile=True, touch=True)
    page.wait_for("document.body.dataset.view === 'form' && document.querySelector('#slots [data-slot]') !== null", LIVE,
                  "the booking page's days and times")
    run.expect(page.eval("document.querySelector('#services [data-service=\"A\"]').getAttribute('aria-checked')") == "true"
               and page.eval("document.querySelectorAll('#services [data-service]').length") == 3,
               "the booking page offers the businesses that take bookings, A first", page.text("#services"))
    run.expect(page.eval("document.querySelector('#slots [data-slot=\"09:00\"]').disabled"),
               "a time whose booking has closed cannot be chosen")
    page.tap("#slots [data-slot='14:00']")
    page.wait_for("document.querySelector('#slots [data-slot=\"14:00\"]').getAttribute('aria-checked') === 'true'", LIVE, "14:00 chosen")
    page.type_into("#phone", "1391234")
    run.expect(page.eval("document.getElementById('book-btn').disabled"), "the booking button waits for a whole mobile number")
    page.type_into("#phone", PHONE)
    page.wait_for("!document.getElementById('book-btn').disabled", LIVE, "the booking button")
    run.expect("已截止" in (page.text("#slots [data-slot='09:00']") or ""), "a closed time says so, not that it is full",
               page.text("#slots [data-slot='09:00']"))
    page.eval("window.scrollTo(0, document.getElementById('days').offsetTop - 120)")
    run.shot(page, "book.png")
    page.tap("#book-btn")
    page.wait_for("document.body.dataset.view === 'done'", LIVE, "the booking's code")
    code = page.eval("document.getElementById('code').dataset.code")
    run.expect(re.fullmatch(r"\d{8}", code or "") is not None and page.text("#code").replace(" ", "") == code,
               "the booking page shows an eight-digit code", page.text("#code"))
    run.expect("14:00" in (page.text("#r-when") or "") and "13:30" in (page.text("#r-checkin") or "") and "14:15" in page.text("#r-checkin"),
               "it says when the booking is and when to check in", (page.text("#r-when"), page.text("#r-checkin")))
    page.wait_for("(() => { const i = document.getElementById('qr'); return i.complete && i.naturalWidth > 0; })()", LIVE,
                  "the booking's QR code")
    stored = page.eval("JSON.parse(localStorage.getItem('hallq.bookings') || '[]')")
    run.expect(len(stored) == 1 and page.eval("location.hash").startswith("#a="), "the phone keeps the booking (storage and #fragment)", stored)
    _, booking = http("GET", f"{run.base}/api/appointments/{stored[0]['id']}?secret={stored[0]['secret']}")
    run.expect(booking.get("code") == code and booking.get("status") == "booked" and booking.get("slot") == "14:00",
               "the daemon holds the booking the page shows", booking)
    run.shot(page, "book-done.png")
    # Opened from its address on another device, the page shows the booking.
    again = run.open(browser, "book-again", f"/book{page.eval('location.hash')}", mobile=True)
    again.wait_for(f"document.body.dataset.view === 'done' && document.getElementById('code').dataset.code === {js(code)}", LIVE,
                   "the booking again from its address")
    run.ok("the booking page's address brings the booking back")
    return code


def check_in_at_the_kiosk(run, browser, clock_file, code):
    kiosk = run.open(browser, "kiosk", "/kiosk", touch=True)
    kiosk.wait_for("document.body.dataset.view === 'home' && !document.getElementById('checkin-open').hidden", LIVE,
                   "the kiosk's appointment button")
    kiosk.tap("#checkin-open")
    kiosk.wait_for("document.body.dataset.view === 'checkin'", LIVE, "the kiosk's check-in screen")
    for digit in code:
        kiosk.tap(f"#checkin-keypad button:nth-child({'123456789'.index(digit) + 1 if digit != '0' else 11})")
    run.expect(kiosk.eval("document.getElementById('checkin-input').value") == code, "the keypad types the code")
    run.shot(kiosk, "kiosk-checkin.png")
    kiosk.tap("#checkin-submit")
    kiosk.wait_for("!document.getElementById('checkin-error').hidden", LIVE, "the kiosk's answer to an early check-in")
    text = kiosk.text("#checkin-error") or ""
    run.expect("13:30" in text and kiosk.eval("document.body.dataset.view") == "checkin",
               "too early, the kiosk says when check-in opens", text)

    set_clock(clock_file, daemon_now(run).replace(hour=13, minute=40, second=0, microsecond=0))
    kiosk.tap("#checkin-submit")
    kiosk.wait_for("document.body.dataset.view === 'ticket'", LIVE, "the ticket a check-in gives")
    number = kiosk.text("#tp-number")
    ticket_id = kiosk.eval("document.body.dataset.ticketId")
    _, ticket = http("GET", f"{run.base}/api/tickets/{ticket_id}")
    run.expect(re.fullmatch(r"A\d{3}", number or "") is not None and ticket.get("priority") == "appointment"
               and "预约" in (kiosk.text("#tp-priority") or ""),
               "checked in on time, the kiosk gives an appointment ticket", (number, ticket.get("priority"), kiosk.text("#tp-priority")))
    run.shot(kiosk, "kiosk-appointment-ticket.png")
    kiosk.tap("#done")
    kiosk.wait_for("document.body.dataset.view === 'home'", LIVE, "the start screen")
    kiosk.tap("#checkin-open")
    kiosk.wait_for("document.body.dataset.view === 'checkin' && document.getElementById('checkin-input').value === ''", LIVE,
                   "an empty check-in screen")
    kiosk.type_into("#checkin-input", code)
    kiosk.key("Enter")
    kiosk.wait_for("!document.getElementById('checkin-error').hidden", LIVE, "the refusal of a second check-in")
    run.expect(number in (kiosk.text("#checkin-error") or ""), "a booking checks in once (a scanner's Enter submits)", kiosk.text("#checkin-error"))
    kiosk.tap("#checkin-back")
    kiosk.wait_for("document.body.dataset.view === 'home'", LIVE, "the start screen after Back")
    return ticket_id


def check_links(run, browser, ticket_id):
    """The phone ticket page links to the booking page; the peak page offers quiet slots that open it with one chosen."""
    phone = run.open(browser, "ticket", f"/t/{ticket_id}", mobile=True)
    phone.wait_for("document.body.dataset.state !== 'loading'", LIVE, "the ticket page")
    run.expect(phone.eval("document.getElementById('book-link').getAttribute('href')") == "/book" and phone.visible("#book-link"),
               "the phone ticket page links to the booking page")
    peak = run.open(browser, "peak", "/peak", mobile=True, touch=True)
    peak.wait_for("document.body.dataset.ready === 'true' && document.querySelector('.bookable a') !== null", LIVE,
                  "the peak page's bookable slots")
    href = peak.eval("document.querySelector('.bookable a').getAttribute('href')")
    run.expect(href.startswith("/book?service=A&date=") and "&slot=" in href, "the peak page links a quiet slot to the booking page", href)
    peak.eval("document.querySelector('.bookable').scrollIntoView({block: 'center'})")
    run.shot(peak, "peak-bookable.png")
    book = run.open(browser, "book-peak", href, mobile=True)
    slot = re.search(r"slot=(\d\d)%3A(\d\d)", href)
    wanted = f"{slot.group(1)}:{slot.group(2)}"
    book.wait_for(f"document.querySelector('#slots [data-slot={js(wanted)}]')?.getAttribute('aria-checked') === 'true'", LIVE,
                  "the peak page's slot chosen on the booking page")
    run.ok(f"the booking page opens with {wanted} chosen")


def check_dashboard(run, browser):
    """The managers' dashboard shows today's bookings per slot: A 14:00 holds the one booked and checked in."""
    page = run.open(browser, "manager", "/manager")
    page.wait_for("!document.getElementById('login').hidden", LIVE, "the dashboard's login form")
    page.type_into("#login-user", "manager")
    page.type_into("#login-password", "demo")
    page.click("#login-submit")
    cell = "#bookings [data-service='A'] [data-slot='14:00']"
    page.wait_for(f"!document.getElementById('bookings-panel').hidden && document.querySelector({js(cell)}) !== null", LIVE,
                  "today's bookings on the dashboard")
    run.expect("1/3" in (page.text(cell) or "") and "签到 1" in (page.text("#bookings [data-service='A'] .bk-totals") or ""),
               "the dashboard shows A's 14:00 slot with one of three places booked and checked in", page.text("#bookings [data-service='A']"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the daemon's address, e.g. http://127.0.0.1:8080")
    parser.add_argument("--clock-file", required=True, help="the daemon's --clock-file")
    parser.add_argument("--screenshots", help="folder to write book.png, book-done.png, kiosk-checkin.png …")
    args = parser.parse_args()
    if args.screenshots:
        os.makedirs(args.screenshots, exist_ok=True)
    run = Run(args.base, args.screenshots)
    try:
        now = daemon_now(run)
        if now.hour * 60 + now.minute >= 12 * 60 + 30 or now.weekday() > 4:
            raise CheckFailed(f"the daemon's clock must be a weekday morning, not {now}")
        with Browser.launch() as browser:
            code = book_on_the_phone(run, browser)
            ticket_id = check_in_at_the_kiosk(run, browser, args.clock_file, code)
            check_links(run, browser, ticket_id)
            check_dashboard(run, browser)
            check_security_headers(run)
            # The kiosk's refusals (too early, already checked in) are answered 409: the browser logs them as failed loads.
            errors = [f"{p.name}: {e}" for p in run.pages for e in p.errors
                      if not (p.name == "kiosk" and "409" in e and "Failed to load resource" in e)]
            if errors:
                raise CheckFailed("pages logged errors:\n  " + "\n  ".join(errors))
            run.ok("no page logged an error")
    except (CheckFailed, CDPError, OSError) as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    print(f"{len(run.passed)} passed, 0 failed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
