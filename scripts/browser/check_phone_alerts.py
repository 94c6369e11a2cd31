#!/usr/bin/env python3
"""Checks the phone ticket page's turn alerts in headless Chromium, against a running demo-hall daemon.

    check_phone_alerts.py --base http://127.0.0.1:8080

A taxpayer holds the fifth ticket of a line (four ahead) and follows it on the phone page; the test browser allows
notifications for the hall (as the taxpayer would when the page asks) and the taxpayer taps "turn on turn alerts".
When a window calls the first ticket, three are ahead: the page must show one system notification (through its
service worker) and say it to screen readers. Then its connection is cut, as when a phone sleeps or leaves the Wi-Fi
(the page reaches the hall through a small TCP relay in this script, which drops every connection and refuses new
ones for a while), the line moves on and the ticket is called at window 2; when the relay lets it through again the
page must reconnect with the last event id it saw, show "window 2" in large type, raise the "called" notification
once and say it to screen readers.
Exits 1 on the first failure.
"""

import os
import socket
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import LIVE, CheckFailed, check_main, http, js  # noqa: E402


class Relay:
    """A TCP relay from a port of its own to the daemon, whose connections can be cut: the phone's network."""

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.sockets = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        """Drops every connection and refuses new ones until restore()."""
        self.open = False
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass

    def restore(self):
        self.open = True


def login(run, user):
    _, reply = http("POST", f"{run.base}/api/login", {"user": user, "password": "demo"})
    return reply["token"]


def wait_for_promise(page, expression, timeout, what):
    """Like page.wait_for, for an expression whose value is a promise."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if page.eval(expression, await_promise=True):
            return
        time.sleep(0.1)
    raise CheckFailed(f"{page.name}: timed out after {timeout} s waiting for {what}")


def shown(phone, kind):
    """The page's alerts of `kind` that reached the system, and the notifications its service worker holds."""
    return phone.eval(
        "navigator.serviceWorker.getRegistration('/t/').then(r => r ? r.getNotifications() : [])"
        f".then(list => ({{page: window.hallqNotified.filter(n => n.kind === {js(kind)}),"
        f" system: list.filter(n => n.tag.endsWith('-' + {js(kind)})).map(n => ({{title: n.title, body: n.body}}))}}))",
        await_promise=True)


