#!/usr/bin/env python3
"""Live fan-out: many server-sent-event subscribers on loopback, then calls at the windows.

For each call it measures the time from the moment the caller has the call's HTTP reply to the moment the *last*
subscriber has received the `ticket.called` event for that number. Standard library only.

    fanout.py --port P --subscribers 2000 --calls 100 --tokens FILE [--pid DAEMON_PID]

FILE has lines "WINDOW TOKEN SERVICE". Tickets must already be waiting (at least --calls of them). Prints one line
of JSON. The caller runs in a child process (this file with --caller) so that reading 2,000 sockets never delays
the caller's own clock reading; both use CLOCK_MONOTONIC, which is shared by all processes.
"""

import argparse
import http.client
import json
import os
import re
import selectors
import socket
import subprocess
import sys
import time

NUMBER = re.compile(rb'"number":"([A-Z]{1,2}\d+)"')
EVENT = re.compile(rb"^event: (\S+)$", re.M)


def vm(pid, field):
    """VmRSS, VmHWM or RssAnon of a process in MB, or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Subscribers:
    """Holds N event streams open on one epoll selector and notes when each sees each (kind, number)."""

    def __init__(self, port, count):
        self.port, self.count = port, count
        self.sel = selectors.EpollSelector()
        self.buffers = {}
        self.ready = 0  # streams whose opening comment has arrived
        self.seen = {}  # (kind, number) -> [how many subscribers, time of the latest]
        self.closed = 0

    def connect(self, batch=250, timeout=60):
        request = f"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nAccept: text/event-stream\r\n\r\n".encode()
        opened = 0
        deadline = time.monotonic() + timeout
        while self.ready < self.count:
            # keep at most `batch` connections in their handshake at once, so the listen queue never overflows
            while opened < self.count and opened - self.ready < batch:
                s = socket.create_connection(("127.0.0.1", self.port))
                s.setblocking(False)
                s.sendall(request)
                self.buffers[s] = bytearray()
                self.sel.register(s, selectors.EVENT_READ)
                opened += 1
            self.poll(0.05)
            if time.monotonic() > deadline:
                raise SystemExit(f"fanout: only {self.ready} of {self.count} streams opened in {timeout} s")

    def poll(self, timeout):
        for key, _ in self.sel.select(timeout):
            if key.data is not None:
                key.data(key.fileobj)
                continue
            s = key.fileobj
            try:
                chunk = s.recv(65536)
            except BlockingIOError:
                continue
            at = time.monotonic_ns()
            if not chunk:
                self.sel.unregister(s)
                s.close()
                self.closed += 1
                continue
            buf = self.buffers[s]
            buf += chunk
            end = buf.rfind(b"\n\n")
            if end < 0:
                continue
            messages = bytes(buf[: end + 2])
            del buf[: end + 2]
            if b"hallq live events" in messages and messages.startswith(b"HTTP/1.1"):
                self.ready += 1
            for message in messages.split(b"\n\n"):
                m = EVENT.search(message)
                if not m or m.group(1) not in (b"ticket.called", b"ticket.finished"):
                    continue
                n = NUMBER.search(message)
                if n:
                    entry = self.seen.setdefault((m.group(1).decode(), n.group(1).decode()), [0, 0])
                    entry[0] += 1
                    entry[1] = max(entry[1], at)


def run_caller(port, tokens, calls):
    """Child process: calls, then reports `called NUMBER T_NS` on stdout and waits for `ok` on stdin before going on."""
    windows = [line.split() for line in open(tokens) if line.strip()]
    conn = http.client.HTTPConnection("127.0.0.1", port)
    held = {}

    def post(window, token, action):
        conn.request("POST", f"/api/windows/{window}/{action}", body=b"", headers={"Authorization": f"Bearer {token}"})
        r = conn.getresponse()
        body = r.read()
        return r.status, body, time.monotonic_ns()

    for i in range(calls):
        window, token, _ = windows[i % len(windows)]
        if window in held:
            post(window, token, "start")
            post(window, token, "finish")
            print(f"finished {held.pop(window)} 0", flush=True)
            sys.stdin.readline()
        status, body, at = post(window, token, "call-next")
        if status != 200:
            print(f"error {status} {body[:200]!r}", flush=True)
            return
        number = json.loads(body)["number"]
        held[window] = number
        print(f"called {number} {at}", flush=True)
        sys.stdin.readline()
    print("end", flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--subscribers", type=int, default=2000)
    p.add_argument("--calls", type=int, default=100)
    p.add_argument("--tokens", required=True)
    p.add_argument("--pid", type=int)
    p.add_argument("--caller", action="store_true")
    a = p.parse_args()
    if a.caller:
        return run_caller(a.port, a.tokens, a.calls)

    subs = Subscribers(a.port, a.subscribers)
    t0 = time.monotonic()
    subs.connect()
    connect_s = time.monotonic() - t0
    time.sleep(0.5)
    rss_connected = vm(a.pid, "VmRSS") if a.pid else None
    anon_connected = vm(a.pid, "RssAnon") if a.pid else None

    caller = subprocess.Popen(
        [sys.executable, __file__, "--caller", "--port", str(a.port), "--calls", str(a.calls), "--tokens", a.tokens],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    lines = bytearray()
    pending = None  # (kind, number, reply time, deadline)
    latencies, missing = [], 0
    finished = False

    def from_caller(f):
        nonlocal pending, finished
        chunk = os.read(f.fileno(), 4096)
        if not chunk:
            finished = True
            return
        lines.extend(chunk)
        while b"\n" in lines:
            line, _, rest = lines.partition(b"\n")
            lines[:] = rest
            word, *rest = line.decode().split()
            if word == "end":
                finished = True
            elif word == "error":
                raise SystemExit(f"fanout: a call failed: {line.decode()}")
            else:
                kind = "ticket.called" if word == "called" else "ticket.finished"
                pending = (kind, rest[0], int(rest[1]), time.monotonic() + 5)

    subs.sel.register(caller.stdout, selectors.EVENT_READ, from_caller)
    while not finished:
        subs.poll(0.01)
        if pending:
            kind, number, reply_ns, deadline = pending
            count, last_ns = subs.seen.get((kind, number), (0, 0))
            if count >= a.subscribers - subs.closed or time.monotonic() > deadline:
                if kind == "ticket.called":
                    if count < a.subscribers:
                        missing += a.subscribers - count
                    latencies.append(max(0, last_ns - reply_ns) / 1e6)
                pending = None
                caller.stdin.write(b"ok\n")
    caller.wait()
    latencies.sort()

    def pct(q):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * q))], 2) if latencies else None

    print(json.dumps({
        "subscribers": a.subscribers, "calls": len(latencies), "connect_seconds": round(connect_s, 2),
        "min_ms": round(latencies[0], 2) if latencies else None, "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": round(latencies[-1], 2) if latencies else None,
        "missed_deliveries": missing, "dropped_streams": subs.closed,
        "rss_connected_mb": rss_connected, "rss_anon_connected_mb": anon_connected, "rss_peak_mb": vm(a.pid, "VmHWM") if a.pid else None,
    }))


if __name__ == "__main__":
    main()
