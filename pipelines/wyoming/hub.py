"""All configured satellites at once: one :class:`SatelliteLink` each, run until stopped.

Timers and alarms ring in the room that set them: the reminder service's NOTICE for a timer
or alarm a satellite's request created is spoken on that satellite too (the desktop rings as
always).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from ..core.events import EventType, PipelineEvent
from .engines import LocalEngines
from .peers import allow_configured_peers
from .satellite import SatelliteLink

if TYPE_CHECKING:
    from ..app_context import AppContext


class SatelliteHub:
    def __init__(self, app: AppContext, engines: LocalEngines) -> None:
        self.app = app
        self._loop: asyncio.AbstractEventLoop | None = None
        self.links = [
            SatelliteLink(app, engines, s) for s in app.settings.wyoming.satellites if s.enabled
        ]

    async def run(self, stop: asyncio.Event) -> None:
        if not self.links:
            return
        allow_configured_peers(self.app)  # configured devices, like cameras and the broker
        self._loop = asyncio.get_running_loop()
        unsubscribe = self.app.bus.subscribe(self._on_event)
        try:
            await asyncio.gather(*(link.run(stop) for link in self.links))
        finally:
            unsubscribe()

    def _on_event(self, event: PipelineEvent) -> None:
        """From the reminder service's thread: hand a ringing reminder to its room."""
        if event.type is not EventType.NOTICE or event.stage != "reminders":
            return
        kinds = {"timer_done": "timer", "alarm_ringing": "alarm", "reminder_due": "reminder"}
        kind = kinds.get(event.data.get("kind", ""))
        if kind is None or self._loop is None:
            return
        key = (kind, int(event.data.get("id", -1)))
        for link in self.links:
            if key in link.owned:
                asyncio.run_coroutine_threadsafe(link.announce(event.message), self._loop)

    def status(self) -> list[dict[str, Any]]:
        return [vars(link.status).copy() for link in self.links]