def check(run, browser):
    tickets = []
    for _ in range(5):
        status, ticket = http("POST", f"{run.base}/api/tickets", {"service": "A"})
        run.expect(status == 201, "a ticket is taken", status)
        tickets.append(ticket)
    ours = tickets[-1]
    # The phone reaches the hall through the relay, so the test can cut its connection like a network would.
    relay = Relay(urllib.parse.urlsplit(run.base).port)
    phone_base = f"http://127.0.0.1:{relay.port}"
    phone = browser.new_page(390, 844, mobile=True, scale=2, name="ticket")
    run.pages.append(phone)
    phone.navigate(f"{phone_base}/t/{ours['id']}#s={ours['secret']}")
    phone.wait_for(f"document.getElementById('number').textContent === {js(ours['number'])}"
                   " && document.body.dataset.state === 'waiting'", LIVE, "the phone page with the ticket")
    run.expect(phone.text("#ahead") == "4", "four people are ahead of the ticket", phone.text("#ahead"))
    # The taxpayer allows notifications (the test browser's permission), then turns the alerts on.
    browser.send("Browser.grantPermissions", {"permissions": ["notifications"], "origin": phone_base, "browserContextId": phone.context})
    phone.tap("#sound-btn")
    phone.wait_for("!document.getElementById('alerts-state').hidden", LIVE, "the page to say the alerts are on")
    wait_for_promise(phone, "navigator.serviceWorker.getRegistration('/t/').then(r => !!(r && r.active))", LIVE, "the page's service worker")
    run.expect(phone.eval("Notification.permission") == "granted", "the taxpayer allowed notifications", phone.text("#alerts-state"))

    officer1 = login(run, "officer1")
    http("POST", f"{run.base}/api/windows/1/open", token=officer1)
    http("POST", f"{run.base}/api/windows/1/call-next", token=officer1)
    phone.wait_for("window.hallqNotified.some(n => n.kind === 'ahead' && n.shown)", LIVE, "the '3 ahead' alert")
    near = shown(phone, "ahead")
    run.expect(len(near["page"]) == 1 and near["page"][0]["shown"] == "worker" and len(near["system"]) == 1
               and ours["number"] in near["system"][0]["title"] and "3" in near["system"][0]["title"],
               "three places from the call, one system notification says so", near)
    phone.wait_for("document.getElementById('announce').textContent.includes('3')", LIVE, "the screen reader's words")
    run.ok("the '3 ahead' alert is said to screen readers (ARIA live region)")

    # The phone sleeps: its connection is cut while the line moves on and the ticket is called at window 2.
    phone.send("Network.enable")
    relay.cut()
    phone.wait_for("document.documentElement.dataset.live === 'offline'", LIVE, "the page to see its stream cut")
    run.ok("the page's live stream is cut")
    for _ in range(3):
        for action in ("start", "finish", "call-next"):
            http("POST", f"{run.base}/api/windows/1/{action}", token=officer1)
    officer2 = login(run, "officer2")
    http("POST", f"{run.base}/api/windows/2/open", token=officer2)
    status, called = http("POST", f"{run.base}/api/windows/2/call-next", token=officer2)
    run.expect(status == 200 and called["id"] == ours["id"], "window 2 calls the ticket while the phone is away", called)
    time.sleep(1)
    run.expect(phone.eval("window.hallqNotified.filter(n => n.kind === 'called').length") == 0 and phone.text("#number") == ours["number"]
               and phone.eval("document.body.dataset.state") == "waiting", "nothing reaches the page while it is cut off")
    with phone.cond:
        phone.events = [e for e in phone.events if e[0] != "Network.requestWillBeSent"]
    relay.restore()
    phone.wait_for("document.body.dataset.state === 'called' && document.getElementById('called-window').textContent === '2'", 30,
                   "the called panel after reconnecting")
    # The page may catch up from its ticket first and reopen its stream only at its next retry (back-off up to 15 s).
    def reopened():
        return [e[1]["request"]["url"] for e in phone.events
                if e[0] == "Network.requestWillBeSent" and "/api/events" in e[1]["request"]["url"]]
    deadline = time.time() + 20
    with phone.cond:
        while not any("lastEventId=" in url for url in reopened()) and time.time() < deadline:
            phone.cond.wait(deadline - time.time())
        resumed = reopened()
    run.expect(any("lastEventId=" in url for url in resumed), "the page reconnected with the last event id it saw", resumed)
    phone.wait_for("window.hallqNotified.some(n => n.kind === 'called' && n.shown)", LIVE, "the 'called' alert")
    call = shown(phone, "called")
    run.expect(len(call["page"]) == 1 and len(call["system"]) == 1 and "2" in call["system"][0]["title"],
               "the call raises one system notification naming window 2", call)
    run.expect(phone.visible("#called-window") and phone.eval(
        "parseFloat(getComputedStyle(document.getElementById('called-window')).fontSize)") >= 96,
        "the window number is shown in large type", phone.eval("getComputedStyle(document.getElementById('called-window')).fontSize"))
    phone.wait_for("document.getElementById('announce').textContent.includes('2')", LIVE, "the call said to screen readers")
    run.ok("the call is said to screen readers (ARIA live region)")
    run.expect(len(shown(phone, "ahead")["page"]) == 1, "the '3 ahead' alert was not raised again")
    # While cut off, the browser logs its failed reconnections (the hall's address refused or reset): that is the cut.
    errors = [f"{p.name}: {e}" for p in run.pages for e in p.errors if not e.startswith("log[network]")]
    run.expect(not errors, "the page logged no error or Content-Security-Policy violation", errors)


if __name__ == "__main__":
    sys.exit(check_main(__doc__, check))
