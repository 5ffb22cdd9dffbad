"""Network camera streams decoded in a child process the app watches.

:class:`StreamCapture` starts :mod:`.decoder` as a child process and reads frames from it over
a pipe. A watch thread lists the child's sockets (psutil) several times a second: a connection
to loopback, to a configured device (the camera's own host, ``privacy.allowed_hosts``) or to a
name server on port 53 is allowed; anything else (a camera URL that redirects to another
host, a misbehaving decoder) stops the child at once and is reported, so the app can write a
ledger row. A read that gets no frame within the timeout (a frozen or vanished camera) kills
the child too, so nothing ever hangs on a native read. The child's console output (FFmpeg,
OpenCV) goes to the debug log, never to the user's terminal.

:func:`live_connections` lists every open camera connection for the privacy dashboard.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..core.errors import DeviceError, EgressBlockedError
from ..privacy.egress import is_loopback
from .decoder import FRAME, HEADER, QUIET_ENV, STATUS
from .source_kind import describe_source

log = logging.getLogger(__name__)

Notice = Callable[[str, dict[str, Any]], None]
POLL_S = 0.05
_OPEN: weakref.WeakSet[StreamCapture] = weakref.WeakSet()


def name_servers(path: Path = Path("/etc/resolv.conf")) -> set[str]:
    """The system's DNS servers (the decoder may ask them for the camera's address)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return set()
    return {ln.split()[1] for ln in lines if ln.startswith("nameserver") and len(ln.split()) > 1}


def allowed_addresses(url: str, hosts: Collection[str]) -> set[str]:
    """The camera's host and the configured hosts, as names and the addresses they resolve to."""
    names = {h.lower() for h in hosts if h}
    own = urlsplit(url).hostname
    if own:
        names.add(own.lower())
    addresses = set(names)
    for name in names:
        try:
            addresses.update(str(info[4][0]).lower() for info in socket.getaddrinfo(name, None))
        except (OSError, UnicodeError):
            continue
    return addresses


def _decoder_command() -> list[str]:
    # lazy: start-up speed (..core.paths loads only when _decoder_command() runs)
    from ..core.paths import is_frozen

    if is_frozen():  # the app binary itself (app/cli/main.py answers --vision-decoder)
        return [sys.executable, "--vision-decoder"]
    return [sys.executable, "-m", "pipelines.vision.decoder"]


def _decoder_env(url: str) -> dict[str, str]:
    env = dict(os.environ, **QUIET_ENV)
    if urlsplit(url).scheme.lower() in ("rtsp", "rtsps"):
        # RTP over the RTSP connection: no lost UDP packets (torn frames), one socket to watch
        env["OPENCV_FFMPEG_CAPTURE_OPTIONS"] = "rtsp_transport;tcp"
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


