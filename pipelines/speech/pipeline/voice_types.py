"""What the voice pipeline (voice.py) works with: its settings, its states, the turn it
returns, and the protocols of the parts it is given (second-pass recogniser, assistant,
speaker)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from ...audio.segmenter import SegmenterConfig, SpeechEnded
from ...core.errors import HomebodyError
from ...core.intent import Intent
from ...core.runner import PipelineRun
from ..asr.base import Transcript


class VoiceState(StrEnum):
    IDLE = "idle"
    WAKE_TAIL = "wake_tail"
    LISTENING = "listening"
    FOLLOW_UP = "follow_up"


class SecondPass(Protocol):
    """Another recogniser's reading of the utterance and the choice between the readings
    (see reading_chooser.ReadingChooser; ``start(pcm)``, when present, is called as the
    utterance ends, before the first recogniser's final pass)."""

    def speculate(self, pcm: bytes) -> None: ...

    def cancel(self) -> None: ...

    def choose(self, transcript: Transcript, pcm: bytes) -> Transcript: ...

    def chosen_intent(self, text: str) -> Intent | None:
        """The intent the choice understood ``text`` as (the chosen reading's), if any."""

    def close(self) -> None:
        """Release its worker (idempotent); it takes no more work afterwards."""


class Answerer(Protocol):
    """The assistant: its "understand" and "act" stages run inside the spoken turn's run (a
    ``pipeline`` attribute, when it has one, is the pipeline whose runs the turns are)."""

    def ask(
        self,
        text: str,
        *,
        source: str = "text",
        intent: Intent | None = None,
        run: PipelineRun | None = None,
    ) -> Any: ...


class Speaker(Protocol):
    @property
    def speaking(self) -> bool: ...

    def say(self, text: str) -> Any: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class VoiceConfig:
    segmenter: SegmenterConfig = field(default_factory=SegmenterConfig)
    listen_timeout_s: float = 6.0
    """After the wake word: give up if nobody speaks for this long."""
    follow_up_s: float = 4.0
    """After a reply: listen this long without the wake word (0 turns it off)."""
    speak: bool = True


@dataclass(frozen=True)
class VoiceTurn:
    transcript: Transcript
    turn: Any
    """The assistant's Turn (None when nothing was recognised)."""
    reason: str
    speech_end_s: float
    latencies_ms: dict[str, float]
    run_id: str
    error: HomebodyError | None = None
    """The failing stage's error (its ERROR event carried the same code)."""
    ended_at_s: float = 0.0
    """Where in the audio stream (s since the loop's first frame) the endpoint ended the
    utterance: a benchmark that knows where the speech really ended measures the wait."""

    @classmethod
    def failed(cls, error: HomebodyError, event: SpeechEnded, run_id: str) -> VoiceTurn:
        """A turn whose speech recognition failed: nothing heard, nothing answered."""
        return cls(Transcript(""), None, event.reason, event.speech_end_s, {}, run_id, error)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "transcript": self.transcript.text,
            "asr": self.transcript.to_dict(),
            "end_reason": self.reason,
            "latency_ms": {k: round(v, 2) for k, v in self.latencies_ms.items()},
            "run_id": self.run_id,
        }
        if self.error is not None:
            out["error"] = self.error.to_dict()
        if self.turn is not None:
            data = self.turn.to_dict()
            out.update(
                {k: data[k] for k in ("intent", "confidence", "slots", "response") if k in data}
            )
        return out
