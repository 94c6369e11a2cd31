"""Measure 9 of bench/README.md: the bureau of many halls on PostgreSQL.

A throwaway PostgreSQL cluster and the bureau service (`hallqd bureau`, which creates its tables); one year of a
simulated hall (`hallqd simulate`, made once and kept in the temp folder) shipped into it by real hall daemons
through their real shipper (a `[bureau]` table, one hall id each), timed in events per second; the rest of the 50
halls filled inside PostgreSQL with the same rows under other hall ids (INSERT … SELECT: events, the three rollup
tables the shipper maintains, progress, profile, status); then the bureau's queries under wrk."""

import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import time
import urllib.request

from .postgres import PostgresCluster
from .procs import Daemon, cpu_seconds, run_queue_seconds, run_wrk

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCH)
HALLS = 50
SEED = 1
PASSWORD = "bench-bureau"
CONNECTIONS = 4  # as many as the bureau's pool (and its HTTP workers)
QUERY_P99_MS = 100
# The hall tables that hold rows per hall: all copied under the other hall ids (the month rollups are not: their
# triggers add the copied day and hour rollups up, as they do for the shipper's).
PER_HALL_TABLES = ("bureau_halls", "bureau_progress", "bureau_status", "bureau_events", "bureau_hour_rollups", "bureau_day_rollups",
                   "bureau_hall_days")


def year_database(hallqd, days, log):
    """One hall's `days` of simulated history (the demo hall, seed 1), made once and reused from the temp folder."""
    folder = os.path.join(os.environ.get("TMPDIR", "/tmp"), "hallq-bench")
    os.makedirs(folder, exist_ok=True)
    db = os.path.join(folder, f"bureau-{days}d-seed{SEED}.sqlite")
    if not os.path.exists(db):
        log(f"bureau: simulating {days} days of one hall into {db} (once; later runs reuse it)")
        partial = db + ".partial"
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(partial + suffix):
                os.remove(partial + suffix)
        r = subprocess.run([hallqd, "simulate", "--days", str(days), "--seed", str(SEED), "--config", os.path.join(ROOT, "config", "demo-hall.toml"),
                            "--db", partial], capture_output=True, text=True, check=True)
        with open(db + ".info", "w") as f:
            f.write(r.stdout.strip() + "\n")
        os.rename(partial, db)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        events = c.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
    return db, events


def hall_config(tmp, hall_id, url):
    path = os.path.join(tmp, f"{hall_id}.toml")
    with open(os.path.join(ROOT, "config", "demo-hall.toml"), encoding="utf-8") as f:
        text = f.read()
    n = int(hall_id.rsplit("-", 1)[1])
    text += (f'\n[bureau]\npostgres_url = "{url}"\nhall_id = "{hall_id}"\nshort_name_zh = "第{n}厅"\nshort_name_en = "Hall {n}"\n'
             f'address_zh = "中关村大街 {n} 号"\naddress_en = "{n} Zhongguancun Street"\n')
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def hall_id(n):
    return f"hall-{n:02d}"


