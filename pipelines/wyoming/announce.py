"""Zeroconf: announce the server as ``_wyoming._tcp.local.`` so Home Assistant discovers it.

Only ever started when the user turned LAN serving on. Multicast DNS is a packet to the
home network's link-local group, so the egress guard is told to allow exactly that group
while the announcement runs.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from typing import Any

from ..privacy.egress import MDNS_ADDRESSES, current_guard

log = logging.getLogger(__name__)

SERVICE_TYPE = "_wyoming._tcp.local."


def lan_address(bound_host: str) -> str | None:
    """The IPv4 address to announce: the bound one, or (for 0.0.0.0) the first private
    address of this computer's network interfaces."""
    try:
        bound = ipaddress.ip_address(bound_host)
    except ValueError:
        bound = None
    if bound is not None and not bound.is_unspecified and bound.version == 4:
        return bound_host
    # lazy: start-up speed (ifaddr loads only when lan_address() runs)
    import ifaddr

    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str):
                address = ipaddress.ip_address(ip.ip)
                if address.is_private and not address.is_loopback and not address.is_link_local:
                    return ip.ip
    return None


def own_addresses() -> list[str]:
    """Every address of this computer's own network interfaces."""
    # lazy: start-up speed (ifaddr loads only when own_addresses() runs)
    import ifaddr

    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            found.append(ip.ip if isinstance(ip.ip, str) else str(ip.ip[0]))
    return found


def allow_mdns() -> None:
    """Let multicast DNS through the egress guard: the link-local groups, and this computer's
    own addresses (zeroconf answers itself there). Nothing routed beyond the home network."""
    guard = current_guard()
    if guard is not None:
        guard.allow_hosts([*MDNS_ADDRESSES, *own_addresses()])


class ZeroconfAnnouncer:
    def __init__(self, name: str, port: int, address: str) -> None:
        self.name = name
        self.port = port
        self.address = address
        self._zc: Any = None
        self._info: Any = None

    async def start(self) -> None:
        # lazy: start-up speed (zeroconf, zeroconf.asyncio load only when start() runs)
        from zeroconf import InterfaceChoice
        from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

        allow_mdns()
        self._info = AsyncServiceInfo(
            SERVICE_TYPE,
            f"{self.name}.{SERVICE_TYPE}",
            addresses=[socket.inet_aton(self.address)],
            port=self.port,
            properties={"product": "homebody"},
        )
        self._zc = AsyncZeroconf(interfaces=InterfaceChoice.All)
        await self._zc.async_register_service(self._info)
        log.info("zeroconf: announced %s on %s:%d", self.name, self.address, self.port)

    async def stop(self) -> None:
        zc, self._zc = self._zc, None
        if zc is None:
            return
        try:
            await zc.async_unregister_service(self._info)
        finally:
            await zc.async_close()

    @property
    def running(self) -> bool:
        return self._zc is not None
