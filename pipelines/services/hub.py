"""One of each long-lived capability per process, behind typed accessors.

The GUI, the CLI and the voice pipeline ask :func:`services` for the assistant, the cameras'
vision service, the recipe library or the voice loop instead of building their own, so a
process holds one :class:`~pipelines.assistant.Assistant` (one intent cache, one serial turn
at a time) and one detector shared by every camera. :meth:`Services.apply_settings` is the one
way new settings reach running capabilities.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from typing import Any, Protocol

from ..app_context import AppContext
from ..assistant import Assistant
from ..core.settings_schema import Settings
from ..privacy.hosts import configured_hosts
from ..recipes.library import RecipeLibrary
from ..vision.service import VisionService
from .conversation import HistoryTurn, recent_turns

log = logging.getLogger(__name__)

KEY = "services"
"""Where the process's :class:`Services` lives in ``app.services``."""
VOICE, VISION = "voice", "vision"


class VoiceService(Protocol):
    """What the hub needs of the voice loop's runner (``app/gui/voice_service.py``)."""

    @property
    def listening(self) -> bool: ...

    def start(self) -> Any: ...

    def stop(self) -> Any: ...


def changed_sections(old: Settings, new: Settings) -> list[str]:
    """The settings sections (``audio``, ``vision``...) that differ between ``old`` and ``new``."""
    return [
        f.name for f in dataclasses.fields(Settings) if getattr(old, f.name) != getattr(new, f.name)
    ]


def _broker(settings: Settings) -> Any:
    """The MQTT connection settings (the device list changes without reconnecting)."""
    return dataclasses.replace(settings.mqtt, devices=())


class Services:
    """The capabilities of one :class:`AppContext`; get it with :func:`services`."""

    def __init__(self, app: AppContext) -> None:
        self.app = app
        self._lock = threading.RLock()
        self._assistant: Assistant | None = None
        self._recipes: RecipeLibrary | None = None

    # -- accessors -------------------------------------------------------------------------------
    def assistant(self) -> Assistant:
        """The process's assistant, loaded (intent model, skills) on first use."""
        with self._lock:
            if self._assistant is None:
                assistant = Assistant(self.app)
                assistant.prepare()
                self._assistant = assistant
            return self._assistant

    @property
    def assistant_loaded(self) -> bool:
        return self._assistant is not None

    def vision(self) -> VisionService:
        """The cameras' service: one detector shared by every enabled camera."""
        with self._lock:
            service = self.app.services.get(VISION)
            if not isinstance(service, VisionService):
                # a camera that is off when Homebody starts is retried, as one that drops
                service = VisionService(self.app, wait_for_cameras=True)
                self.app.services[VISION] = service
            return service

    def recipes(self) -> RecipeLibrary:
        with self._lock:
            if self._recipes is None:
                self._recipes = RecipeLibrary(self.app.db, self.app.ledger)
            return self._recipes

    def voice(self) -> VoiceService | None:
        """The running voice loop's service, when the app runs one."""
        service = self.app.services.get(VOICE)
        return service if service is not None else None

    def set_voice(self, service: VoiceService) -> None:
        """Register the voice loop's service (the kill switch and apply_settings reach it)."""
        self.app.services[VOICE] = service

    def history(self, limit: int = 50) -> list[HistoryTurn]:
        """The last ``limit`` conversation turns, oldest first."""
        return recent_turns(self.app.db, limit)

    # -- settings --------------------------------------------------------------------------------
    def apply_settings(self, new: Settings) -> list[str]:
        """Use ``new`` settings (already validated and saved) in this process; returns the
        sections that changed. Running voice and camera loops restart on a worker thread so
        new devices, the wake word or cameras take effect at once."""
        old = self.app.settings
        sections = changed_sections(old, new)
        self.app.settings = new
        self.app.inventory.retention_days = dict(new.privacy.retention_days)
        if self.app.guard is not None:
            self.app.guard.allow_hosts(configured_hosts(new))
        if _broker(old) != _broker(new):  # reconnects with the new broker on next use
            home = self.app.services.pop("mqtt", None)
            close = getattr(home, "close", None)
            if callable(close):
                close()
        voice = self.voice()
        if "audio" in sections and voice is not None and voice.listening:
            self._restart("voice", voice)
        vision = self.app.services.get(VISION)
        if "vision" in sections and isinstance(vision, VisionService) and vision.running():
            self._restart("vision", vision)
        return sections

    def _restart(self, name: str, service: Any) -> None:
        def restart() -> None:
            try:
                service.stop()
                service.start()
            except Exception:  # the service's own health line tells the user
                log.exception("the %s service did not restart", name)

        threading.Thread(target=restart, name=f"restart-{name}", daemon=True).start()


def services(app: AppContext) -> Services:
    """The :class:`Services` of ``app`` (made on first use; one per app context)."""
    hub = app.services.get(KEY)
    if not isinstance(hub, Services):
        hub = app.services.setdefault(KEY, Services(app))
    assert isinstance(hub, Services)
    return hub
