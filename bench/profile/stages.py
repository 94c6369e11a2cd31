#!/usr/bin/env python3
"""Attributes the samples of a `perf record -g` of hallqd to the stages of a request: decode, issuing gate, domain,
estimate, commit, publish, encode, log, metrics, HTTP, and prints a Markdown table with the CPU each stage costs per
request (sample period × samples ÷ requests).

    perf script -i perf.data | stages.py --requests N [--sources DIR ...] [--detail 8]

Input is `perf script` output, mangled or demangled (it is run through `swift-demangle --simplified` when that is on
PATH). A sample goes to the highest stage in STAGES that any frame of its call stack belongs to: a wait estimate
made while rendering a live message counts as estimate, JSON written for that message as publish, the reply's JSON as
encode. Frames are matched by their Swift type (`HallStore.write` → HallStore, declared in Sources/HallStore) or
library (libsqlite3, libmicrohttpd); which module declares a type is read from the Swift sources given with --sources
(the project's Sources and the dependencies' checkouts). Samples with no frame that names a stage are split by where
they are: kernel only (scheduling, network, files), or runtime and libc frames whose callers the frame-pointer unwind
lost ("unattributed").
Standard library only.
"""

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys

# Highest first: a sample goes to the first stage any of its frames belongs to.
STAGES = [
    ("estimate", "wait estimate (forecast or line-rate formula)"),
    ("publish", "publish: render the live message, append to the event log, wake streams"),
    ("log", "access log"),
    ("metrics", "metrics"),
    ("commit", "commit: SQLite transaction (journal, ticket row, rollups) and its fsync"),
    ("decode", "decode: content type, JSON body"),
    ("encode", "encode: the reply's view and JSON"),
    ("gate", "issuing gate: opening hours and limits"),
    ("domain", "domain: issue the ticket in the hall (numbering, lines, day rollover)"),
    ("service", "hall service: lock, group-commit queue, hand-offs"),
    ("http", "HTTP: libmicrohttpd, routing, sockets"),
]

# Types (and functions) named explicitly; everything else is decided by the module that declares the type.
BY_NAME = {
    "estimate": ["WaitEstimatorService", "WaitEstimator", "WaitForecast", "Playout"],
    "publish": ["EventHub", "EventRendering", "EventLog", "ServerSentEvent", "EventStream", "EventView", "RecentCall"],
    "log": ["AccessLog", "StreamLogHandler", "Logger", "MultiplexLogHandler"],
    "metrics": ["HallMetrics", "Metrics"],  # Metrics: the counters before swift-prometheus
    "decode": ["IssueRequest", "JSONDecoder", "JSONDecoderImpl", "RouteContext.body", "RouteContext.isJSON"],
    "encode": ["HallAPI.view", "TicketView", "JSONText", "JSONEncoder", "json"],
    "gate": ["HallAPI.admit", "HallAPI.checkPriority", "IssuingHours", "OpeningText", "AddressBuckets", "TokenBucket"],
    "service": ["HallService"],
    "http": ["HallAPI.handle", "HallAPI.run", "Router", "RouteContext", "SecurityHeaders", "ActivityMonitor"],
}
BY_MODULE = {
    "HallCore": "domain", "HallStore": "commit", "GRDB": "commit", "HTTPServer": "http", "Prometheus": "metrics",
    "CoreMetrics": "metrics", "Metrics": "metrics", "Logging": "log",
}
BY_LIBRARY = {"libsqlite3": "commit", "libmicrohttpd": "http"}
# Runtime and allocator frames: they say nothing about the stage, their callers do.
RUNTIME = re.compile(r"^(swift_|_swift|__swift|malloc|_int_|free|cfree|realloc|calloc|__mem|__str|pthread_|__GI_|__lll|"
                     r"__pthread|_dl_|operator new|operator delete|\[unknown\])")
# A system call whose caller was not unwound (libc has no frame pointers): who makes it.
SYSCALLS = [(r"__libc_p(write|read)|fdatasync|fsync", "commit"), (r"__libc_(sendmsg|send|recv)|epoll_|accept4?|writev", "http"),
            (r"_IO_|__libc_write|__tzfile", "log")]
DECLARATION = re.compile(r"^\s*(?:public |internal |private |fileprivate |final |open |package |@\w+ )*"
                         r"(?:struct|class|enum|actor|protocol|extension)\s+([A-Z]\w*)", re.M)
TYPE_IN_NAME = re.compile(r"\b([A-Z]\w*)\.(\w+)")
CONFORMANCE = re.compile(r"in conformance ([A-Z]\w*)")
FRAME = re.compile(r"^\s*[0-9a-f]+ (.*?)(?:\+0x[0-9a-f]+)? \((.*)\)$")
HEADER = re.compile(r"^\S.*?\s(\d+)\s+[\d.]+:\s+(\d+)\s+(\S+):")


def modules_of_types(roots):
    """Type name → module, from `struct/class/enum/... Name` in the Swift files under each root (a module is the
    folder under Sources/, or the checkout's name)."""
    types = {}
    for root in roots:
        for folder, _, files in os.walk(root):
            if ".build" in folder.split(os.sep) or "Tests" in folder.split(os.sep):
                continue
            parts = folder.split(os.sep)
            module = parts[parts.index("Sources") + 1] if "Sources" in parts and parts.index("Sources") + 1 < len(parts) else None
            if not module:
                continue
            for name in files:
                if name.endswith(".swift"):
                    text = open(os.path.join(folder, name), encoding="utf-8", errors="replace").read()
                    for t in DECLARATION.findall(text):
                        types.setdefault(t, module)
    return types