def ship(hallqd, pg, source, events, real, tmp, log):
    """`real` hall daemons, each on its own copy of the year, ship it at once; timed from their start until the bureau
    holds every row. CPU of the halls and of PostgreSQL over the same span."""
    log(f"bureau: {real} hall(s) shipping {events:,} events each into PostgreSQL")
    daemons = []
    try:
        for n in range(1, real + 1):
            db = os.path.join(tmp, f"bureau-{hall_id(n)}.sqlite")
            shutil.copyfile(source, db)
            daemons.append(Daemon.hallqd(hallqd, hall_config(tmp, hall_id(n), pg.url), db, ROOT).__enter__())
        total = events * real
        shipped = lambda: int(pg.sql("SELECT COALESCE(SUM(events), 0) FROM bureau_progress") or 0)  # noqa: E731
        start, at_start = time.monotonic(), shipped()
        hall_cpu = sum(cpu_seconds(d.pid) for d in daemons)
        hall_wait = sum(run_queue_seconds(d.pid) for d in daemons)
        pg_cpu, pg_waited = pg.cpu_seconds(), pg.waiting_seconds()
        now = at_start
        while now < total:
            if time.monotonic() - start > 1200:
                raise RuntimeError(f"shipping stalled: {now:,} of {total:,} events after 20 minutes")
            time.sleep(0.5)
            now = shipped()
        seconds = time.monotonic() - start
        held = int(pg.sql("SELECT count(*) FROM bureau_events"))
        if held != total:  # the progress rows count what was committed; the journal rows themselves must agree
            raise RuntimeError(f"the bureau holds {held:,} journal rows, the halls shipped {total:,}")
        out = {
            "halls": real, "events_per_hall": events, "events": total, "timed_events": total - at_start, "seconds": seconds,
            "events_per_second": (total - at_start) / seconds,
            "hall_cores": (sum(cpu_seconds(d.pid) for d in daemons) - hall_cpu) / seconds,
            "hall_waiting_cores": (sum(run_queue_seconds(d.pid) for d in daemons) - hall_wait) / seconds,
            "postgres_cores": (pg.cpu_seconds() - pg_cpu) / seconds,
            "postgres_waiting_cores": (pg.waiting_seconds() - pg_waited) / seconds,
            "load": float(open("/proc/loadavg").read().split()[0]),
        }
        out["hall_cpu_us_per_event"] = out["hall_cores"] * seconds * 1e6 / out["timed_events"]
        out["postgres_cpu_us_per_event"] = out["postgres_cores"] * seconds * 1e6 / out["timed_events"]
        return out
    finally:
        for d in daemons:
            d.__exit__()


def copy_halls(pg, real, log):
    """Fills halls real+1 … 50 with hall 1's rows under their own ids, in every table that holds rows per hall: the
    same events, and the rollups the shipper maintained from them (so they are what shipping those events would make).
    WAL settings relaxed for the copy only (reloaded back after), then VACUUM ANALYZE, as autovacuum would."""
    copies = HALLS - real
    log(f"bureau: copying hall 1's rows to {copies} more halls inside PostgreSQL")
    pg.sql("ALTER SYSTEM SET full_page_writes = off", "ALTER SYSTEM SET max_wal_size = '16GB'", "ALTER SYSTEM SET checkpoint_timeout = '1h'",
           "SELECT pg_reload_conf()")
    statements = [f"CREATE TEMP TABLE copies AS SELECT format('hall-%s', lpad(n::text, 2, '0')) AS hall_id "
                  f"FROM generate_series({real + 1}, {HALLS}) n"]
    for table in PER_HALL_TABLES:
        columns = pg.sql(f"SELECT string_agg(quote_ident(column_name), ',' ORDER BY ordinal_position) FROM information_schema.columns "
                         f"WHERE table_name = '{table}' AND column_name <> 'hall_id'").split(",")
        chosen = [("jsonb_set(src.profile, '{hallID}', to_jsonb(c.hall_id))" if col == "profile" else f"src.{col}") for col in columns]
        statements.append(f"INSERT INTO {table} (hall_id, {', '.join(columns)}) SELECT c.hall_id, {', '.join(chosen)} "
                          f"FROM copies c CROSS JOIN {table} src WHERE src.hall_id = '{hall_id(1)}'")
    started = time.monotonic()
    pg.sql("BEGIN; " + "; ".join(statements) + "; COMMIT", timeout=1800)
    copy_seconds = time.monotonic() - started
    pg.sql("CHECKPOINT", timeout=600)
    pg.sql("ALTER SYSTEM RESET full_page_writes", "ALTER SYSTEM RESET max_wal_size", "ALTER SYSTEM RESET checkpoint_timeout",
           "SELECT pg_reload_conf()")
    started = time.monotonic()
    pg.sql("VACUUM ANALYZE", timeout=1800)
    vacuum_seconds = time.monotonic() - started
    counts = pg.sql("SELECT (SELECT count(*) FROM bureau_halls), (SELECT count(*) FROM bureau_events), (SELECT count(*) FROM bureau_hall_days), "
                    "(SELECT count(*) FROM bureau_hour_rollups), pg_database_size('bureau')").split("|")
    return {"copied_halls": copies, "copy_seconds": copy_seconds, "vacuum_seconds": vacuum_seconds, "halls": int(counts[0]),
            "events": int(counts[1]), "hall_day_rows": int(counts[2]), "hour_rows": int(counts[3]), "database_bytes": int(counts[4])}


