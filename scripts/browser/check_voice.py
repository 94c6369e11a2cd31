#!/usr/bin/env python3
"""Checks the hall board's voice in headless Chromium, against a running daemon with espeak-ng.

    check_voice.py --base http://127.0.0.1:8080

Headless Chromium has no speech voices, like a bare kiosk box. Two windows call one after the other within a
fraction of a second: the board must play two announcements, each the daemon's audio of its own call (a WAV of
several seconds), in the order of the calls, the second starting only after the first has ended (the board keeps
a log of its audio queue, `window.hallqVoice.log`). A recall is announced again. A second board opened with
`?voice=browser` finds no voice and still announces every call with its chime. No page may log an error or a
Content-Security-Policy violation (the audio comes from the daemon itself: media-src 'self').
Exits 1 on the first failure.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import LIVE, check_main, http  # noqa: E402

# An announcement is the chime and two sentences: well under 20 s; two of them and a recall, well under a minute.
SPOKEN = 60


def officer(run, n):
    _, login = http("POST", f"{run.base}/api/login", {"user": f"officer{n}", "password": "demo"})
    token = login["token"]
    http("POST", f"{run.base}/api/windows/{n}/open", token=token)
    return token


def log(board):
    return board.eval("window.hallqVoice ? window.hallqVoice.log : []")


def check(run, browser):
    board = run.open(browser, "hall", "/displays/hall")
    chime_only = run.open(browser, "hall-browser", "/displays/hall?voice=browser")
    for page in (board, chime_only):
        page.wait_for("window.hallqVoice && document.body.dataset.state !== 'loading'", LIVE, "the board and its voice")
    run.expect(board.eval("speechSynthesis.getVoices().length") == 0, "the test browser has no speech voices, like a bare kiosk box",
               board.eval("speechSynthesis.getVoices().map(v => v.name)"))
    tokens = {1: officer(run, 1), 2: officer(run, 2)}
    numbers = []
    for _ in range(2):
        status, ticket = http("POST", f"{run.base}/api/tickets", {"service": "A"})
        run.expect(status == 201, "a ticket is taken", status)
        numbers.append(ticket["number"])
    # Two calls in quick succession, at two windows.
    called = []
    for n in (1, 2):
        status, ticket = http("POST", f"{run.base}/api/windows/{n}/call-next", token=tokens[n])
        run.expect(status == 200, f"window {n} calls", status)
        called.append((ticket["number"], n))
    board.wait_for("window.hallqVoice.log.length >= 2 && window.hallqVoice.log.every(e => e.endedAt)", SPOKEN,
                   "two announcements played to their end")
    played = log(board)
    run.expect([e["key"] for e in played] == [c[0] for c in called], "the two calls are announced in the order they were made",
               [e["key"] for e in played])
    run.expect(all(e["via"] == "audio" for e in played), "each is the daemon's audio of the call (no browser voice needed)",
               [e["via"] for e in played])
    run.expect(all((e["duration"] or 0) > 4 for e in played), "each announcement is several seconds of speech, Chinese then English",
               [e["duration"] for e in played])
    run.expect(played[1]["startedAt"] >= played[0]["endedAt"], "the second starts only after the first has ended (nothing is cut off)",
               played)
    sequences = [e["seq"] for e in played]
    run.expect(all(isinstance(s, int) for s in sequences) and sequences == sorted(sequences),
               "each announcement is the audio named by its call's event", sequences)
    status, wav = http("GET", f"{run.base}/api/announcements/{sequences[0]}")
    run.expect(status == 200 and wav[:4] == b"RIFF" and wav[8:12] == b"WAVE", "the call's audio is a WAV at a stable address", status)

    # A recall is announced again.
    http("POST", f"{run.base}/api/windows/1/recall", token=tokens[1])
    board.wait_for("window.hallqVoice.log.length >= 3 && window.hallqVoice.log[2].endedAt", SPOKEN, "the recall's announcement")
    recall = log(board)[2]
    run.expect(recall["key"] == called[0][0] and recall["via"] == "audio" and recall["seq"] > sequences[1],
               "a recall is announced again, with its own audio", recall)

    chime_only.wait_for("window.hallqVoice.log.filter(e => e.endedAt).length >= 3", SPOKEN, "the browser-voice board's announcements")
    plain = log(chime_only)
    run.expect([e["key"] for e in plain] == [e["key"] for e in log(board)] and all(e["via"] == "chime" for e in plain),
               "a board set to the browser's voice, with none installed, still announces every call with its chime",
               [(e["key"], e["via"]) for e in plain])
    errors = [f"{p.name}: {e}" for p in run.pages for e in p.errors]
    run.expect(not errors, "no page logged an error or a Content-Security-Policy violation", errors)


if __name__ == "__main__":
    sys.exit(check_main(__doc__, check))
