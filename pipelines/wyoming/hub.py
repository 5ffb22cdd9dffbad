"""All configured satellites at once: one :class:`SatelliteLink` each, run until stopped."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from .engines import LocalEngines
from .peers import allow_configured_peers
from .satellite import SatelliteLink

if TYPE_CHECKING:
    from ..app_context import AppContext


class SatelliteHub:
    def __init__(self, app: AppContext, engines: LocalEngines) -> None:
        self.app = app
        self.links = [
            SatelliteLink(app, engines, s) for s in app.settings.wyoming.satellites if s.enabled
        ]

    async def run(self, stop: asyncio.Event) -> None:
        if not self.links:
            return
        allow_configured_peers(self.app)  # configured devices, like cameras and the broker
        await asyncio.gather(*(link.run(stop) for link in self.links))

    def status(self) -> list[dict[str, Any]]:
        return [vars(link.status).copy() for link in self.links]
