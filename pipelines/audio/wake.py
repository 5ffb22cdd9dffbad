"""Always-on wake word detection with microWakeWord (pymicro-wakeword, Apache-2.0).

The four models ship inside the PyPI package (alexa, hey_jarvis, hey_mycroft, okay_nabu); a
custom microWakeWord model is selected by the path of its JSON config. ``sensitivity`` (0..1)
moves the probability cut-off around the model's own tuned value: 0.5 keeps it, lower is
stricter (fewer false accepts), higher is more eager (fewer misses).

Features are computed every 10 ms regardless of how the audio is chunked, so detections do
not depend on chunk size.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..core.errors import ModelError, SettingsError
from .pcm import SAMPLE_RATE, SAMPLE_WIDTH

BUILTIN_WAKE_WORDS = ("okay_nabu", "alexa", "hey_jarvis", "hey_mycroft")
FEATURE_STEP_SAMPLES = 160


@dataclass(frozen=True)
class WakeDetection:
    wake_word: str
    score: float
    at_s: float
    """Position in the detector's input stream (seconds) where the detection fired."""


class WakeWordDetector(Protocol):
    name: str
    phrase: str

    def process(self, chunk: bytes) -> WakeDetection | None: ...

    @property
    def last_score(self) -> float: ...

    def reset(self) -> None: ...


def cutoff_for(sensitivity: float, default_cutoff: float) -> float:
    """Map sensitivity 0..1 to a probability cut-off; 0.5 gives the model's tuned cut-off."""
    if not 0.0 <= sensitivity <= 1.0:
        raise SettingsError(f"audio.wake_sensitivity must be between 0 and 1 (got {sensitivity}).")
    strict, eager = 0.99, 0.5
    if sensitivity <= 0.5:
        return default_cutoff + (0.5 - sensitivity) * 2 * (strict - default_cutoff)
    return default_cutoff - (sensitivity - 0.5) * 2 * (default_cutoff - eager)


def model_config_path(wake_word: str) -> Path:
    """The JSON config of a built-in model, or a custom model's config path."""
    if wake_word in BUILTIN_WAKE_WORDS:
        import pymicro_wakeword

        return Path(pymicro_wakeword.__file__).parent / "models" / f"{wake_word}.json"
    path = Path(wake_word).expanduser()
    if path.suffix == ".json" and path.is_file():
        return path
    raise SettingsError(
        f"Unknown wake word {wake_word!r}: choose one of {', '.join(BUILTIN_WAKE_WORDS)} "
        "or give the path of a microWakeWord model's .json file."
    )


class MicroWakeWordDetector:
    """microWakeWord on a 10 ms feature stream, with a refractory period after each hit."""

    def __init__(
        self, wake_word: str = "okay_nabu", sensitivity: float = 0.5, refractory_s: float = 2.0
    ) -> None:
        config = model_config_path(wake_word)
        try:
            from pymicro_wakeword import MicroWakeWord, MicroWakeWordFeatures

            meta = json.loads(config.read_text(encoding="utf-8"))
            self._model: Any = MicroWakeWord.from_config(config)
            self._features: Any = MicroWakeWordFeatures()
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise ModelError(
                f"The wake word model {wake_word} could not be loaded ({exc}). Reinstall it "
                "with `pip install --force-reinstall pymicro-wakeword`."
            ) from exc
        self.name = Path(config).stem
        self.phrase = str(meta.get("wake_word", self.name))
        self.default_cutoff = float(meta["micro"]["probability_cutoff"])
        self.cutoff = cutoff_for(sensitivity, self.default_cutoff)
        self.refractory_steps = int(refractory_s * SAMPLE_RATE / FEATURE_STEP_SAMPLES)
        self._steps = 0
        self._quiet_until = 0
        self._last = 0.0
        self.peak = 0.0

    @property
    def last_score(self) -> float:
        return self._last

    def process(self, chunk: bytes) -> WakeDetection | None:
        detection: WakeDetection | None = None
        for features in self._features.process_streaming(chunk):
            self._steps += 1
            prob = self._model.process_streaming_prob(features)
            if prob is None or self._model._features:
                continue  # the model runs once every ``stride`` feature steps
            self._last = float(prob)
            self.peak = max(self.peak, self._last)
            if self._last > self.cutoff and self._steps >= self._quiet_until and detection is None:
                self._quiet_until = self._steps + self.refractory_steps
                detection = WakeDetection(
                    self.name, self._last, self._steps * FEATURE_STEP_SAMPLES / SAMPLE_RATE
                )
        return detection

    def reset(self) -> None:
        """Forget the recent audio (after a conversation; reloads the model's state)."""
        self._model.reset()
        self._features.reset()
        self._last = 0.0

    def close(self) -> None:
        self._model.close()


def bytes_to_seconds(n_bytes: int) -> float:
    return n_bytes / (SAMPLE_WIDTH * SAMPLE_RATE)
