#!/usr/bin/env python3
"""Replay of missed events: one stream reconnects with a Last-Event-ID some events back; how long until it has them.

    replay.py --port P --back 5000 [--runs 10]

Reads the journal's last id from `GET /api/queues`, then `--runs` times: opens `GET /api/events` with
`Last-Event-ID: last - back` and times, from before connecting, until the event with the last id has arrived (a
replay), or until a `resync` event has (the daemon's answer when it does not replay that far back). Prints one line of
JSON: what the daemon did, times (ms) and what arrived. Nothing may be published meanwhile (the bench's daemon is idle).
Standard library only.
"""

import argparse
import http.client
import json
import statistics
import time
import urllib.request


def last_event_id(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/queues", timeout=60) as r:
        return int(json.load(r)["lastEventId"])


def one(port, after, last, timeout=60):
    """Connects once; returns (kind, ms, events, bytes): kind "replay" when `last` arrived, "resync" for a resync event.
    http.client undoes the chunked encoding (the daemon writes the stream in 2 KB chunks, which split messages)."""
    want = f"\nid: {last}\n".encode()
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/api/events", headers={"Accept": "text/event-stream", "Last-Event-ID": str(after)})
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"GET /api/events answered {response.status}")
        data = bytearray()
        at = -1
        while True:
            chunk = response.read1(1 << 20)
            if not chunk:
                raise RuntimeError(f"stream closed after {len(data)} bytes")
            scanned = len(data)
            data += chunk
            # the resync, when there is one, comes first, right after the greeting
            if scanned < 4096:
                head = bytes(data[:4096])
                r = head.find(b"event: resync\n")
                if r >= 0 and head.find(b"\n\n", r) >= 0:
                    return "resync", (time.monotonic() - started) * 1000, 1, len(data)
            if at < 0:
                at = data.find(want, max(0, scanned - len(want)))
            if at >= 0 and data.find(b"\n\n", at) >= 0:
                ms = (time.monotonic() - started) * 1000
                return "replay", ms, data.count(b"\nid: "), len(data)
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"no event {last} after {timeout} s ({len(data)} bytes)")
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--back", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=10)
    a = parser.parse_args()
    last = last_event_id(a.port)
    after = max(0, last - a.back)
    runs = [one(a.port, after, last) for _ in range(a.runs)]
    kinds = sorted({r[0] for r in runs})
    times = sorted(r[1] for r in runs)
    print(json.dumps({
        "what": kinds[0] if len(kinds) == 1 else "mixed: " + ", ".join(kinds),
        "back": last - after, "last_event_id": last, "runs": len(runs),
        "events": max(r[2] for r in runs), "bytes": max(r[3] for r in runs),
        "min_ms": times[0], "p50_ms": statistics.median(times), "max_ms": times[-1],
    }))


if __name__ == "__main__":
    main()
