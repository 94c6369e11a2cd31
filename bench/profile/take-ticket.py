#!/usr/bin/env python3
"""Profiles take-ticket: where one `POST /api/tickets` spends the daemon's CPU, stage by stage (bench/README.md).

    bench/profile/take-ticket.py --hallqd .build/release/hallqd --out /tmp/profile [--demo-config config/demo-hall.toml]
                                 [--load saturated|paced] [--seconds 10] [--period-us 500] [--call-graph dwarf|fp]

Starts the daemon on the bench hall (written from --demo-config: issuing all day, an officer at each of 30 windows,
no per-address limit) with --windows of them open (30 by default; 0 makes no wait estimates), warms it up, then
records it with `perf record -e cpu-clock` (the software clock: it needs no hardware counters) while wrk takes
tickets: `saturated` is 64 connections as fast as they go, `paced` is 1,000 tickets/s offered by 25 connections.
Then `perf script | stages.py` prints the stages; perf.data, the stage table (stages.md) and its figures (stages.json)
stay in --out.

The daemon of another commit is profiled the same way: build it in a worktree of its own and pass its binary and its
config/demo-hall.toml. Needs perf (Debian: linux-perf), wrk, and swift-demangle (in the Swift toolchain) on PATH.
"""

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from benchlib import config as hallconfig  # noqa: E402
from benchlib.procs import Daemon, run_wrk  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
WINDOWS = 30


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hallqd", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--demo-config", default=os.path.join(ROOT, "config", "demo-hall.toml"))
    parser.add_argument("--load", choices=["saturated", "paced"], default="saturated")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--windows", type=int, default=WINDOWS, help="windows open (0: none, so no estimates are made)")
    parser.add_argument("--warm-up", type=int, default=2,
                        help="seconds of the same load before recording (longer: the profile of a hall with more tickets waiting)")
    parser.add_argument("--period-us", type=int, default=500, help="one sample per this much CPU time")
    parser.add_argument("--call-graph", choices=["dwarf", "fp"], default="dwarf",
                        help="dwarf unwinds through libc and SQLite (no frame pointers there), fp is quicker to read")
    a = parser.parse_args()
    os.makedirs(a.out, exist_ok=True)
    cfg = hallconfig.write_bench_config(a.demo_config, os.path.join(a.out, "hall.toml"), WINDOWS)
    db = os.path.join(a.out, "profile.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    data = os.path.join(a.out, "perf.data")
    graph = ["--call-graph", "dwarf,16384"] if a.call_graph == "dwarf" else ["-g"]
    if a.load == "saturated":
        connections, args = 64, []
    else:
        connections, args = 25, ["paced", "1000", "25"]
    with Daemon.hallqd(a.hallqd, cfg, db, ROOT) as d:
        if a.windows:
            hallconfig.open_windows(d.port, a.windows, os.path.join(a.out, "tokens.txt"))
        run_wrk(d.port, "take-ticket.lua", "/api/tickets", threads=2, connections=connections, seconds=a.warm_up, args=args)  # warm-up
        perf = subprocess.Popen(["perf", "record", "-q", "-e", "cpu-clock", "-c", str(a.period_us * 1000), *graph, "-p", str(d.pid),
                                 "-o", data, "--", "sleep", str(a.seconds + 1)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)
        run = run_wrk(d.port, "take-ticket.lua", "/api/tickets", threads=2, connections=connections, seconds=a.seconds, args=args, pid=d.pid)
        perf_errors = perf.communicate(timeout=a.seconds + 60)[1]
        if perf.returncode != 0:
            raise SystemExit(f"perf record failed: {perf_errors[-400:]}")
    # the profiled checkout's own sources tell which module declares each type
    tree = os.path.realpath(a.hallqd).split(os.sep + ".build" + os.sep)[0]
    sources = [os.path.join(tree, "Sources"), os.path.join(tree, ".build", "checkouts")]
    script = subprocess.Popen(["perf", "script", "-i", data], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    table = subprocess.run([sys.executable, os.path.join(HERE, "stages.py"), "--requests", str(run["requests"]), "--detail", "8",
                            "--sources", *sources,
                            "--json", os.path.join(a.out, "stages.json")], stdin=script.stdout, capture_output=True, text=True, check=True)
    script.wait()
    head = (f"take-ticket, {a.load} ({connections} connections), {a.windows} windows open: {run['rps']:,.0f} req/s, "
            f"p50 {run['p50_us'] / 1000:.1f} ms, p99 {run['p99_us'] / 1000:.1f} ms; server CPU {run['cpu_us']:.0f} µs per ticket (/proc); "
            f"load {run['load']:.1f}; "
            f"perf cpu-clock every {a.period_us} µs, {a.call_graph} call graphs\n")
    with open(os.path.join(a.out, "stages.md"), "w") as f:
        f.write(head + "\n" + table.stdout)
    with open(os.path.join(a.out, "run.json"), "w") as f:
        json.dump(run, f, indent=1)
    print(head)
    print(table.stdout)


if __name__ == "__main__":
    main()
