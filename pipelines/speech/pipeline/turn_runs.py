"""The spoken turns' runs: at most one open at a time, and the voice events tagged with it.

A turn's run begins when the wake word is heard (stage "wake") or, without one, when speech
starts (stage "asr"), and ends with the turn (or when nothing is said after the wake word:
an "asr" ERROR ``no_speech``). PROGRESS and NOTICE events carry the open run's ``run_id``.
"""

from __future__ import annotations

import time
from typing import Any

from ...audio.wake import WakeDetection
from ...core.errors import InputError
from ...core.events import EventBus, EventType, PipelineEvent, WakeEnd
from ...core.runner import Pipeline, PipelineRun


class TurnRuns:
    def __init__(self, pipeline: Pipeline, bus: EventBus) -> None:
        self.pipeline = pipeline
        self.bus = bus
        self.current: PipelineRun | None = None
        self._wake: WakeDetection | None = None

    @property
    def run_id(self) -> str:
        return self.current.run_id if self.current is not None else ""

    def progress(self, stage: str, **data: Any) -> None:
        self._emit(EventType.PROGRESS, stage, data)

    def notice(self, run_id: str, **data: Any) -> None:
        self.bus.emit(PipelineEvent(EventType.NOTICE, "voice", time.time(), run_id, data=data))

    def _emit(self, kind: EventType, stage: str, data: dict[str, Any]) -> None:
        self.bus.emit(PipelineEvent(kind, stage, time.time(), self.run_id, data=data))

    def wake_heard(self, hit: WakeDetection) -> None:
        """A new turn: its "wake" stage lasts until the wake word has ended."""
        self.end()
        self.current = self.pipeline.begin()
        self.current.start("wake")
        self._wake = hit
        self.progress("wake", wake_word=hit.wake_word, score=round(hit.score, 4))

    def wake_ended(self) -> None:
        hit, self._wake = self._wake, None
        if self.current is not None and hit is not None:
            self.current.end("wake", WakeEnd(hit.wake_word, hit.score))

    def asr_started(self) -> None:
        if self.current is None:  # entered at "asr": no wake word before this utterance
            self.current = self.pipeline.begin()
        self.current.start("asr")

    def nothing_said(self) -> None:
        """Listening timed out: after the wake word that fails the turn's "asr" stage; a
        follow-up window nobody used never began a run."""
        if self.current is not None:
            self.current.fail("asr", InputError("Nothing was said.", code="no_speech"))
        self.end()

    def end(self) -> None:
        run, self.current = self.current, None
        if run is not None:
            run.finish()
