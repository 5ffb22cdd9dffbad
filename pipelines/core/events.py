"""Typed pipeline events and the one callback bus every subscriber listens on.

Stages emit START/END/ERROR events with timestamps and latency. The GUI, the CLI's ``--json``
output, the privacy ledger and the run history all subscribe to the same :class:`EventBus`.
Payloads are small JSON-friendly summaries: audio and images never travel in events.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

log = logging.getLogger(__name__)


class EventType(StrEnum):
    RUN_START = "run-start"
    RUN_END = "run-end"
    START = "start"
    END = "end"
    ERROR = "error"
    PROGRESS = "progress"
    """A stage's intermediate result, e.g. a partial transcript or a wake-word score."""
    NOTICE = "notice"
    """Something outside a run: a timer finished, a camera dropped, a model was loaded."""


@dataclass(frozen=True)
class PipelineEvent:
    type: EventType
    stage: str
    timestamp: float
    """Wall-clock time (``time.time()``) when the event was emitted."""
    run_id: str = ""
    latency_ms: float | None = None
    """For END and ERROR: how long the stage took."""
    data: Mapping[str, Any] = field(default_factory=dict)
    error_code: str | None = None
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type.value,
            "stage": self.stage,
            "timestamp": self.timestamp,
        }
        if self.run_id:
            out["run_id"] = self.run_id
        if self.latency_ms is not None:
            out["latency_ms"] = round(self.latency_ms, 3)
        if self.data:
            out["data"] = dict(self.data)
        if self.error_code:
            out["error_code"] = self.error_code
        if self.message:
            out["message"] = self.message
        return out


EventCallback = Callable[[PipelineEvent], None]


class EventBus:
    """Fan one stream of events out to many subscribers, isolating their failures."""

    def __init__(self) -> None:
        self._subscribers: list[EventCallback] = []
        self._lock = threading.Lock()

    def subscribe(self, callback: EventCallback) -> Callable[[], None]:
        """Add a subscriber; returns a function that removes it again."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def emit(self, event: PipelineEvent) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(event)
            except Exception:  # a broken subscriber must not break the pipeline
                log.exception("event subscriber %r failed on %s", callback, event.type)
