"""What the voice loop (voice.py) works with: its settings, its states, the turn it returns,
and the protocols of the parts it is given (second-pass recogniser, assistant, speaker)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from ...audio.segmenter import SegmenterConfig
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

    def close(self) -> None:
        """Release its worker (idempotent); it takes no more work afterwards."""


class Answerer(Protocol):
    def ask(self, text: str, *, source: str = "text") -> Any: ...


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

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "transcript": self.transcript.text,
            "asr": self.transcript.to_dict(),
            "end_reason": self.reason,
            "latency_ms": {k: round(v, 2) for k, v in self.latencies_ms.items()},
            "run_id": self.run_id,
        }
        if self.turn is not None:
            data = self.turn.to_dict()
            out.update(
                {k: data[k] for k in ("intent", "confidence", "slots", "response") if k in data}
            )
        return out
