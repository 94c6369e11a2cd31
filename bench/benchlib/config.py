"""The bench hall: the demo hall's services and settings, with more windows and an officer at each."""

import base64
import concurrent.futures
import hashlib
import json
import os
import re
import urllib.request

PASSWORD = "bench"
ITERATIONS = 100_000  # the least the stored format accepts: 30 logins should not dominate the run


def password_hash(password):
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS, 32)
    return f"pbkdf2-sha256${ITERATIONS}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def write_bench_config(demo_path, out_path, windows):
    """The demo file up to its windows, then `windows` windows (the demo's service mixes in turn) and their officers.
    The bench hall issues at every hour of every day (the bench runs whenever it is run) with no per-address limit."""
    text = open(demo_path, encoding="utf-8").read()
    text = re.sub(r"^(mon|tue|wed|thu|fri|sat|sun) = \[.*\]\n", "", text, flags=re.M)
    text = text.replace("[hours]\n", "[hours]\n" + "".join(f'{d} = ["00:00-24:00"]\n' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")), 1)
    text = re.sub(r"^tickets_per_address_per_minute = \d+$", "tickets_per_address_per_minute = 0", text, flags=re.M)
    text = re.sub(r"^tickets_per_service_per_day = \d+$", "tickets_per_service_per_day = 0", text, flags=re.M)
    mixes = [re.findall(r'"([A-Z]{1,2})"', m) for m in re.findall(r"^services = \[(.*)\]$", text, re.M)]
    if not mixes:
        raise ValueError(f"no [[windows]] services found in {demo_path}")
    head = text[: re.search(r"^\[\[windows\]\]", text, re.M).start()]
    hashed = password_hash(PASSWORD)
    blocks = []
    for n in range(1, windows + 1):
        services = ", ".join(f'"{s}"' for s in mixes[(n - 1) % len(mixes)])
        blocks.append(f"[[windows]]\nnumber = {n}\nservices = [{services}]\n")
    for n in range(1, windows + 1):
        blocks.append(f'[[users]]\nlogin = "officer{n}"\nrole = "officer"\nwindow = {n}\npassword_hash = "{hashed}"\n')
    blocks.append(f'[[users]]\nlogin = "manager"\nrole = "manager"\npassword_hash = "{hashed}"\n')
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(head + "\n".join(blocks))
    return out_path


def post(port, path, body=None, token=None):
    data = b"" if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method="POST")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=60) as r:
        raw = r.read()
        return json.loads(raw) if raw else None


def open_windows(port, windows, tokens_path):
    """Each officer logs in and opens their window; writes "WINDOW TOKEN FIRST_SERVICE" lines for the load scripts."""
    hall = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/hall", timeout=60))
    first = {w["number"]: w["services"][0] for w in hall["windows"]}

    def login(n):
        token = post(port, "/api/login", {"user": f"officer{n}", "password": PASSWORD})["token"]
        post(port, f"/api/windows/{n}/open", token=token)
        return n, token

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        tokens = sorted(pool.map(login, range(1, windows + 1)))
    with open(tokens_path, "w") as f:
        for n, token in tokens:
            f.write(f"{n} {token} {first[n]}\n")
    return tokens_path


def issue(port, service, count):
    for _ in range(count):
        post(port, "/api/tickets", {"service": service})
