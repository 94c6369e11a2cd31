"""Reads under the daemon: the trivial route against the bridge, the boards' view of a long line, a reconnecting
stream's replay, and reads while history queries run (measures 1a, 8, 5a/5b and 6a of bench/README.md)."""

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import zoneinfo

from . import config as hallconfig
from .procs import Daemon, cpu_seconds, fill, run_queue_seconds, run_wrk

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCH)
QUEUE_SIZES = (300, 3_000, 30_000)
REPLAY_BACK = 5_000
REPLAY_BUFFER = 8 << 20  # --stream-buffer-bytes for a replay of 5,000 events (about 2.3 MB) within the buffer
STATS_CLIENTS = 4


def healthz(hallqd, cfg, tmp, seconds):
    """`GET /healthz` under the same wrk as the bridge (2 threads × 64 connections), on the daemon's default 4 workers."""
    with Daemon.hallqd(hallqd, cfg, os.path.join(tmp, "healthz.sqlite"), ROOT) as d:
        run_wrk(d.port, "get.lua", "/healthz", threads=2, connections=64, seconds=2)  # warm-up
        return run_wrk(d.port, "get.lua", "/healthz", threads=2, connections=64, seconds=seconds, pid=d.pid)


def queues(hallqd, cfg, tmp, seconds, windows, log):
    """`GET /api/queues` (4 connections) with 300, 3,000 and 30,000 tickets waiting and `windows` windows open, so
    every line has an estimate; then, on the same hall, a stream reconnecting 5,000 events back with the default
    stream buffer (the daemon answers with one `resync`)."""
    out = {"sizes": []}
    with Daemon.hallqd(hallqd, cfg, os.path.join(tmp, "queues.sqlite"), ROOT) as d:
        hallconfig.open_windows(d.port, windows, os.path.join(tmp, "queues-tokens.txt"))
        for size in QUEUE_SIZES:
            filled = fill(d.port, size)
            log(f"/api/queues: {filled['waiting']:,} waiting (filled in {filled['seconds']:.1f} s)")
            time.sleep(0.5)
            r = run_wrk(d.port, "get.lua", "/api/queues", threads=1, connections=4, seconds=seconds, pid=d.pid)
            r.update(waiting=filled["waiting"], fill_seconds=filled["seconds"], bytes=_body_size(d.port, "/api/queues"))
            out["sizes"].append(r)
        out["resync"] = _replay(d.port)
    return out


def replay(hallqd, cfg, tmp):
    """A stream reconnecting 5,000 events back when the buffer holds them (`--stream-buffer-bytes 8 MiB`)."""
    with Daemon.hallqd(hallqd, cfg, os.path.join(tmp, "replay.sqlite"), ROOT, extra=["--stream-buffer-bytes", str(REPLAY_BUFFER)]) as d:
        fill(d.port, REPLAY_BACK + 200)
        time.sleep(0.5)
        out = _replay(d.port)
        out["buffer_bytes"] = REPLAY_BUFFER
        return out


def _replay(port, runs=10):
    r = subprocess.run([sys.executable, os.path.join(BENCH, "replay.py"), "--port", str(port), "--back", str(REPLAY_BACK), "--runs", str(runs)],
                       check=True, capture_output=True, text=True, timeout=300)
    return json.loads(r.stdout.strip().splitlines()[-1])


def _body_size(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as r:
        return len(r.read())


def history_database():
    """Where bench/history/run.sh keeps its five-year database (it reuses it while it exists)."""
    return os.environ.get("HALLQ_BENCH_DB") or os.path.join(tempfile.gettempdir(), "hallq-bench", "history-1825d-seed1.sqlite")


def during_history(hallqd, seconds, log):
    """`GET /api/queues` (4 connections) alone, then while 4 clients ask for a year's statistics by day without pause,
    on the five-year database: do quick reads wait behind history queries?"""
    db = history_database()
    if not os.path.exists(db):
        return {"error": f"no five-year database at {db} (bench/history/run.sh makes it)"}
    demo = os.path.join(ROOT, "config", "demo-hall.toml")
    with Daemon.hallqd(hallqd, demo, db, ROOT) as d:
        token = hallconfig.post(d.port, "/api/login", {"user": "manager", "password": "demo"})["token"]
        to = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date() - datetime.timedelta(days=1)
        stats = f"/api/stats?from={to - datetime.timedelta(days=364)}&to={to}&group=day"
        run_wrk(d.port, "get.lua", "/api/queues", threads=1, connections=4, seconds=2)  # warm-up
        alone = run_wrk(d.port, "get.lua", "/api/queues", threads=1, connections=4, seconds=seconds, pid=d.pid)
        log(f"reads while history: {STATS_CLIENTS} clients on {stats}")
        wrk = ["wrk", "-t2", f"-c{STATS_CLIENTS}", f"-d{seconds + 3}s", "--timeout", "30s", "-s", os.path.join(BENCH, "lua", "get.lua"),
               f"http://127.0.0.1:{d.port}{stats}", "--", token]
        reports = subprocess.Popen(wrk, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        cpu, waited, wall = cpu_seconds(d.pid), run_queue_seconds(d.pid), time.monotonic()
        loaded = run_wrk(d.port, "get.lua", "/api/queues", threads=1, connections=4, seconds=seconds)
        elapsed = time.monotonic() - wall
        loaded["server_cores"] = (cpu_seconds(d.pid) - cpu) / elapsed
        loaded["server_waiting_cores"] = (run_queue_seconds(d.pid) - waited) / elapsed
        out_text = reports.communicate(timeout=seconds + 60)[0]
        line = next((x for x in out_text.splitlines() if x.startswith("WRKJSON ")), None)
        stats_run = json.loads(line[len("WRKJSON "):]) if line else {"error": out_text[-300:]}
        if line:
            stats_run["rps"] = stats_run["requests"] / stats_run["seconds"]
        return {"alone": alone, "loaded": loaded, "stats": stats_run, "clients": STATS_CLIENTS}
