"""Find Wyoming services on the home network (zeroconf ``_wyoming._tcp.local.``), for the
Rooms card's "Find satellites" button. Only runs when the user asks; multicast DNS stays on
the local link."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .announce import SERVICE_TYPE, allow_mdns


@dataclass(frozen=True)
class Found:
    name: str
    host: str
    port: int


def browse(seconds: float = 3.0) -> list[Found]:
    """The Wyoming services that answer within ``seconds``, by name."""
    # lazy: start-up speed (zeroconf loads only when browse() runs)
    from zeroconf import ServiceBrowser, ServiceListener, Zeroconf

    allow_mdns()  # the user asked for a search of the home network
    names: set[str] = set()

    class _Listener(ServiceListener):
        def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
            names.add(name)

        def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
            names.add(name)

        def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
            names.discard(name)

    zc = Zeroconf()
    try:
        browser = ServiceBrowser(zc, SERVICE_TYPE, _Listener())
        time.sleep(seconds)
        browser.cancel()
        found = []
        for name in sorted(names):
            info = zc.get_service_info(SERVICE_TYPE, name, timeout=1000)
            if info is None or not info.port:
                continue
            addresses = info.parsed_addresses()
            if addresses:
                label = name.removesuffix("." + SERVICE_TYPE)
                found.append(Found(label, addresses[0], int(info.port)))
        return found
    finally:
        zc.close()
