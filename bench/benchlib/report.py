"""The results as a Markdown table: each figure, its ratio to the ceiling measured in the same run, the target."""

import os
import subprocess


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

    if "error" in http:
        row("1 HTTP ceiling", "failed: " + http["error"], "", "", "", "")
    else:
        by = ", ".join(f"{t} threads {_n(v)}" for t, v in sorted(http["by_threads"].items()))
        row("1 HTTP ceiling: `hallq-hello` (the daemon's bridge, fixed body), wrk 2 threads × 64 connections",
            f"**{_n(ceiling)} req/s**, p50 {_ms(http['p50_us'])}, p99 {_ms(http['p99_us'])}{_cpu(http, None)}", "= 1 (ceiling)", "", "",
            f"CPU: 2 cores shared by wrk and the server ({by})")
    if "error" in durable:
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
    else:
        first, last = sat["slices"][0], sat["slices"][-1]
        runs = [("3 Take-ticket: `POST /api/tickets` (5 services), wrk 2 threads × 64 connections, first "
                 f"{first['seconds']:.0f} s from an empty hall", first),
                (f"3a Same, last {last['seconds']:.0f} s of {sum(x['seconds'] for x in sat['slices']):.0f} s (the lines keep growing)", last)]
        if single and "slices" in single:
            runs.append((f"3b Before group commit (`--no-group-commit`: one transaction per request), first "
                         f"{single['slices'][0]['seconds']:.0f} s from an empty hall", single["slices"][0]))
        for label, s in runs:
            ok = ceiling and s["rps"] >= 0.5 * ceiling and s["status_errors"] == 0
            row(label,
                f"**{_n(s['rps'])} req/s**, p50 {_ms(s['p50_us'])}, p99 {_ms(s['p99_us'])}; {_n(s['status_errors'])} errors; "
                f"{_n(s['waiting_before'])} → {_n(s['waiting_after'])} tickets waiting{_cpu(s, base_cpu)}",
                f"{_pct(s['rps'] / ceiling if ceiling else None)} of 1; {_pct(s['rps'] / commits if commits else None)} of 2",
                "≥ 50 % of 1", _status(ok), _take_limit(s, ceiling, commits, unsynced))
    if "error" in paced:
        row("3c Take-ticket at 1,000 req/s", "failed: " + paced["error"], "", "", "", "")
    else:
        ok = paced["p99_us"] <= 5000 and paced["status_errors"] == 0 and paced["rps"] >= 900
        row("3c Take-ticket at a fixed 1,000 req/s offered (wrk, 25 connections paced with random gaps)",
            f"{_n(paced['rps'])} req/s served, p50 {_ms(paced['p50_us'])}, **p99 {_ms(paced['p99_us'])}**, max {_ms(paced['max_us'])}; "
            f"{_n(paced.get('waiting_after'))} tickets waiting at the end{_cpu(paced, base_cpu)}",
            f"{_pct(paced['rps'] / commits if commits else None)} of 2", "p99 ≤ 5 ms", _status(ok),
            "CPU work per request, growing as the lines grow (see 3a)" if unsynced or paced["rps"] < 900
            else "commit (fsync) time and its tail: compare 2's per-commit p99")
    if "error" in cycle:
        row("4 Call-next cycle", "failed: " + cycle["error"], "", "", "", "")
    elif cycle:
        row("4 Call-next cycle: 30 windows, each taking a ticket → call-next → start → finish, one connection each",
            f"**{_n(cycle['rps'])} ops/s** ({_n(cycle['calls'] / cycle['seconds'])} calls/s), p50 {_ms(cycle['p50_us'])}, "
            f"**p99 {_ms(cycle['p99_us'])}**; {_n(cycle['refused'])} refused, {_n(cycle['empty_calls'])} empty calls{_cpu(cycle, base_cpu)}",
            f"{_pct(cycle['rps'] / ceiling if ceiling else None)} of 1; {_pct(cycle['rps'] / commits if commits else None)} of 2",
            "(none set)", "",
            "CPU work per operation (every change runs under the hall's one lock, its commit included)" if unsynced
            else "one fsync per operation, all changes serialized under the hall's lock")
    if "error" in fan:
        row("5 Live fan-out", "failed: " + fan["error"], "", "", "", "")
    elif fan:
        ok = fan["p99_ms"] is not None and fan["p99_ms"] <= 100 and fan["missed_deliveries"] == 0
        row(f"5 Live fan-out: {_n(fan['subscribers'])} SSE subscribers, {fan['calls']} calls, call's reply → last subscriber",
            f"min {fan.get('min_ms', 0):.1f} ms, p50 {fan['p50_ms']:.1f} ms, **p99 {fan['p99_ms']:.1f} ms**, max {fan['max_ms']:.1f} ms; "
            f"{fan['missed_deliveries']} missed, {fan['dropped_streams']} streams dropped",
            "—", "p99 ≤ 100 ms", _status(ok), "writing each event to 2,000 sockets, and reading them in one Python process (the min is about that floor), on the same 2 cores")
        anon = fan.get("rss_anon_idle_mb")
        row("7 Memory: daemon RSS idle (started, 30 windows open, 110 tickets)",
            f"**{_n(fan['rss_idle_mb'], 1)} MB**, of which {_n(anon, 1)} MB not file-backed", "—", "", "",
            "mostly shared libraries mapped in (Foundation, ICU data, the Swift runtime), not the daemon's own data")
        ok = max(fan.get("rss_connected_mb") or 0, fan.get("rss_peak_mb") or 0) <= 64
        grown = (fan["rss_connected_mb"] - fan["rss_idle_mb"]) if fan.get("rss_connected_mb") and fan.get("rss_idle_mb") else None
        row(f"7b Memory: daemon RSS with {_n(fan['subscribers'])} subscribers (peak VmHWM over the fan-out)",
            f"{_n(fan['rss_connected_mb'], 1)} MB connected, **peak {_n(fan['rss_peak_mb'], 1)} MB**"
            + (f"; {grown * 1024 / fan['subscribers']:.1f} KB per subscriber" if grown else ""), "—", "≤ 64 MB", _status(ok),
            "libmicrohttpd's per-connection pool (8 KB) and stream block (2 KB), plus the messages queued per stream during the burst of calls")
    if sat and "rss_mb" in sat:
        row("7c Memory: daemon RSS after the take-ticket run", f"{_n(sat['rss_mb'], 1)} MB with {_n(sat.get('waiting_end'))} tickets waiting",
            "—", "", "", "every waiting ticket is held live")
    slices = []
    if sat and "slices" in sat:
        slices = ["", "Take-ticket under wrk, slice by slice on one daemon per commit mode (the work per ticket may grow with the "
                  "tickets waiting):", "",
                  "| Commit | Tickets waiting | req/s | p50 | p99 | of 1 | of 2 | server CPU per request |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for mode, run in (("group (default)", sat), ("one per request", single)):
            for s in (run or {}).get("slices", []):
                slices.append(f"| {mode} | {_n(s['waiting_before'])} → {_n(s['waiting_after'])} | {_n(s['rps'])} | {_ms(s['p50_us'])} | "
                              f"{_ms(s['p99_us'])} | {_pct(s['rps'] / ceiling if ceiling else None)} | "
                              f"{_pct(s['rps'] / commits if commits else None)} | {_n(s.get('cpu_us'))} µs |")

    history = r.get("history")
    lines = [
        "# HallQ benchmarks",
        "",
        f"Measured {when.strftime('%Y-%m-%d %H:%M UTC')} by `make bench` in {r['bench_seconds'] / 60:.1f} minutes after the release build"
        + (" (BENCH_QUICK: short runs, not for publishing)" if r.get("quick") else "") + ".",
        "Every figure is also given as a ratio to a ceiling measured in the same run on the same machine: machines are shared "
        "and absolute figures drift, ratios much less. The server's CPU time per request (from /proc, all its threads) is the "
        "figure other load on the machine changes least.",
        "",
        "| Machine | |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in facts.items()],
        "",
        "| Measure | Result | Ratio to ceiling | Target | | What limits it |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
        *slices,
        "",
        "## 6 History (five-year simulated database)",
        "",
        history if isinstance(history, str) else "Not measured in this run: `bench/history/run.sh` was not present.",
        "",
    ]
    return "\n".join(lines)


def _take_limit(sat, ceiling, commits, unsynced):
    if commits and not unsynced and sat["rps"] >= 0.6 * commits:
        return "the per-request commit: each ticket waits for its own fsync and commits run one at a time (2a: group commit)"
    if ceiling and sat["rps"] >= 0.5 * ceiling:
        return "the HTTP layer"
    return "CPU work per request in the daemon, growing with the tickets waiting (see the slices below)"
