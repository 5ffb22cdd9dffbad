"""Typed pipeline events and the one callback bus every subscriber listens on.

Stages emit START/END/ERROR events with timestamps and latency. The GUI, the CLI's ``--json``
output, the privacy ledger and the run history all subscribe to the same :class:`EventBus`.
Payloads are small JSON-friendly summaries: audio and images never travel in events. The
voice pipeline's stages end with typed payloads (frozen dataclasses below, ``event.payload``);
``event.data`` is the same payload as a dict for subscribers that read JSON (the CLI, the GUI).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

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


class Payload(Protocol):
    """A stage's typed result summary (frozen dataclass) that can be written as JSON."""

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class WakeEnd:
    """The wake word was heard (and has ended: the command's audio starts after it)."""

    wake_word: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"wake_word": self.wake_word, "score": round(self.score, 4)}


@dataclass(frozen=True)
class AsrEnd:
    """The words of one utterance, as the recognisers (and the choice between them) read them."""

    text: str
    confidence: float
    engine: str
    end_reason: str = ""
    """Why the utterance ended: "silence", "quick_silence", "max_length", "end_of_input"..."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "confidence": round(self.confidence, 4),
            "engine": self.engine,
            "end_reason": self.end_reason,
        }


@dataclass(frozen=True)
class UnderstandEnd:
    """What the words were understood as (the intent "act" is given)."""

    text: str
    intent: str
    confidence: float
    slots: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "slots": dict(self.slots),
        }


@dataclass(frozen=True)
class ActEnd:
    """The skill's answer."""

    response: str
    action: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"response": self.response, "action": self.action}


@dataclass(frozen=True)
class TtsEnd:
    """The spoken reply has started playing (``latency_ms``: time to its first sound)."""

    text: str
    voice: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "voice": self.voice}


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
    payload: Payload | None = None
    """END events of the voice pipeline's stages: the typed result (``data`` is its dict)."""

    def __post_init__(self) -> None:
        if self.payload is not None and not self.data:
            object.__setattr__(self, "data", self.payload.to_dict())

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
