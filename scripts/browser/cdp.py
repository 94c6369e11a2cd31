"""A small driver for headless Chromium over the Chrome DevTools Protocol, Python 3 standard library only.

    with Browser.launch() as browser:
        page = browser.new_page(width=1280, height=800)
        page.navigate("http://127.0.0.1:8080/")
        page.wait_for("document.body.dataset.view === 'home'")
        page.click("[data-service=A]")
        page.screenshot("kiosk.png")

One WebSocket to the browser carries every page's session (flattened sessions). Each page lives in its own
browser context, like a separate device: its own storage and its own connection pool.
"""

import base64
import json
import os
import queue
import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import time
import urllib.parse


class CDPError(Exception):
    """A protocol error, a timeout, or a browser that would not start."""


class WebSocket:
    """The client half of RFC 6455, just enough for DevTools: text frames, masking, ping/pong, close."""

    def __init__(self, url, timeout=10):
        parts = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        path = parts.path + ("?" + parts.query if parts.query else "")
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise CDPError("DevTools closed the connection during the WebSocket handshake")
            head += chunk
        status = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status + b" ":
            raise CDPError(f"WebSocket handshake refused: {status.decode(errors='replace')}")
        self.sock.settimeout(None)
        self.send_lock = threading.Lock()

    def send(self, text):
        self._frame(0x1, text.encode())

    def _frame(self, opcode, payload):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i & 3] for i, b in enumerate(payload)) if n < 4096 else _mask_fast(payload, mask)
        with self.send_lock:
            self.sock.sendall(header + mask + masked)

    def _read_exact(self, n):
        data = bytearray()
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError("WebSocket closed")
            data += chunk
        return bytes(data)

    def recv(self):
        """The next complete text message (joins fragments, answers pings); EOFError when closed."""
        message = bytearray()
        while True:
            b0, b1 = self._read_exact(2)
            opcode = b0 & 0x0F
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read_exact(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read_exact(8))[0]
            mask = self._read_exact(4) if b1 & 0x80 else None
            payload = self._read_exact(n)
            if mask:
                payload = _mask_fast(payload, mask)
            if opcode == 0x8:
                raise EOFError("WebSocket closed by the browser")
            if opcode == 0x9:
                self._frame(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()

    def close(self):
        try:
            self._frame(0x8, b"")
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass


def _mask_fast(payload, mask):
    n = len(payload)
    key = int.from_bytes((mask * (n // 4 + 1))[:n], "big")
    return (int.from_bytes(payload, "big") ^ key).to_bytes(n, "big") if n else b""


class Browser:
    """A headless Chromium process and the DevTools connection to it."""

    def __init__(self, process, profile, ws):
        self.process = process
        self.profile = profile
        self.ws = ws
        self.next_id = 0
        self.id_lock = threading.Lock()
        self.pending = {}
        self.pages = {}
        self.closed = False
        self.reader = threading.Thread(target=self._read_loop, daemon=True)
        self.reader.start()

    @classmethod
    def launch(cls, executable=None, timeout=30, extra_args=()):
        exe = executable or os.environ.get("CHROMIUM") or next(
            (p for p in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable") if shutil.which(p)), None
        )
        if not exe:
            raise CDPError("no Chromium found: install Debian's 'chromium' package (or set CHROMIUM=/path/to/chrome)")
        profile = tempfile.mkdtemp(prefix="hallq-chromium-")
        args = [
            exe, "--headless=new", "--remote-debugging-port=0", f"--user-data-dir={profile}", "--no-first-run",
            "--no-default-browser-check", "--disable-gpu", "--disable-extensions", "--disable-sync", "--mute-audio",
            "--autoplay-policy=no-user-gesture-required", "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows", "--hide-scrollbars",
            "--window-size=1920,1080", "--disable-features=Translate,MediaRouter,OptimizationHints",
            "--password-store=basic", "--use-mock-keychain",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--no-sandbox")
        args += list(extra_args)
        log = open(os.path.join(profile, "chromium.log"), "wb")
        process = subprocess.Popen(args + ["about:blank"], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + timeout
        while time.time() < deadline:
            if process.poll() is not None:
                raise CDPError(f"chromium exited with {process.returncode}: {_tail(profile)}")
            try:
                with open(port_file) as f:
                    lines = f.read().split("\n")
                if len(lines) >= 2 and lines[0].strip() and lines[1].strip():
                    ws = WebSocket(f"ws://127.0.0.1:{lines[0].strip()}{lines[1].strip()}")
                    return cls(process, profile, ws)
            except (FileNotFoundError, ConnectionRefusedError):
                pass
            time.sleep(0.05)
        process.kill()
        raise CDPError(f"chromium did not open its DevTools port within {timeout} s: {_tail(profile)}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _read_loop(self):
        while True:
            try:
                message = json.loads(self.ws.recv())
            except (EOFError, OSError, ValueError):
                self.closed = True
                for waiter in list(self.pending.values()):
                    waiter.put({"error": {"message": "browser connection closed"}})
                return
            if "id" in message:
                waiter = self.pending.pop(message["id"], None)
                if waiter:
                    waiter.put(message)
            else:
                page = self.pages.get(message.get("sessionId"))
                if page:
                    page._event(message["method"], message.get("params", {}))

    def send(self, method, params=None, session=None, timeout=30):
        """Sends a command and waits for its result (raises CDPError on a protocol error)."""
        if self.closed:
            raise CDPError("the browser connection is closed")
        with self.id_lock:
            self.next_id += 1
            mid = self.next_id
        waiter = queue.Queue()
        self.pending[mid] = waiter
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        try:
            reply = waiter.get(timeout=timeout)
        except queue.Empty:
            self.pending.pop(mid, None)
            raise CDPError(f"{method}: no answer within {timeout} s")
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def new_page(self, width=1280, height=800, mobile=False, scale=1, touch=False, name="page"):
        """A blank tab in a fresh browser context, with its viewport set."""
        context = self.send("Target.createBrowserContext", {"disposeOnDetach": True})["browserContextId"]
        target = self.send("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        from page import Page  # noqa: E402 (avoids a circular import at module load)

        page = Page(self, session, target, context)
        page.name = name
        self.pages[session] = page
        page.setup(width, height, mobile, scale, touch)
        return page

    def close(self):
        try:
            if not self.closed:
                self.send("Browser.close", timeout=5)
        except CDPError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.ws.close()
        shutil.rmtree(self.profile, ignore_errors=True)


def _tail(profile):
    try:
        with open(os.path.join(profile, "chromium.log"), "rb") as f:
            return f.read()[-2000:].decode(errors="replace")
    except OSError:
        return ""
