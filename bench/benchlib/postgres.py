"""A throwaway PostgreSQL cluster for the bureau's measure, started as the tests and `make bureau-demo` start theirs:
initdb in a temporary folder, run by an unprivileged account when we are root, listening on a loopback port only."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_bin():
    """The newest PostgreSQL's server programs (Debian keeps them in /usr/lib/postgresql/VERSION/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: [int(x) for x in p.split("/")[4].split(".") if x.isdigit()])
    return os.path.dirname(found[-1]) if found else None


class PostgresCluster:
    """`with PostgresCluster() as pg:` a cluster with one database, `bureau`; `pg.url` for the halls and the bureau,
    `pg.sql(text)` to run SQL through psql, `pg.pid` the postmaster (its children are the server's processes).
    Removed, folder and all, on leaving."""

    def __init__(self):
        self.bin = server_bin()
        if not self.bin:
            raise RuntimeError("PostgreSQL's server programs are missing (Debian's postgresql): run make deps")

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="hallq-bench-pg-")
        os.chmod(self.dir, 0o755)
        self.socket_dir = os.path.join(self.dir, "socket")
        os.makedirs(self.socket_dir)
        self.as_user = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.socket_dir, "nobody")
            os.makedirs(os.path.join(self.dir, "pg"))
            shutil.chown(os.path.join(self.dir, "pg"), "nobody")
            self.as_user = ["runuser", "-u", "nobody", "--"]
        self.data = os.path.join(self.dir, "pg", "data")
        self.port = _free_port()
        try:
            self._run("initdb", "-D", self.data, "-U", "hallq", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
            self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "pg", "server.log"), "-w", "-o",
                      f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1", "start")
            self._run("createdb", "-h", self.socket_dir, "-p", str(self.port), "-U", "hallq", "bureau")
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                self.pid = int(f.readline())
        except BaseException:
            self.__exit__()
            raise
        self.url = f"postgresql://hallq@127.0.0.1:{self.port}/bureau"
        return self

    def __exit__(self, *_):
        subprocess.run(self.as_user + [os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def _run(self, program, *args):
        r = subprocess.run(self.as_user + [os.path.join(self.bin, program), *args], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"{program} failed: {(r.stderr or r.stdout).strip()[-400:]}")

    def sql(self, *texts, timeout=900):
        """Runs each text (one or more statements, in one transaction) through psql in turn; returns the output,
        unaligned and without headers."""
        commands = [arg for text in texts for arg in ("-c", text)]
        r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port), "-U", "hallq",
                            "-d", "bureau", *commands], capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0:
            raise RuntimeError(f"psql failed: {r.stderr.strip()[-600:]}")
        return r.stdout.strip()

    def server_pids(self):
        """The postmaster and every process it started (backends, the WAL writer, checkpointer, autovacuum)."""
        pids = [self.pid]
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                with open(stat) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.pid:
                    pids.append(int(stat.split("/")[2]))
            except (OSError, IndexError, ValueError):
                pass
        return pids

    def cpu_seconds(self):
        """CPU time the server's processes have used so far: those alive now, and the postmaster's children that ended
        (its cutime and cstime)."""
        total = 0.0
        for pid in self.server_pids():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if pid == self.pid else 0)
                total += ticks / os.sysconf("SC_CLK_TCK")
            except (OSError, IndexError, ValueError):
                pass
        return total

    def waiting_seconds(self):
        """Seconds the server's processes alive now have spent ready to run but waiting for a core (schedstat)."""
        total = 0
        for pid in self.server_pids():
            try:
                with open(f"/proc/{pid}/schedstat") as f:
                    total += int(f.read().split()[1])
            except (OSError, IndexError, ValueError):
                pass
        return total / 1e9
