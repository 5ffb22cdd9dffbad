"""The Wyoming server and satellite hub on a background thread, for the desktop app.

``homebody serve wyoming`` runs the same pieces in the foreground. Here they get their own
asyncio loop in a daemon thread; :meth:`BackgroundWyoming.stop` (or ``close``, which the
app context calls at exit) ends sessions and satellite links and releases the port.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import TYPE_CHECKING

from .engines import LocalEngines
from .hub import SatelliteHub
from .server import ServerOptions, WyomingServer

if TYPE_CHECKING:
    from ..app_context import AppContext

log = logging.getLogger(__name__)


class BackgroundWyoming:
    def __init__(self, app: AppContext) -> None:
        self.app = app
        self.server: WyomingServer | None = None
        self.hub: SatelliteHub | None = None
        self.error = ""
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout_s: float = 300.0) -> None:
        """Load the models and start serving; returns once serving (or raises its error)."""
        if self.running:
            return
        engines = LocalEngines(self.app)
        server = WyomingServer(self.app, engines, ServerOptions.from_settings(self.app))
        engines.prepare()
        self.server, self.hub, self.error = server, SatelliteHub(self.app, engines), ""
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, name="homebody-wyoming", daemon=True)
        self._thread.start()
        self._ready.wait(timeout_s)
        if self.error:
            raise OSError(self.error)

    def _run(self) -> None:
        loop = self._loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._main())
        except Exception as exc:  # e.g. the port is taken
            self.error = f"The Wyoming server could not start: {exc}"
            log.warning("%s", self.error)
        finally:
            self._ready.set()
            loop.close()

    async def _main(self) -> None:
        assert self.server is not None and self.hub is not None
        self._stop = asyncio.Event()
        await self.server.start()
        self._ready.set()
        try:
            await asyncio.gather(self.hub.run(self._stop), self._stop.wait())
        finally:
            await self.server.stop()

    def stop(self) -> None:
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and self.running:
            loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(15)
        self._thread = None

    def close(self) -> None:
        self.stop()
