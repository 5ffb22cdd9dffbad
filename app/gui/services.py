"""Background services the desktop app runs while it is open (timer scheduler...).

Each service is optional: when its module is not part of this build it is skipped, and the
pages that depend on it show that state.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from .session import GuiSession

log = logging.getLogger(__name__)


def start_services(session: GuiSession) -> list[str]:
    """Start the services this build has; returns their names."""
    started: list[str] = []
    for name, factory in _FACTORIES:
        try:
            service = factory(session.app)
        except ImportError:
            continue
        except Exception:
            log.exception("the %s service could not start", name)
            continue
        if service is not None:
            session.app.services[name] = service
            started.append(name)
    return started


def stop_services(session: GuiSession) -> None:
    for name, _factory in _FACTORIES:
        service = session.app.services.get(name)
        stop = getattr(service, "stop", None)
        if callable(stop):
            try:
                stop()
            except Exception:
                log.exception("the %s service did not stop cleanly", name)


def _timer_scheduler(app: Any) -> Any:
    """The reminder service: rings finished timers and due alarms (NOTICE events)."""
    module = importlib.import_module("pipelines.skills.timer_scheduler")
    return module.start_reminders(app)


_FACTORIES = (("timer_scheduler", _timer_scheduler),)
