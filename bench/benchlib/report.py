"""The results as a Markdown table: each figure, its ratio to the ceiling measured in the same run, the target."""

import os
import subprocess

from . import report_bureau as bureau_rows
from . import report_reads as reads_rows


def _first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "unknown"


def _deb_version(package):
    return _first_line(["dpkg-query", "-W", "-f=${Version}", package])


def machine(root):
    """What the figures were measured on."""
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    return {
        "cores (nproc)": str(os.cpu_count()),
        "CPU": cpu,
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "kernel": os.uname().release,
        "Swift": _first_line(["swift", "--version"]),
        "SQLite": _deb_version("libsqlite3-0"),
        "libmicrohttpd": _deb_version("libmicrohttpd12"),
        "wrk": _first_line(["wrk", "--version"]).split(" Copyright")[0],
        "load average at the end": " ".join(open("/proc/loadavg").read().split()[:3]),
    }


def _n(x, digits=0):
    return "—" if x is None else f"{x:,.{digits}f}"


def _ms(us):
    return "—" if us is None else f"{us / 1000:.2f} ms"


def _pct(x):
    return "—" if x is None else f"{x * 100:.0f} %"


def _cpu(run, base):
    """The server's CPU time per request, and how many times the bare HTTP layer's that is."""
    us = run.get("cpu_us")
    if us is None:
        return ""
    return f"; server CPU {us:,.0f} µs/req" + (f" ({us / base:,.0f} × 1's)" if base else "")


def _status(ok):
    return "**met**" if ok else "**not met**"


def _load(run):
    return f"; load {run['load']:.1f}" if run.get("load") is not None else ""


