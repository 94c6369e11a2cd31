"""Rows of the results table for the bureau of many halls on PostgreSQL (benchlib/bureau.py): measure 9."""

from .bureau import QUERY_P99_MS
from .report_reads import cores

QUERIES = (
    ("dashboard", "9a `GET /api/bureau/dashboard` (every hall now, its day so far)", True),
    ("stats", "9b `GET /api/bureau/stats`, one year of all halls", True),
    ("stats_csv", "9c Same as CSV (`/api/bureau/stats.csv`)", True),
    ("heatmap", "9d `GET /api/bureau/heatmap`, one year of all halls (weekday × hour)", False),
    ("finder", "9e `GET /api/halls` (the public hall finder)", True),
    ("finder_service", "9f `GET /api/halls?service=A` (with the best hall now)", True),
)


def _n(x, digits=0):
    return "—" if x is None else f"{x:,.{digits}f}"


def _ms(us):
    return "—" if us is None else f"{us / 1000:.1f} ms"


def rows(row, out):
    if not out:
        return
    if "error" in out:
        row("9 Bureau of 50 halls on PostgreSQL", "failed: " + out["error"], "", "", "", "")
        return
    ship, copy = out["ship"], out["copy"]
    real = ship["halls"]
    history = "one simulated year" if out["days"] == 365 else f"{out['days']} simulated days (BENCH_QUICK)"
    row(f"9 Bureau: {history} of a hall ({_n(ship['events_per_hall'])} journal rows) shipped into PostgreSQL "
        f"{out['postgres_version']} by {real} hall daemon{'s' if real > 1 else ''} at once through the real shipper (`[bureau]`, "
        "batches of 2,000)",
        f"**{_n(ship['events_per_second'])} events/s** ({_n(ship['timed_events'])} rows in {ship['seconds']:.1f} s); hall CPU "
        f"{_n(ship['hall_cpu_us_per_event'], 1)} µs/event, PostgreSQL CPU {_n(ship['postgres_cpu_us_per_event'], 1)} µs/event; "
        f"load {ship['load']:.1f}",
        "—", "(none set)", "",
        f"CPU per event on both sides: the halls used {_n(ship['hall_cores'], 2)} cores ({_n(ship['hall_waiting_cores'], 2)} of their threads "
        f"waiting for a core on average) and PostgreSQL {_n(ship['postgres_cores'], 2)} of the 2 ({_n(ship.get('postgres_waiting_cores'), 2)} "
        "of its processes waiting); one shipper thread per hall, one batch "
        "in flight: read from SQLite, then one PostgreSQL transaction (rows, three rollups, progress, status)")
    row(f"9′ The other {copy['copied_halls']} halls: hall 1's shipped rows copied inside PostgreSQL under their own hall ids (INSERT … SELECT)",
        f"{_n(copy['halls'])} halls, {_n(copy['events'])} journal rows, {_n(copy['hall_day_rows'])} hall-day and {_n(copy['hour_rows'])} hour "
        f"rollup rows, {copy['database_bytes'] / 1e9:.1f} GB; copy {copy['copy_seconds']:.0f} s, VACUUM ANALYZE {copy['vacuum_seconds']:.0f} s",
        "—", "", "", "not a shipping figure: the rollups copied are the ones the shipper built from hall 1's events, so they equal "
        "what shipping the same events under another id makes")
    for key, label, targeted in QUERIES:
        run = out["runs"].get(key)
        if not run:
            continue
        p99 = run["p99_us"] / 1000
        alone = run.get("alone") or {}
        ok = p99 <= QUERY_P99_MS and run["status_errors"] == 0 and run["socket_errors"] == 0 and not alone.get("status_errors")
        bureau_cpu, pg_cpu = run.get("cpu_us"), run.get("postgres_cpu_us")
        limit = (f"CPU per request: the bureau {_ms(bureau_cpu)}, PostgreSQL {_ms(pg_cpu)}; {cores(run)}; PostgreSQL used "
                 f"{_n(run.get('postgres_cores'), 2)} cores, {_n(run.get('postgres_waiting_cores'), 2)} of its processes waiting for a core")
        explain = (out.get("explain") or {}).get(key)
        if explain and explain.get("execution_ms") is not None:
            workers = f" and {explain['workers']} parallel workers" if explain.get("workers") else ""
            why = "whole months from the month rollups, the days at either end from the day or hour rollups"
            limit += (f"; the query alone (EXPLAIN ANALYZE) {explain['execution_ms']:.1f} ms: {explain.get('scan')} "
                      f"({_n(explain.get('scan_rows'))} rows summed{workers}; {why})")
        row(f"{label}, wrk 1 thread × {out['connections']} connections",
            f"{_n(run['rps'], 1)} req/s, p50 {_ms(run['p50_us'])}, **p99 {_ms(run['p99_us'])}**, max {_ms(run['max_us'])}; "
            f"one connection alone: p50 {_ms(alone.get('p50_us'))}, p99 {_ms(alone.get('p99_us'))}; "
            f"{_n(run['requests'])} requests, {_n(run['bytes'])} bytes" + (f", {run['status_errors']} not 200" if run["status_errors"] else "")
            + f"; load {run.get('load', 0):.1f}",
            "—", f"p99 ≤ {QUERY_P99_MS} ms" if targeted else "(none set)", ("**met**" if ok else "**not met**") if targeted else "", limit)


def section(out):
    """The plans of the two year-long queries, under the table."""
    if not out or "error" in out or not out.get("explain"):
        return []
    lines = ["", f"## 9 Bureau: query plans ({out['from']} … {out['to']}, all halls)", ""]
    for key, text in (("stats", "statistics (`bureau_hall_months` and the days at either end)"),
                      ("heatmap", "heatmap (`bureau_hour_months` and the days at either end)")):
        plan = out["explain"][key]
        lines += [f"The {text}, first lines of EXPLAIN (ANALYZE, BUFFERS):", "", "```", plan["plan"], "```", ""]
    return lines