class StreamCapture:
    """``read() -> (ok, image)`` / ``release()`` for an rtsp:// or http:// camera."""

    def __init__(
        self,
        url: str,
        allowed_hosts: Collection[str] = (),
        *,
        timeout_s: float = 5.0,
        notice: Notice | None = None,
        camera: str = "",
    ) -> None:
        self.url = url
        self.camera = camera or (urlsplit(url).hostname or "camera")
        self.timeout_s = timeout_s
        self._notice = notice or (lambda _kind, _data: None)
        self.allowed = allowed_addresses(url, allowed_hosts)
        self.dns = name_servers()
        self.refused: str | None = None
        self.connections: dict[tuple[str, int], str] = {}
        self._messages: queue.Queue[tuple[bytes, int, int, int, bytes] | None] = queue.Queue()
        self._done = threading.Event()
        self._check_lock = threading.Lock()
        self.process = subprocess.Popen(
            _decoder_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_decoder_env(url),
        )
        assert self.process.stdin is not None
        self.pid = self.process.pid
        for target, name in ((self._read_stdout, "out"), (self._read_stderr, "err")):
            threading.Thread(target=target, name=f"decoder-{name}", daemon=True).start()
        threading.Thread(target=self._watch, name="decoder-watch", daemon=True).start()
        _OPEN.add(self)
        request = {"url": url, "timeout_ms": int(timeout_s * 1000)}
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
        except OSError:
            pass
        message = self._next(timeout_s + 10.0)  # the child imports OpenCV first
        if message is None or message[0] != STATUS or _status(message) != "opened":
            self.release()
            self._raise_refused()
            raise DeviceError(
                f"Cannot open {describe_source(url)}. Check that the camera is on and the "
                "address is right."
            )
        if not self.check_connections():
            self.release()
            self._raise_refused()

    # -- the child's output -------------------------------------------------------------------
    def _read_stdout(self) -> None:
        out = self.process.stdout
        assert out is not None
        try:
            while True:
                header = out.read(HEADER.size)
                if len(header) < HEADER.size:
                    break
                tag, a, b, c = HEADER.unpack(header)
                size = a if tag == STATUS else a * b * c
                payload = out.read(size)
                if len(payload) < size:
                    break
                self._messages.put((tag, a, b, c, payload))
        except (OSError, ValueError):
            pass
        self._messages.put(None)

    def _read_stderr(self) -> None:
        # lazy: start-up speed (..core.redact loads only when _read_stderr() runs)
        from ..core.redact import scrub, url_password

        err = self.process.stderr
        assert err is not None
        secret = url_password(self.url) or "\0"
        try:
            for line in err:
                text = line.decode("utf-8", "replace").rstrip()
                if text:  # FFmpeg may quote the URL: never its password
                    log.debug("decoder %s: %s", self.camera, scrub(text.replace(secret, "***")))
        except (OSError, ValueError):
            pass

    def _next(self, timeout: float) -> tuple[bytes, int, int, int, bytes] | None:
        try:
            return self._messages.get(timeout=timeout)
        except queue.Empty:
            return None

    # -- watching the child's sockets -----------------------------------------------------------
    def permitted(self, ip: str, port: int) -> bool:
        host = ip.split("%")[0].lower()
        if host.startswith("::ffff:"):
            host = host[7:]
        return is_loopback(host) or host in self.allowed or (port == 53 and host in self.dns)

    def check_connections(self) -> bool:
        """Look at the child's sockets once; False (and the child stopped) on a foreign one."""
        with self._check_lock:  # the watch thread and read() both check; one at a time
            return self.refused is None and self._check_connections()

    def _check_connections(self) -> bool:
        # lazy: start-up speed (psutil loads only when _check_connections() runs)
        import psutil

        try:
            conns = psutil.Process(self.pid).net_connections(kind="inet")
        except (psutil.Error, OSError):
            return True
        for conn in conns:
            if not conn.raddr:
                continue
            ip, port = str(conn.raddr.ip), int(conn.raddr.port)
            if not self.permitted(ip, port):
                self._kill()
                self._notice("stream_refused", {"host": ip, "port": port, "pid": self.pid})
                self.refused = ip
                return False
            if (ip, port) not in self.connections and not is_loopback(ip):
                self._notice("stream_connected", {"host": ip, "port": port, "pid": self.pid})
            self.connections[(ip, port)] = str(conn.status)
        return True

    def _watch(self) -> None:
        while not self._done.is_set() and self.process.poll() is None:
            if not self.check_connections():
                return
            self._done.wait(POLL_S)

    def _raise_refused(self) -> None:
        with self._check_lock:  # a check in progress finishes (and is recorded) first
            refused = self.refused
        if refused is not None:
            raise EgressBlockedError(
                f"The camera stream tried to connect to {refused}, which is not a device "
                "you configured, so Homebody stopped it. If that address is your camera, add "
                "it under [[vision.cameras]] or privacy.allowed_hosts in settings.toml."
            )

    # -- capture interface ----------------------------------------------------------------------
    def read(self) -> tuple[bool, Any]:
        self._raise_refused()
        if self.process.poll() is not None:
            return False, None
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(b"f")
            self.process.stdin.flush()
        except (OSError, ValueError):
            self._raise_refused()
            return False, None
        message = self._next(self.timeout_s)
        if message is None or message[0] != FRAME:
            self._kill()  # frozen, ended or gone: the source reconnects with a new child
            self._raise_refused()
            return False, None
        if not self.check_connections():  # never hand on a frame from an unchecked address
            self._raise_refused()
        import numpy as np

        _tag, height, width, channels, payload = message
        shape = (height, width, channels) if channels > 1 else (height, width)
        return True, np.frombuffer(payload, dtype=np.uint8).reshape(shape)

    def _kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.warning("the stream decoder %d did not exit", self.pid)

    def release(self) -> None:
        self._done.set()
        self._kill()
        for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass
        self.connections.clear()
        _OPEN.discard(self)


def _status(message: tuple[bytes, int, int, int, bytes]) -> str:
    try:
        return str(json.loads(message[4]).get("event", ""))
    except ValueError:
        return ""


def live_connections() -> list[dict[str, Any]]:
    """Every camera connection open right now: camera, decoder pid, address, TCP state."""
    rows: list[dict[str, Any]] = []
    for capture in list(_OPEN):
        for (host, port), status in sorted(capture.connections.items()):
            rows.append(
                {
                    "camera": capture.camera,
                    "pid": capture.pid,
                    "host": host,
                    "port": port,
                    "status": status,
                    "checked_at": time.time(),
                }
            )
    return rows