def aggregate(slices):
    """One saturated run from its slices: requests/s and CPU over them all, the median slice's p50, the worst slice's p99."""
    requests, seconds = sum(s["requests"] for s in slices), sum(s["seconds"] for s in slices)
    cpu = [s for s in slices if s.get("cpu_us") is not None]
    p50s = sorted(s["p50_us"] for s in slices)
    out = {
        "requests": requests, "seconds": seconds, "rps": requests / seconds if seconds else 0,
        "cpu_us": sum(s["cpu_us"] * s["requests"] for s in cpu) / sum(s["requests"] for s in cpu) if cpu else None,
        "p50_us": p50s[len(p50s) // 2], "p99_us": max(s["p99_us"] for s in slices), "max_us": max(s["max_us"] for s in slices),
        "status_errors": sum(s["status_errors"] for s in slices), "waiting_before": slices[0]["waiting_before"],
        "waiting_after": slices[-1]["waiting_after"],
        "wrk_cores": sum((s.get("wrk_cores") or 0) * s["seconds"] for s in slices) / seconds if seconds else None,
        "server_waiting_cores": (sum(s["server_waiting_cores"] * s["seconds"] for s in slices) / seconds
                                 if seconds and all(s.get("server_waiting_cores") is not None for s in slices) else None),
        "load": max(s.get("load") or 0 for s in slices),
    }
    out["server_cores"] = out["cpu_us"] * out["rps"] / 1e6 if out["cpu_us"] else None
    if all(s.get("commits") for s in slices):
        commits = sum(s["commits"] for s in slices)
        out["commits"] = commits
        out["changes_per_commit"] = sum(s["changes_per_commit"] * s["commits"] for s in slices) / commits
        out["commit_ms"] = sum(s["commit_ms"] * s["commits"] for s in slices) / commits
    return out


def _commits(run):
    if not run.get("commits"):
        return ""
    return f"; {run['changes_per_commit']:.1f} tickets per commit, {run['commit_ms']:.2f} ms per commit"


TAKE_RPS, TAKE_CPU_US, TAKE_P99_US = 10_000, 100, 50_000


def _take_row(row, label, run, ceiling, commits, base_cpu, targets):
    result = (f"**{_n(run['rps'])} req/s**, p50 {_ms(run['p50_us'])}, **p99 {_ms(run['p99_us'])}** (worst slice); "
              f"{_n(run['status_errors'])} errors; {_n(run['waiting_before'])} → {_n(run['waiting_after'])} tickets waiting"
              f"{_commits(run)}{_cpu(run, base_cpu)}{_load(run)}")
    ratio = f"{_pct(run['rps'] / ceiling if ceiling else None)} of 1; {_pct(run['rps'] / commits if commits else None)} of 2"
    if not targets:
        row(label, result, ratio, "(before/after for group commit)", "", _take_limit(run))
        return
    rps_ok = run["rps"] >= TAKE_RPS and run["status_errors"] == 0
    cpu_ok = run.get("cpu_us") is not None and run["cpu_us"] <= TAKE_CPU_US
    p99_ok = run["p99_us"] <= TAKE_P99_US
    status = f"req/s {_status(rps_ok)}; CPU {_status(cpu_ok)}; p99 {_status(p99_ok)}"
    row(label, result, ratio, f"≥ {TAKE_RPS:,} req/s; ≤ {TAKE_CPU_US} µs CPU/ticket; p99 ≤ {TAKE_P99_US // 1000} ms", status,
        _take_limit(run) if not (rps_ok and cpu_ok and p99_ok) else "")


def _take_limit(run):
    """What bounds a saturated take-ticket run, from its own figures: the cores the server and wrk used, and what
    the target rate would need at this CPU per ticket."""
    cpu = run.get("cpu_us")
    if cpu is None or run.get("server_cores") is None:
        return "CPU work per request in the daemon"
    return (f"CPU: {reads_rows.cores(run)}; at {cpu:.0f} µs per ticket, {TAKE_RPS:,} tickets/s take {cpu * TAKE_RPS / 1e6:.2f} cores "
            "of the server alone (where they go: bench/README.md, Profile)")


def render(r, facts, when):
    http, durable, cycle, fan = (r.get(k) or {} for k in ("http", "durable", "cycle", "fanout"))
    take = r.get("take") or {}
    if "error" in take:
        take = {"group": take, "paced": take}
    sat, single, paced = take.get("group") or {}, take.get("single"), take.get("paced") or {}
    one, group, normal = (durable.get(k) or {} for k in ("full", "group64", "normal"))
    check = r.get("durability") or {}
    ceiling = http.get("rps")
    base_cpu = http.get("cpu_us")
    commits = one.get("per_second")
    unsynced = check.get("per_ticket") is not None and check["per_ticket"] < 0.5
    rows = []

    def row(measure, result, ratio, target, status, limit):
        rows.append(f"| {measure} | {result} | {ratio} | {target} | {status} | {limit} |")

    if not http:
        pass
    elif "error" in http:
        row("1 HTTP ceiling", "failed: " + http["error"], "", "", "", "")
    else:
        by = ", ".join(f"{t} threads {_n(v)}" for t, v in sorted(http["by_threads"].items()))
        row("1 HTTP ceiling: `hallq-hello` (the daemon's bridge, fixed body), wrk 2 threads × 64 connections",
            f"**{_n(ceiling)} req/s**, p50 {_ms(http['p50_us'])}, p99 {_ms(http['p99_us'])}{_cpu(http, None)}{_load(http)}", "= 1 (ceiling)",
            "", "", f"CPU: 2 cores shared by wrk and the server ({by})")
    reads_rows.healthz(row, r.get("healthz"), http)
    if not durable:
        pass
    elif "error" in durable:
        row("2 Durable-write ceiling", "failed: " + durable["error"], "", "", "", "")
    else:
        row("2 Durable-write ceiling: one row per committed transaction, WAL, `synchronous=FULL` (C, system SQLite)",
            f"**{_n(commits)} commits/s**, per commit p50 {_ms(one['p50_us'])}, p99 {_ms(one['p99_us'])}", "= 1 (ceiling)", "", "",
            "the disk's fsync of the WAL at each commit (the disk is shared too)")
        row("2a Same, 64 rows per transaction (group commit with 64 requests in flight)",
            f"{_n(group.get('per_second'))} rows/s in {_n(group.get('commits_per_second'))} commits/s",
            f"{group.get('per_second', 0) / commits:.1f} × 2" if commits else "—", "", "", "one fsync shared by 64 rows")
        row("2b Same, one row per transaction, `synchronous=NORMAL` (no fsync at commit)",
            f"{_n(normal.get('per_second'))} commits/s, per commit p50 {_ms(normal.get('p50_us'))}, p99 {_ms(normal.get('p99_us'))}",
            f"{normal.get('per_second', 0) / commits:.1f} × 2" if commits else "—", "", "", "writing the WAL; fsync only at checkpoints")
    if "error" in check:
        row("2c Durability check", "failed: " + check["error"], "", "", "", "")
    elif check:
        row("2c Durability check: the daemon's fsyncs while it issues tickets one at a time (strace)",
            f"**{check['per_ticket']:.2f} fsync per ticket** ({check['fsyncs']} for {check['tickets']})", "—", "≥ 1 (WAL + FULL)",
            _status(not unsynced),
            "commits are not fsynced one by one: the store runs at synchronous=NORMAL, so 3 and 4 are not bounded by 2"
            if unsynced else "each commit is fsynced, as `synchronous=FULL` promises")
    if "error" in sat:
        row("3 Take-ticket", "failed: " + sat["error"], "", "", "", "")
    elif sat:
        whole = aggregate(sat["slices"])
        _take_row(row, f"3 Take-ticket saturated: `POST /api/tickets` (5 services, {sat.get('windows', 0)} windows open), wrk 2 threads × "
                  f"64 connections, {whole['seconds']:.0f} s from an empty hall", whole, ceiling, commits, base_cpu, True)
        if single and "slices" in single:
            _take_row(row, "3b Same before group commit (`--no-group-commit`: one transaction per request)", aggregate(single["slices"]),
                      ceiling, commits, base_cpu, False)
    if "error" in paced:
        row("3c Take-ticket at 1,000 req/s", "failed: " + paced["error"], "", "", "", "")
    elif paced:
        ok = paced["p99_us"] <= 5000 and paced["status_errors"] == 0 and paced["rps"] >= 900
        row("3c Take-ticket at a fixed 1,000 req/s offered (wrk, 25 connections paced with random gaps)",
            f"{_n(paced['rps'])} req/s served, p50 {_ms(paced['p50_us'])}, **p99 {_ms(paced['p99_us'])}**, max {_ms(paced['max_us'])}; "
            f"{_n(paced.get('waiting_after'))} tickets waiting at the end{_commits(paced)}{_cpu(paced, base_cpu)}{_load(paced)}",
            f"{_pct(paced['rps'] / commits if commits else None)} of 2", "p99 ≤ 5 ms", _status(ok),
            (f"CPU: {reads_rows.cores(paced)}" if paced["p99_us"] > 5000 or paced["rps"] < 900
             else "commit (fsync) time and its tail: compare 2's per-commit p99"))
    if "error" in cycle:
        row("4 Call-next cycle", "failed: " + cycle["error"], "", "", "", "")
    elif cycle:
        row("4 Call-next cycle: 30 windows, each taking a ticket → call-next → start → finish, one connection each",
            f"**{_n(cycle['rps'])} ops/s** ({_n(cycle['calls'] / cycle['seconds'])} calls/s), p50 {_ms(cycle['p50_us'])}, "
            f"**p99 {_ms(cycle['p99_us'])}**; {_n(cycle['refused'])} refused, {_n(cycle['empty_calls'])} empty calls"
            f"{_cpu(cycle, base_cpu)}{_load(cycle)}",
            f"{_pct(cycle['rps'] / ceiling if ceiling else None)} of 1; {_pct(cycle['rps'] / commits if commits else None)} of 2",
            "(none set)", "",
            f"CPU per operation (the lines stay short, so every change makes a new forecast of the hall for the estimates): "
            f"{reads_rows.cores(cycle)}")
    if "error" in fan:
        row("5 Live fan-out", "failed: " + fan["error"], "", "", "", "")
    elif fan:
        ok = fan["p99_ms"] is not None and fan["p99_ms"] <= 100 and fan["missed_deliveries"] == 0
        row(f"5 Live fan-out: {_n(fan['subscribers'])} SSE subscribers, {fan['calls']} calls, call's reply → last subscriber",
            f"min {fan.get('min_ms', 0):.1f} ms, p50 {fan['p50_ms']:.1f} ms, **p99 {fan['p99_ms']:.1f} ms**, max {fan['max_ms']:.1f} ms; "
            f"{fan['missed_deliveries']} missed, {fan['dropped_streams']} streams dropped",
            "—", "p99 ≤ 100 ms", _status(ok), "writing each event to 2,000 sockets, and reading them in one Python process (the min is about that floor), on the same 2 cores")
    reads_rows.replay(row, r.get("queues"), r.get("replay"))
    reads_rows.during_history(row, r.get("during_history"))
    if "error" in fan:
        pass
    elif fan:
        anon = fan.get("rss_anon_idle_mb")
        row("7 Memory: daemon RSS idle (started, 30 windows open, 110 tickets)",
            f"**{_n(fan['rss_idle_mb'], 1)} MB**, of which {_n(anon, 1)} MB not file-backed", "—", "", "",
            "mostly the executable's pages in use (the Swift runtime, Foundation and its ICU data are linked in) and shared "
            "libraries (SQLite, libmicrohttpd, libpq and its TLS), not the daemon's own data")
        ok = max(fan.get("rss_connected_mb") or 0, fan.get("rss_peak_mb") or 0) <= 64
        grown = (fan["rss_connected_mb"] - fan["rss_idle_mb"]) if fan.get("rss_connected_mb") and fan.get("rss_idle_mb") else None
        row(f"7b Memory: daemon RSS with {_n(fan['subscribers'])} subscribers (peak VmHWM over the fan-out)",
            f"{_n(fan['rss_connected_mb'], 1)} MB connected, **peak {_n(fan['rss_peak_mb'], 1)} MB**"
            + (f"; {grown * 1024 / fan['subscribers']:.1f} KB per subscriber" if grown else ""), "—", "≤ 64 MB", _status(ok),
            "per subscriber: libmicrohttpd's connection pool (8 KB, written through as it builds the reply's head), its "
            "connection and response (the head's headers, a 256-byte block) and the stream's own state; the peak adds the "
            "burst of calls (announcements are rendered to files, not kept in memory)")
    if sat and "rss_mb" in sat:
        row("7c Memory: daemon RSS after the take-ticket run", f"{_n(sat['rss_mb'], 1)} MB with {_n(sat.get('waiting_end'))} tickets waiting",
            "—", "", "", "every waiting ticket is held live")
    reads_rows.queues(row, r.get("queues"), base_cpu)
    bureau_rows.rows(row, r.get("bureau"))
    slices = []
    if sat and "slices" in sat:
        slices = ["", "Take-ticket under wrk, slice by slice on one daemon per commit mode (does the work per ticket grow with the "
                  "tickets waiting?):", "",
                  "| Commit | Tickets waiting | req/s | p50 | p99 | of 1 | of 2 | tickets per commit | server CPU per request "
                  "| cores: server, its threads waiting, wrk | load |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for mode, run in (("group (default)", sat), ("one per request", single)):
            for s in (run or {}).get("slices", []):
                slices.append(f"| {mode} | {_n(s['waiting_before'])} → {_n(s['waiting_after'])} | {_n(s['rps'])} | {_ms(s['p50_us'])} | "
                              f"{_ms(s['p99_us'])} | {_pct(s['rps'] / ceiling if ceiling else None)} | "
                              f"{_pct(s['rps'] / commits if commits else None)} | {_n(s.get('changes_per_commit'), 1)} | {_n(s.get('cpu_us'))} µs | "
                              f"{_n(s.get('server_cores'), 2)}, {_n(s.get('server_waiting_cores'), 2)}, {_n(s.get('wrk_cores'), 2)} | "
                              f"{_n(s.get('load'), 1)} |")

    history = r.get("history")
    lines = [
        "# HallQ benchmarks",
        "",
        f"Measured {when.strftime('%Y-%m-%d %H:%M UTC')} by `make bench` in {r.get('bench_seconds', 0) / 60:.1f} minutes after the release build"
        + (" (BENCH_QUICK: short runs, not for publishing)" if r.get("quick") else "") + ".",
        "Every figure is also given as a ratio to a ceiling measured in the same run on the same machine: machines are shared "
        "and absolute figures drift, ratios much less. The server's CPU time per request (from /proc, all its threads) is the "
        "figure other load on the machine changes least. \"load\" is the machine's 1-minute load average at the end of a run: "
        "with 2 cores, anything above 2 means the bench competed with other work.",
        "",
        "| Machine | |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in facts.items()],
        "",
        "| Measure | Result | Ratio to ceiling | Target | | What limits it |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        "Load average (1 minute) when each measure started: " + ", ".join(f"{k} {v:.1f}" for k, v in (r.get("loads") or {}).items()) + ".",
        *slices,
        "",
        "## 6 History (five-year simulated database)",
        "",
        history if isinstance(history, str) else "Not measured in this run: `bench/history/run.sh` was not present.",
        "",
        *bureau_rows.section(r.get("bureau")),
    ]
    return "\n".join(lines)