def login(port, hallqd, pg):
    subprocess.run([hallqd, "bureau-manager", "--postgres", pg.url, "bench"], input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/bureau/login", data=json.dumps({"user": "bench", "password": PASSWORD}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.load(r)["token"]


def body_size(port, path, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers), timeout=60) as r:
        return len(r.read())


def whole_months(first_day, last_day):
    """The whole months inside first_day…last_day, as HallDays.wholeMonths: (first, after) as dates."""
    start, end = datetime.date.fromisoformat(first_day), datetime.date.fromisoformat(last_day) + datetime.timedelta(days=1)
    first = start if start.day == 1 else (start.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return first.isoformat(), end.replace(day=1).isoformat()


def explain(pg, sql):
    """EXPLAIN ANALYZE of one of the bureau's queries: its execution time and its plan's first lines."""
    plan = pg.sql("EXPLAIN (ANALYZE, BUFFERS) " + sql)
    lines = plan.splitlines()
    execution = next((float(line.split(":")[1].split()[0]) for line in lines if line.strip().startswith("Execution Time")), None)
    # the scans that read rows (a bitmap index scan only finds them for the heap scan above it)
    scans = [line.strip().lstrip("-> ").strip() for line in lines if " Scan on " in line and "Bitmap Index Scan" not in line]
    kinds = [scan.split("  (")[0] for scan in scans]
    counts = [re.search(r"actual time=[^)]* rows=(\d+) loops=(\d+)", scan) for scan in scans]
    rows = sum(int(c[1]) * int(c[2]) for c in counts if c) if any(counts) else None
    return {"execution_ms": execution, "scan": " + ".join(kinds), "scan_rows": rows,
            "workers": next((int(line.split(":")[1]) for line in lines if "Workers Launched" in line), 0), "plan": "\n".join(lines[:14])}


def queries(hallqd, pg, seconds, log):
    """The bureau's reads under wrk: one connection alone (one user's latency), then 1 thread × 4 connections (as many as
    the bureau's pool), with the bureau's and PostgreSQL's CPU per request."""
    last_day = pg.sql("SELECT max(day) FROM bureau_hall_days")
    first_day = (datetime.date.fromisoformat(last_day) - datetime.timedelta(days=364)).isoformat()
    year = f"from={first_day}&to={last_day}"
    # Every hall counts as reporting now (as in a bureau whose halls all run): statuses stamped now, and a staleness limit
    # longer than the run, so the finder weighs every hall for "best hall now".
    pg.sql("UPDATE bureau_status SET reported_at = now()")
    argv = [hallqd, "bureau", "--postgres", pg.url, "--host", "127.0.0.1", "--port", "0", "--web-root", ROOT, "--stale-after-seconds", "3600"]
    out = {"from": first_day, "to": last_day, "connections": CONNECTIONS, "runs": {}}
    with Daemon(argv, "hallqd bureau listening on") as bureau:
        token = login(bureau.port, hallqd, pg)
        requests = [
            ("dashboard", "/api/bureau/dashboard", token),
            ("stats", f"/api/bureau/stats?{year}", token),
            ("stats_csv", f"/api/bureau/stats.csv?{year}", token),
            ("heatmap", f"/api/bureau/heatmap?{year}", token),
            ("finder", "/api/halls", None),
            ("finder_service", "/api/halls?service=A", None),
        ]
        for name, path, auth in requests:
            log(f"bureau: GET {path}")
            size = body_size(bureau.port, path, auth)
            run_wrk(bureau.port, "get.lua", path, threads=1, connections=CONNECTIONS, seconds=1, args=[auth or ""])  # warm-up
            alone = run_wrk(bureau.port, "get.lua", path, threads=1, connections=1, seconds=max(2, seconds // 2), args=[auth or ""])
            pg_cpu, pg_waited = pg.cpu_seconds(), pg.waiting_seconds()
            r = run_wrk(bureau.port, "get.lua", path, threads=1, connections=CONNECTIONS, seconds=seconds, args=[auth or ""], pid=bureau.pid)
            if r["requests"]:
                r["postgres_cpu_us"] = (pg.cpu_seconds() - pg_cpu) * 1e6 / r["requests"]
                r["postgres_cores"] = r["postgres_cpu_us"] * r["rps"] / 1e6
                r["postgres_waiting_cores"] = (pg.waiting_seconds() - pg_waited) / r["seconds"]
            r.update(path=path, bytes=size, alone={k: alone[k] for k in ("requests", "p50_us", "p99_us", "max_us", "status_errors")})
            out["runs"][name] = r
    halls = "NULL"
    first, after = whole_months(first_day, last_day)
    out["explain"] = {
        # the shape of BureauReader's queries: whole months from the month rollups, the days at either end from the day rows
        "stats": explain(pg, "SELECT hall_id, service, sum(arrivals), sum(served), sum(wait_sum) FROM ("
                             "SELECT hall_id, service, arrivals, served, wait_sum FROM bureau_hall_months "
                             f"WHERE month >= '{first}' AND month < '{after}' AND ({halls}::text[] IS NULL OR hall_id = ANY({halls}::text[])) "
                             "UNION ALL SELECT hall_id, service, arrivals, served, wait_sum FROM bureau_hall_days "
                             f"WHERE day BETWEEN '{first_day}'::date AND '{last_day}'::date AND (day < '{first}' OR day >= '{after}') "
                             f"AND ({halls}::text[] IS NULL OR hall_id = ANY({halls}::text[]))) r "
                             "GROUP BY hall_id, service ORDER BY hall_id, service"),
        "heatmap": explain(pg, "SELECT weekday, hour, sum(arrivals), sum(wait_sum) FROM ("
                               "SELECT weekday, hour, arrivals, wait_sum FROM bureau_hour_months "
                               f"WHERE month >= '{first}' AND month < '{after}' "
                               "UNION ALL SELECT weekday, hour, arrivals, wait_sum FROM bureau_hour_rollups "
                               f"WHERE day BETWEEN '{first_day}'::date AND '{last_day}'::date AND (day < '{first}' OR day >= '{after}')) r "
                               "GROUP BY weekday, hour ORDER BY weekday, hour"),
    }
    return out


def measure(hallqd, tmp, quick, seconds, log):
    days = 30 if quick else 365
    real = int(os.environ.get("BENCH_BUREAU_REAL_HALLS", "2"))
    source, events = year_database(hallqd, days, log)
    with PostgresCluster() as pg:
        log(f"bureau: PostgreSQL on 127.0.0.1:{pg.port}; the bureau creates its tables")
        with Daemon([hallqd, "bureau", "--postgres", pg.url, "--host", "127.0.0.1", "--port", "0", "--web-root", ROOT], "hallqd bureau listening on"):
            pass  # applies the migrations, which halls need before they ship
        out = {"days": days, "postgres_version": pg.sql("SHOW server_version").split()[0]}
        out["ship"] = ship(hallqd, pg, source, events, real, tmp, log)
        out["copy"] = copy_halls(pg, real, log)
        out.update(queries(hallqd, pg, seconds, log))
        return out
