"""The in-process egress guard: nothing leaves this computer unless the user asked for it.

Installed first thing at start-up, it wraps the socket layer of this Python process
(``socket.connect``/``connect_ex``/``sendto``/``sendmsg``, ``create_connection`` and name
resolution). It allows AF_UNIX sockets and loopback addresses; it allows LAN hosts the user
configured (cameras, MQTT broker) and, inside :meth:`EgressGuard.download_window`, the host of
a user-started model download. Everything else is refused with :class:`EgressBlockedError`.
Every decision is counted, and non-loopback decisions are reported to a listener (the ledger).

It guards Python-level sockets; native libraries that open their own sockets are watched from
outside by the privacy dashboard (psutil lists the process's connections).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from ..core.errors import EgressBlockedError

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "DO_NOT_TRACK": "1",
}
MDNS_ADDRESSES = ("224.0.0.251", "ff02::fb")
"""Multicast DNS (zeroconf) groups: link-local, never routed beyond the home network. Allowed
only while a service the user put on the LAN (Wyoming serving) announces itself."""
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", ""}


@dataclass(frozen=True)
class EgressAttempt:
    host: str
    port: int | None
    operation: str
    allowed: bool
    reason: str
    """"loopback", "unix", "lan-configured", "download" or "refused"."""


Listener = Callable[[EgressAttempt], None]


def is_loopback(host: str) -> bool:
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


class EgressGuard:
    def __init__(self, allowed_hosts: Iterable[str] = ()) -> None:
        self._allowed: set[str] = set()
        self._download_hosts: set[str] = set()
        self._lock = threading.Lock()
        self.counters: Counter[str] = Counter()
        self._listeners: list[Listener] = []
        self._originals: dict[str, Any] = {}
        self.allow_hosts(allowed_hosts)

    # -- policy -------------------------------------------------------------------------------
    def allow_hosts(self, hosts: Iterable[str]) -> None:
        """Allow LAN hosts the user configured (camera streams, the MQTT broker)."""
        for host in hosts:
            if not host:
                continue
            self._allowed.add(host.lower())
            if is_loopback(host):  # always allowed: no name lookup (a few ms of every start)
                continue
            try:  # also allow the addresses a configured name resolves to
                for info in self._original("getaddrinfo")(host, None):
                    self._allowed.add(str(info[4][0]).lower())
            except (OSError, KeyError):
                pass

    @contextmanager
    def download_window(self, host: str) -> Iterator[None]:
        """Allow connections to ``host`` for an explicit, user-started model download."""
        with self._lock:
            self._download_hosts.add(host.lower())
        try:
            yield
        finally:
            with self._lock:
                self._download_hosts.discard(host.lower())

    def decide(self, host: str, port: int | None, operation: str) -> EgressAttempt:
        h = str(host).lower()
        if is_loopback(h):
            attempt = EgressAttempt(h, port, operation, True, "loopback")
        elif h in self._allowed:
            attempt = EgressAttempt(h, port, operation, True, "lan-configured")
        elif h in self._download_hosts:
            attempt = EgressAttempt(h, port, operation, True, "download")
        else:
            attempt = EgressAttempt(h, port, operation, False, "refused")
        self.counters[attempt.reason] += 1
        if attempt.reason != "loopback":
            for listener in list(self._listeners):
                with suppress(Exception):
                    listener(attempt)
        return attempt

    def _remember_addresses(self, name: str, infos: Any) -> None:
        """A name we allowed resolves to addresses: allow connecting to those too."""
        n = name.lower()
        with self._lock:
            for bucket in (self._allowed, self._download_hosts):
                if n in bucket:
                    bucket.update(str(info[4][0]).lower() for info in infos)

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def check(self, host: str, port: int | None, operation: str) -> None:
        attempt = self.decide(host, port, operation)
        if not attempt.allowed:
            where = f"{host}:{port}" if port is not None else str(host)
            raise EgressBlockedError(
                f"Homebody works offline: a {operation} to {where} was blocked. "
                "Only this computer, devices you configured and model downloads you start "
                "are allowed."
            )

    # -- installation -------------------------------------------------------------------------
    @property
    def installed(self) -> bool:
        return bool(self._originals)

    def _original(self, name: str) -> Any:
        return self._originals.get(name) or getattr(socket, name)

    def install(self) -> EgressGuard:
        if self.installed:
            return self
        for key, value in OFFLINE_ENV.items():
            os.environ.setdefault(key, value)
        guard = self
        sock_cls = socket.socket
        self._originals = {
            "connect": sock_cls.connect,
            "connect_ex": sock_cls.connect_ex,
            "sendto": sock_cls.sendto,
            "sendmsg": sock_cls.sendmsg,
            "getaddrinfo": socket.getaddrinfo,
            "gethostbyname": socket.gethostbyname,
            "gethostbyname_ex": socket.gethostbyname_ex,
        }
        orig = self._originals

        def _target(sock: socket.socket, address: Any) -> tuple[str, int | None] | None:
            if sock.family not in (socket.AF_INET, socket.AF_INET6):
                return None  # AF_UNIX, netlink...: never leaves the machine
            if isinstance(address, tuple) and address:
                return str(address[0]), int(address[1]) if len(address) > 1 else None
            return str(address), None

        def connect(sock: socket.socket, address: Any) -> None:
            target = _target(sock, address)
            if target:
                guard.check(target[0], target[1], "connect")
            orig["connect"](sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> int:
            target = _target(sock, address)
            if target:
                guard.check(target[0], target[1], "connect")
            result: int = orig["connect_ex"](sock, address)
            return result

        def sendto(sock: socket.socket, data: Any, *args: Any) -> int:
            address = args[-1]
            target = _target(sock, address)
            if target:
                guard.check(target[0], target[1], "send")
            result: int = orig["sendto"](sock, data, *args)
            return result

        def sendmsg(sock: socket.socket, buffers: Any, *args: Any) -> int:
            if len(args) >= 3 and args[2] is not None:
                target = _target(sock, args[2])
                if target:
                    guard.check(target[0], target[1], "send")
            result: int = orig["sendmsg"](sock, buffers, *args)
            return result

        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            if host is not None:
                name = host.decode() if isinstance(host, bytes) else str(host)
                guard.check(name, port if isinstance(port, int) else None, "name lookup")
                result = orig["getaddrinfo"](host, port, *args, **kwargs)
                guard._remember_addresses(name, result)
                return result
            return orig["getaddrinfo"](host, port, *args, **kwargs)

        def gethostbyname(host: str) -> Any:
            guard.check(host, None, "name lookup")
            return orig["gethostbyname"](host)

        def gethostbyname_ex(host: str) -> Any:
            guard.check(host, None, "name lookup")
            return orig["gethostbyname_ex"](host)

        sock_cls.connect = connect  # type: ignore[method-assign,assignment]
        sock_cls.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
        sock_cls.sendto = sendto  # type: ignore[assignment]
        sock_cls.sendmsg = sendmsg  # type: ignore[assignment]
        socket.getaddrinfo = getaddrinfo
        socket.gethostbyname = gethostbyname
        socket.gethostbyname_ex = gethostbyname_ex
        return self

    def uninstall(self) -> None:
        if not self.installed:
            return
        orig = self._originals
        socket.socket.connect = orig["connect"]  # type: ignore[method-assign,assignment,unused-ignore]
        socket.socket.connect_ex = orig["connect_ex"]  # type: ignore[method-assign,assignment,unused-ignore]
        socket.socket.sendto = orig["sendto"]  # type: ignore[method-assign,assignment,unused-ignore]
        socket.socket.sendmsg = orig["sendmsg"]  # type: ignore[method-assign,assignment,unused-ignore]
        socket.getaddrinfo = orig["getaddrinfo"]
        socket.gethostbyname = orig["gethostbyname"]
        socket.gethostbyname_ex = orig["gethostbyname_ex"]
        self._originals = {}


_GLOBAL: EgressGuard | None = None


def install_guard(allowed_hosts: Iterable[str] = ()) -> EgressGuard:
    """Install the process-wide guard once; later calls add allowed hosts to it."""
    global _GLOBAL
    if _GLOBAL is None:
        _GLOBAL = EgressGuard(allowed_hosts).install()
    else:
        _GLOBAL.allow_hosts(allowed_hosts)
    return _GLOBAL


def current_guard() -> EgressGuard | None:
    return _GLOBAL
