"""Starting the daemon and the ceilings, reading their memory, and running wrk."""

import functools
import json
import os
import resource
import select
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request

LUA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lua")


class Daemon:
    """A server process started for one measure; its port is read from its "… listening on HOST:PORT" line."""

    def __init__(self, argv, banner, timeout=60):
        self.argv, self.banner, self.timeout = argv, banner, timeout

    @classmethod
    def hallqd(cls, hallqd, config, db, web_root, extra=()):
        """The daemon as a hall runs it: default log level, so every request is in the access log (to a file here).
        Every load comes from this one address, so a daemon that caps connections per address is told not to."""
        lifted = ["--max-connections-per-address", "0"] if "--max-connections-per-address" in serve_help(hallqd) else []
        return cls([hallqd, "serve", "--config", config, "--db", db, "--port", "0", "--web-root", web_root, *lifted, *extra],
                   "hallqd listening on")

    def __enter__(self):
        # stderr to a file (a full pipe would stall the server), stdout read for the banner and then drained
        self.errors = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=self.errors, text=True)
        deadline = time.monotonic() + self.timeout
        line = ""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 1)
            if ready:
                line = self.proc.stdout.readline()
                if self.banner in line:
                    self.port = int(line.strip().rsplit(":", 1)[1])
                    self.pid = self.proc.pid
                    threading.Thread(target=self.proc.stdout.read, daemon=True).start()
                    return self
                if not line and self.proc.poll() is not None:
                    break
        self.proc.kill()
        self.errors.seek(0)
        raise RuntimeError(f"{os.path.basename(self.argv[0])} did not start: {line!r} {self.errors.read()[-600:]}")

    def __exit__(self, *_):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.errors.close()


@functools.lru_cache(maxsize=None)
def serve_help(hallqd):
    """`hallqd serve --help`: which options this build of the daemon has."""
    return subprocess.run([hallqd, "serve", "--help"], capture_output=True, text=True).stdout


def daemon_rss(pid, field="VmRSS"):
    """Resident memory of a process in MB (VmRSS now, VmHWM the peak, RssAnon without mapped files such as libraries)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


def cpu_seconds(pid):
    """User + system CPU time a process has used so far (all its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_queue_seconds(pid):
    """Seconds the process's threads (those alive now) have spent runnable but waiting for a core (schedstat)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            pass
    return total / 1e9


def run_wrk(port, script, path, threads, connections, seconds, args=(), pid=None):
    """wrk with one of bench/lua's scripts; returns the JSON line its done() prints, with requests per second added and,
    given the server's pid, the server's CPU time per request (which other load on a shared machine barely changes), the
    cores it used, and how many of its threads were runnable but waiting for a core, on average."""
    cpu = cpu_seconds(pid) if pid else None
    waited = run_queue_seconds(pid) if pid else None
    client = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", os.path.join(LUA, script),
           f"http://127.0.0.1:{port}{path}"]
    if args:
        cmd += ["--", *args]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    for line in r.stdout.splitlines():
        if line.startswith("WRKJSON "):
            out = json.loads(line[len("WRKJSON "):])
            out["rps"] = out["requests"] / out["seconds"] if out["seconds"] else 0
            if pid and out["requests"]:
                out["cpu_us"] = (cpu_seconds(pid) - cpu) * 1e6 / out["requests"]
                out["server_cores"] = out["cpu_us"] * out["rps"] / 1e6
                # threads ready to run but not running, on average: the CPU the machine did not give the server
                out["server_waiting_cores"] = (run_queue_seconds(pid) - waited) / out["seconds"]
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = after.ru_utime + after.ru_stime - client.ru_utime - client.ru_stime
            out["wrk_cores"] = used / out["seconds"] if out["seconds"] else None
            out["load"] = float(open("/proc/loadavg").read().split()[0])
            return out
    raise RuntimeError(f"wrk gave no figures: {r.stdout[-400:]} {r.stderr[-400:]}")


def waiting_count(port):
    """Tickets waiting in the hall now (`GET /api/queues`)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/queues", timeout=60) as r:
        return json.load(r)["totalWaiting"]


def fill(port, target, threads=2):
    """Takes tickets with wrk (`lua/fill.lua`) until about `target` wait; returns how many wait and how long it took.
    Each wrk thread stops at its share; wrk itself is stopped (SIGINT) once the hall has them or stops growing."""
    started = time.monotonic()
    need = target - waiting_count(port)
    if need <= 0:
        return {"waiting": waiting_count(port), "seconds": 0.0}
    connections = max(threads, min(32, need // 50))  # replies in flight when a thread stops are the overshoot
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", "-d600s", "--timeout", "10s", "-s", os.path.join(LUA, "fill.lua"),
           f"http://127.0.0.1:{port}/api/tickets", "--", str(-(-need // threads))]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    last, still_since = -1, time.monotonic()
    while proc.poll() is None:
        time.sleep(0.1)
        now = waiting_count(port)
        if now >= target or time.monotonic() - still_since > 2:
            break
        if now != last:
            last, still_since = now, time.monotonic()
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    time.sleep(0.2)  # the last replies in flight
    return {"waiting": waiting_count(port), "seconds": time.monotonic() - started}


def commit_counters(port):
    """The daemon's commits so far and the changes (journal rows) they carried, from its metrics."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=60) as r:
        text = r.read().decode()
    values = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in ("hallq_commit_batch_size_count", "hallq_commit_batch_size_sum", "hallq_commit_duration_seconds_sum"):
            values[name] = float(value)
    return values


def commits_between(before, after):
    """Commits, changes per commit and the mean commit time between two readings of commit_counters."""
    commits = after.get("hallq_commit_batch_size_count", 0) - before.get("hallq_commit_batch_size_count", 0)
    if commits <= 0:
        return {}
    changes = after.get("hallq_commit_batch_size_sum", 0) - before.get("hallq_commit_batch_size_sum", 0)
    seconds = after.get("hallq_commit_duration_seconds_sum", 0) - before.get("hallq_commit_duration_seconds_sum", 0)
    return {"commits": int(commits), "changes_per_commit": changes / commits, "commit_ms": seconds * 1000 / commits}
