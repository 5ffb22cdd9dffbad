"""The streaming speech recogniser contract shared by every engine.

An engine is loaded once (``prepare()``) and opens one :class:`RecognitionStream` per
utterance. The stream takes 16 kHz mono s16le audio as it arrives (``accept``), may return a
partial transcript, and gives the final :class:`Transcript` — words with times and
confidences where the engine has them — from ``finish()``.

``mode`` chooses the language model: ``"command"`` decodes with the language model built
from the assistant's own sentence templates (accurate on commands), ``"free"`` with the
engine's general language model (list items, recipe names, anything).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

MODES = ("command", "free")


@dataclass(frozen=True)
class Word:
    text: str
    start_s: float
    end_s: float
    confidence: float
    """0..1; 1.0 when the engine gives no confidence."""


@dataclass(frozen=True)
class Transcript:
    text: str
    words: tuple[Word, ...] = ()
    confidence: float = 0.0
    """Utterance-level confidence 0..1 (mean word confidence, or the engine's own)."""
    engine: str = ""
    mode: str = "command"
    audio_s: float = 0.0
    decode_ms: float = 0.0
    """Time spent in ``finish()`` after the last audio arrived (the part the user waits for)."""
    alternatives: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "confidence": round(self.confidence, 4),
            "engine": self.engine,
            "mode": self.mode,
            "audio_s": round(self.audio_s, 3),
            "decode_ms": round(self.decode_ms, 2),
            "words": [
                {
                    "word": w.text,
                    "start": round(w.start_s, 3),
                    "end": round(w.end_s, 3),
                    "confidence": round(w.confidence, 4),
                }
                for w in self.words
            ],
        }


class RecognitionStream(Protocol):
    def accept(self, pcm: bytes) -> str | None:
        """Add audio; returns the new partial transcript when it changed, else None."""

    def finish(self) -> Transcript:
        """No more audio: the final transcript."""


class SpeechRecognizer(Protocol):
    name: str

    def prepare(self) -> None:
        """Load models; raise ModelError / ModelNotInstalledError with a clear message."""

    def stream(self, mode: str = "command") -> RecognitionStream: ...


def transcribe(recognizer: SpeechRecognizer, pcm: bytes, mode: str = "command") -> Transcript:
    """Recognise a whole utterance at once (files, tests, benchmarks)."""
    stream = recognizer.stream(mode)
    step = 3200  # 100 ms, like a live stream
    for i in range(0, len(pcm), step):
        stream.accept(pcm[i : i + step])
    return stream.finish()