class Classifier:
    def __init__(self, types):
        self.types = types
        self.rank = {stage: i for i, (stage, _) in enumerate(STAGES)}
        self.cache = {}

    def frame_stage(self, symbol, library):
        key = (symbol, library)
        if key not in self.cache:
            self.cache[key] = self._frame_stage(symbol, library)
        return self.cache[key]

    def _frame_stage(self, symbol, library):
        for lib, stage in BY_LIBRARY.items():
            if lib in library:
                return stage
        body = re.sub(r"\(.*", "", symbol.split(" in conformance ")[0])  # the name, not its argument list
        qualified = TYPE_IN_NAME.findall(body)
        names = [f"{t}.{m}" for t, m in qualified] + [t for t, _ in qualified] + CONFORMANCE.findall(symbol)
        bare = re.findall(r"(?:^|\s)(json)\(", symbol)
        best = None
        for stage, listed in BY_NAME.items():
            if any(n in listed for n in names + bare):
                best = stage if best is None or self.rank[stage] < self.rank[best] else best
        if best:
            return best
        for t, _ in qualified:
            stage = BY_MODULE.get(self.types.get(t, ""))
            if stage:
                return stage
        return None

    def sample_stage(self, frames):
        stages = [s for s in (self.frame_stage(sym, lib) for sym, lib in frames) if s]
        if stages:
            return min(stages, key=lambda s: self.rank[s])
        user = [sym for sym, lib in frames if "kernel" not in lib]
        if not user or all(RUNTIME.match(s) for s in user):
            kernel = " ".join(sym for sym, lib in frames if "kernel" in lib)
            if not user or (kernel and not [s for s in user if not s.startswith("[unknown]")]):
                if re.search(r"tcp_|sock|inet_|epoll|__sys_(send|recv|accept)|skb", kernel):
                    return "kernel: network (no user frames)"
                if re.search(r"ext4|jbd2|fsync|filemap|vfs_write|page_fault|do_anonymous", kernel):
                    return "kernel: files and memory (no user frames)"
                if re.search(r"schedule|futex|finish_task_switch", kernel):
                    return "kernel: scheduling, futex (no user frames)"
                if kernel:
                    return "kernel: other (no user frames)"
            return "unattributed: runtime or libc frames whose callers were not unwound"
        leaf = next((sym for sym, lib in frames if "kernel" not in lib), "")
        for pattern, stage in SYSCALLS:
            if re.match(pattern, leaf):
                return stage
        return "other: Foundation or runtime work under no staged frame"


def read_samples(lines):
    """(thread name, period, [(symbol, library), …] leaf first) for each sample."""
    comm, period, frames = None, 0, []
    for line in lines:
        if not line.strip():
            if comm is not None:
                yield comm, period, frames
            comm, frames = None, []
            continue
        if not line[0].isspace():
            m = HEADER.match(line)
            comm = line.split()[0] if m else line.split()[0]
            period = int(m.group(2)) if m else 0
            continue
        m = FRAME.match(line.rstrip("\n"))
        if m:
            frames.append((m.group(1), m.group(2)))
    if comm is not None:
        yield comm, period, frames


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, required=True, help="requests answered while perf recorded")
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    parser.add_argument("--sources", nargs="*", default=[os.path.join(root, "Sources"), os.path.join(root, ".build", "checkouts")])
    parser.add_argument("--detail", type=int, default=0, help="also list each stage's most frequent leaf-most named frames")
    parser.add_argument("--json", help="write the figures to this file too")
    a = parser.parse_args()
    source = sys.stdin
    if shutil.which("swift-demangle"):
        source = subprocess.Popen(["swift-demangle", "--simplified"], stdin=sys.stdin, stdout=subprocess.PIPE, text=True, errors="replace").stdout
    classifier = Classifier(modules_of_types(a.sources))
    time_by = collections.Counter()
    detail = collections.defaultdict(collections.Counter)
    total_ns = 0
    samples = 0
    for comm, period, frames in read_samples(source):
        stage = classifier.sample_stage(frames)
        time_by[stage] += period
        total_ns += period
        samples += 1
        if a.detail:
            named = next((s for s, lib in frames if "kernel" not in lib and not RUNTIME.match(s)), frames[0][0] if frames else "?")
            detail[stage][named[:140]] += period
    labels = dict(STAGES)
    print(f"{samples:,} samples, {total_ns / 1e9:.2f} s of CPU, {a.requests:,} requests: "
          f"{total_ns / 1e3 / a.requests:.1f} µs of CPU per request\n")
    print("| Stage | µs per request | share |")
    print("| --- | ---: | ---: |")
    order = [s for s, _ in STAGES] + sorted(k for k in time_by if k not in labels)
    for stage in order:
        if time_by[stage]:
            print(f"| {labels.get(stage, stage)} | {time_by[stage] / 1e3 / a.requests:.1f} | {time_by[stage] * 100 / total_ns:.1f} % |")
    if a.detail:
        for stage in order:
            if time_by[stage]:
                print(f"\n{labels.get(stage, stage)}:")
                for name, ns in detail[stage].most_common(a.detail):
                    print(f"  {ns / 1e3 / a.requests:7.2f} µs  {name}")
    if a.json:
        import json
        with open(a.json, "w") as f:
            json.dump({"requests": a.requests, "samples": samples, "cpu_us_per_request": total_ns / 1e3 / a.requests,
                       "stages": {labels.get(s, s): time_by[s] / 1e3 / a.requests for s in order if time_by[s]}}, f, indent=1)


if __name__ == "__main__":
    main()
