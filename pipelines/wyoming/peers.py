"""Who may connect to the Wyoming server: this computer always, other machines only when the
user turned LAN serving on and listed them (addresses or subnets)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..core.errors import SettingsError
from ..privacy.egress import current_guard, is_loopback
from ..privacy.hosts import configured_peer_hosts

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class PeerDecision:
    host: str
    port: int | None
    allowed: bool
    reason: str
    """"unix", "loopback", "lan-allowed", "lan-off" or "not-allowed"."""


def parse_allow_list(entries: tuple[str, ...] | list[str]) -> tuple[Network, ...]:
    networks: list[Network] = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise SettingsError(
                f"wyoming.allowed_peers: {entry!r} is not an address or subnet "
                "(e.g. 192.168.1.20 or 192.168.1.0/24)."
            ) from exc
    return tuple(networks)


class PeerPolicy:
    def __init__(self, lan: bool, allowed: tuple[str, ...] | list[str] = ()) -> None:
        self.lan = lan
        self.networks = parse_allow_list(allowed)

    def decide(self, peername: Any) -> PeerDecision:
        """``peername`` as asyncio gives it: a (host, port, ...) tuple for TCP, a path or
        empty value for a Unix socket."""
        if not isinstance(peername, tuple) or not peername:
            return PeerDecision("unix-socket", None, True, "unix")
        host = str(peername[0])
        port = int(peername[1]) if len(peername) > 1 else None
        if is_loopback(host):
            return PeerDecision(host, port, True, "loopback")
        if not self.lan:
            return PeerDecision(host, port, False, "lan-off")
        try:
            address = ipaddress.ip_address(host.split("%")[0])
        except ValueError:
            return PeerDecision(host, port, False, "not-allowed")
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(address in net for net in self.networks):
            return PeerDecision(host, port, True, "lan-allowed")
        return PeerDecision(host, port, False, "not-allowed")


def check_bind(uri: str, lan: bool) -> None:
    """Refuse to listen beyond this computer unless LAN serving is on."""
    parts = urlsplit(uri)
    if parts.scheme == "unix":
        if not parts.path:
            raise SettingsError(f"{uri}: a unix:// address needs a socket path.")
        return
    if parts.scheme != "tcp":
        raise SettingsError(f"{uri}: use tcp://HOST:PORT or unix://PATH.")
    try:
        port = parts.port
    except ValueError as exc:
        raise SettingsError(f"{uri}: the port is not a number.") from exc
    if not parts.hostname or port is None:
        raise SettingsError(f"{uri}: give a host and a port, e.g. tcp://127.0.0.1:10700.")
    if not lan and not is_loopback(parts.hostname):
        raise SettingsError(
            f"{uri} would serve other machines, but LAN serving is off: turn on "
            "wyoming.lan (or pass --lan) and list the allowed peers, or listen on 127.0.0.1."
        )


def allow_configured_peers(app: Any) -> None:
    """Tell the process's egress guard (when installed) that these hosts were configured."""
    guard = current_guard() if app.guard is not None else None
    if guard is not None:
        guard.allow_hosts(configured_peer_hosts(app.settings))
