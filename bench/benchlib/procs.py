"""Starting the daemon and the ceilings, reading their memory, and running wrk."""

import json
import os
import select
import signal
import subprocess
import tempfile
import threading
import time

LUA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lua")


class Daemon:
    """A server process started for one measure; its port is read from its "… listening on HOST:PORT" line."""

    def __init__(self, argv, banner, timeout=60):
        self.argv, self.banner, self.timeout = argv, banner, timeout

    @classmethod
    def hallqd(cls, hallqd, config, db, web_root, extra=()):
        return cls([hallqd, "serve", "--config", config, "--db", db, "--port", "0", "--web-root", web_root,
                    "--log-level", "warning", *extra], "hallqd listening on")

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


def run_wrk(port, script, path, threads, connections, seconds, args=(), pid=None):
    """wrk with one of bench/lua's scripts; returns the JSON line its done() prints, with requests per second added and,
    given the server's pid, the server's CPU time per request (which other load on a shared machine barely changes)."""
    cpu = cpu_seconds(pid) if pid else None
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
            return out
    raise RuntimeError(f"wrk gave no figures: {r.stdout[-400:]} {r.stderr[-400:]}")
