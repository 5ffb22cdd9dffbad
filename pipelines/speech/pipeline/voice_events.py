"""The voice loop's events on ``app.bus`` (the GUI subscribes to these):

- ``PROGRESS`` stage ``"voice"``: ``{"state": "idle" | "listening" | "thinking" | "speaking" |
  "follow_up"}`` whenever the state changes;
- ``PROGRESS`` stage ``"wake"``: ``{"wake_word", "score"}`` when the wake word is heard;
- ``PROGRESS`` stage ``"asr"``: ``{"partial": text}`` while the user speaks;
- ``START``/``END`` stage ``"asr"`` (END carries ``latency_ms`` = final decode after the end of
  speech, and ``data`` = the transcript); the assistant's own ``understand``/``act`` events;
- ``NOTICE`` stage ``"voice"``: ``{"turn": VoiceTurn.to_dict()}`` after each turn, and
  ``{"barge_in": true}`` when "stop" interrupted a reply.

Transcripts travel only in events (in memory), never into the privacy ledger.
"""

from __future__ import annotations

import time
from typing import Any

from ...core.events import EventBus, EventType, PipelineEvent


class VoiceEvents:
    """Emits the loop's events, each tagged with the current conversation's ``run_id``."""

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus
        self.run_id = ""

    def progress(self, stage: str, **data: Any) -> None:
        self.emit(EventType.PROGRESS, stage, data=data)

    def notice(self, data: dict[str, Any]) -> None:
        self.emit(EventType.NOTICE, "voice", data=data)

    def emit(
        self,
        kind: EventType,
        stage: str,
        latency_ms: float | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.bus.emit(
            PipelineEvent(
                kind,
                stage,
                time.time(),
                run_id=self.run_id,
                latency_ms=latency_ms,
                data=data or {},
            )
        )
