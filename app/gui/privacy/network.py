"""Sample this process's own network connections (psutil) and the egress guard's counters.

Qt-free so the report exporter and tests can use it too. Every connection is classified by
its remote address: ``local`` (loopback, or a listening/unconnected socket), ``lan`` (a host the
user configured, or any private-network address) and ``remote`` (anything else — the line that
must stay at zero).
"""

from __future__ import annotations

import contextlib
import ipaddress
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NetworkSample:
    ts: float
    local: int
    lan: int
    remote: int
    remote_hosts: tuple[str, ...] = ()
    guard: dict[str, int] = field(default_factory=dict)
    """The egress guard's decision counters: loopback, lan-configured, download, refused."""
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "ts": self.ts,
            "local": self.local,
            "lan": self.lan,
            "remote": self.remote,
            "remote_hosts": list(self.remote_hosts),
            "guard": dict(self.guard),
            "error": self.error,
        }


def classify(address: str, configured: Iterable[str] = ()) -> str:
    host = address.split("%")[0]
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return "lan" if host in set(configured) else "remote"
    if ip.is_loopback or ip.is_unspecified:
        return "local"
    if host in set(configured):
        return "lan"
    if ip.is_private or ip.is_link_local:
        return "lan"
    return "remote"


def sample(guard: Any = None, configured: Iterable[str] = ()) -> NetworkSample:
    """One look at the process's inet connections (TCP and UDP) and the guard's counters."""
    # lazy: start-up speed (psutil loads only when sample() runs)
    import psutil

    counters = {k: int(v) for k, v in dict(getattr(guard, "counters", {}) or {}).items()}
    try:
        me = psutil.Process()
        conns = list(me.net_connections(kind="inet"))
        # network cameras are decoded in child processes (pipelines/vision/stream.py): their
        # sockets are Homebody's too, so the live monitor shows them
        for child in me.children(recursive=True):
            with contextlib.suppress(psutil.Error, OSError):
                conns.extend(child.net_connections(kind="inet"))
    except (psutil.Error, OSError) as exc:
        return NetworkSample(time.time(), 0, 0, 0, guard=counters, error=str(exc))
    allowed = list(configured)
    counts = {"local": 0, "lan": 0, "remote": 0}
    remote_hosts: list[str] = []
    for conn in conns:
        if not conn.raddr:
            counts["local"] += 1  # listening or unconnected: talks to nobody
            continue
        kind = classify(str(conn.raddr.ip), allowed)
        counts[kind] += 1
        if kind == "remote":
            remote_hosts.append(f"{conn.raddr.ip}:{conn.raddr.port}")
    return NetworkSample(
        time.time(),
        counts["local"],
        counts["lan"],
        counts["remote"],
        tuple(remote_hosts),
        counters,
    )
