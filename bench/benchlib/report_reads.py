"""Rows of the results table for the reads (benchlib/reads.py): 1a, 5a/5b, 6a and 8."""

HEALTHZ_SHARE = 0.5
QUEUES_P99_US = {3_000: 5_000, 30_000: 50_000}


def _n(x, digits=0):
    return "—" if x is None else f"{x:,.{digits}f}"


def _ms(us):
    return "—" if us is None else f"{us / 1000:.2f} ms"


def _status(ok):
    return "**met**" if ok else "**not met**"


def _load(run):
    return f"; load {run['load']:.1f}" if run.get("load") is not None else ""


def cores(run):
    """What the CPU did during a run: the cores the server and wrk used, and how many of the server's threads were
    ready to run but waiting for a core, on average (the machine's other work taking them)."""
    server, client, waiting = run.get("server_cores"), run.get("wrk_cores"), run.get("server_waiting_cores")
    text = f"the server used {_n(server, 2)} cores and wrk {_n(client, 2)} of the 2"
    if waiting is not None:
        text += f", while {_n(waiting, 2)} of the server's threads on average were ready but waiting for a core"
    return text + f" (load {_n(run.get('load'), 1)})"


def healthz(row, run, http):
    if not run:
        return
    if "error" in run:
        row("1a Trivial route", "failed: " + run["error"], "", "", "", "")
        return
    ceiling, base = (http or {}).get("rps"), (http or {}).get("cpu_us")
    share = run["rps"] / ceiling if ceiling else None
    ok = share is not None and share >= HEALTHZ_SHARE and run["status_errors"] == 0
    cpu = run.get("cpu_us")
    times = f" ({cpu / base:.1f} × 1's)" if cpu and base else ""
    limit = (f"CPU per request: {_n(cpu)} µs against the bridge's {_n(base)} µs (routing, security headers, the access log and "
             f"metrics on every request); {cores(run)}")
    row("1a Trivial route: the daemon's `GET /healthz` (no lock, no database), same wrk as 1",
        f"**{_n(run['rps'])} req/s**, p50 {_ms(run['p50_us'])}, p99 {_ms(run['p99_us'])}; server CPU {_n(cpu)} µs/req{times}{_load(run)}",
        f"{share * 100:.0f} % of 1" if share is not None else "—", f"≥ {HEALTHZ_SHARE * 100:.0f} % of 1", _status(ok), limit)


def queues(row, out, base_cpu):
    if not out:
        return
    if "error" in out:
        row("8 `GET /api/queues`", "failed: " + out["error"], "", "", "", "")
        return
    for i, run in enumerate(out["sizes"]):
        target = next((us for size, us in QUEUES_P99_US.items() if abs(run["waiting"] - size) <= size * 0.1), None)
        status = _status(run["p99_us"] <= target and run["status_errors"] == 0) if target else ""
        cpu = run.get("cpu_us")
        row(f"8{'abc'[i] if i < 3 else i} `GET /api/queues` (the boards' view, 30 windows open), wrk 1 thread × 4 connections, "
            f"{_n(run['waiting'])} tickets waiting",
            f"{_n(run['rps'])} req/s, p50 {_ms(run['p50_us'])}, **p99 {_ms(run['p99_us'])}**, max {_ms(run['max_us'])}; "
            f"{_n(run['bytes'])} bytes; server CPU {_n(cpu)} µs/req" + (f" ({cpu / base_cpu:.0f} × 1's)" if cpu and base_cpu else "") + _load(run),
            "—", f"p99 ≤ {target // 1000} ms" if target else "", status,
            f"CPU per request (the snapshot, the newcomer estimates from the hall's forecast, its JSON); {cores(run)}")


def replay(row, queues_out, replay_out):
    resync = (queues_out or {}).get("resync") if queues_out and "error" not in queues_out else None
    if resync:
        row(f"5a Reconnect {_n(resync['back'])} events back, default `--stream-buffer-bytes` (1 MiB), "
            f"{_n((queues_out['sizes'][-1] or {}).get('waiting'))} tickets waiting",
            f"**one `resync` event** (not a replay) after p50 {resync['p50_ms']:.2f} ms, max {resync['max_ms']:.2f} ms "
            f"({resync['runs']} reconnections)", "—", "", "",
            "the missed messages (about 450 bytes each) exceed the 1 MiB a stream may be behind: the client reloads its state instead")
    if not replay_out:
        return
    if "error" in replay_out:
        row("5b Replay of 5,000 events", "failed: " + replay_out["error"], "", "", "", "")
        return
    what = replay_out["what"]
    mib = replay_out["buffer_bytes"] / (1 << 20)
    result = (f"{_n(replay_out['events'])} events, {replay_out['bytes'] / 1e6:.1f} MB: last one after **p50 {replay_out['p50_ms']:.1f} ms**, "
              f"max {replay_out['max_ms']:.1f} ms ({replay_out['runs']} reconnections)") if what == "replay" else f"{what}, not a replay"
    row(f"5b Replay of {_n(replay_out['back'])} missed events to one stream within the buffer (`--stream-buffer-bytes` {mib:.0f} MiB)",
        result, "—", "(none set)", "", "copying the kept messages to one socket in 2 KB chunks, read by one Python client")


def during_history(row, out):
    if not out:
        return
    if "error" in out:
        row("6a Reads while history is read", "failed or skipped: " + out["error"], "", "", "", "")
        return
    alone, loaded, stats = out["alone"], out["loaded"], out["stats"]
    stats_text = (f"meanwhile {_n(stats.get('rps'), 1)} statistics/s answered, p50 {_ms(stats.get('p50_us'))}, p99 {_ms(stats.get('p99_us'))}, "
                  f"{_n(stats.get('status_errors'))} refused") if "requests" in stats else "statistics run failed"
    row(f"6a `GET /api/queues` (4 connections) while {out['clients']} clients ask without pause for a year's statistics by day "
        "(`/api/stats`, five-year database)",
        f"alone p50 {_ms(alone['p50_us'])}, p99 {_ms(alone['p99_us'])}; **with history p50 {_ms(loaded['p50_us'])}, p99 "
        f"{_ms(loaded['p99_us'])}**, max {_ms(loaded['max_us'])}; {stats_text}{_load(loaded)}",
        "—", "(none set: reads must not queue behind history)", "",
        f"the reports lane runs two history queries at a time on threads of their own, so the workers stay free; what a quick "
        f"read waits for is a core: {cores(loaded)}")
