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
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..core.errors import ModelError, SettingsError
from .pcm import SAMPLE_RATE, SAMPLE_WIDTH

BUILTIN_WAKE_WORDS = ("okay_nabu", "alexa", "hey_jarvis", "hey_mycroft")
FEATURE_STEP_SAMPLES = 160
VERIFY_WINDOW_S = 2.0
"""Audio before a candidate handed to the second-stage verifier (the wake word is in it)."""
VERIFY_AT_S = (0.7, 1.1)
"""A candidate is verified this long after its score first crossed the candidate cut-off
(again at the second time if the first check said no): the keyphrase search needs a few
hundred ms of audio after the phrase, and where the audio ends sways it."""
VERIFY_WAIT_S = VERIFY_AT_S[-1]

Verifier = Callable[[bytes], bool]
"""Second stage: does this audio (16 kHz s16le) end with the wake word?"""


@dataclass(frozen=True)
class WakeDetection:
    wake_word: str
    score: float
    at_s: float
    """Position in the detector's input stream (seconds) where the detection fired."""
    verified_after_s: float = 0.0
    """For a candidate confirmed by the second stage: how long after its first score
    crossing (the wake word's end is that much earlier than ``at_s``)."""


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
        try:
            import pymicro_wakeword  # lazy: optional native library (start-up speed)
        except ImportError as exc:  # e.g. macOS: no pymicro-wakeword wheel
            raise ModelError(
                "The wake word is not available here: the pymicro-wakeword package is not "
                "installed for this platform. Use push-to-talk instead (Settings > Voice), or "
                "install it with `pip install pymicro-wakeword` where a wheel exists."
            ) from exc

        return Path(pymicro_wakeword.__file__).parent / "models" / f"{wake_word}.json"
    path = Path(wake_word).expanduser()
    if path.suffix == ".json" and path.is_file():
        return path
    raise SettingsError(
        f"Unknown wake word {wake_word!r}: choose one of {', '.join(BUILTIN_WAKE_WORDS)} "
        "or give the path of a microWakeWord model's .json file."
    )


class MicroWakeWordDetector:
    """microWakeWord on a 10 ms feature stream, with a refractory period after each hit.

    Two stages when a ``verifier`` is given: a score above the cut-off is a detection as
    before; a score between ``candidate_cutoff`` and the cut-off is a *candidate*, and the
    last :data:`VERIFY_WINDOW_S` of audio is handed to the verifier (PocketSphinx keyphrase
    spotting, see :mod:`pipelines.speech.asr.wake_verifier`) :data:`VERIFY_AT_S` later. Voices
    the model scores low (espeak-ng's fast female voice peaks at 0.2-0.5) are then still
    heard, while ordinary speech, which rarely reaches even the candidate cut-off, also has
    to pass the phonetic check.
    """

    def __init__(
        self,
        wake_word: str = "okay_nabu",
        sensitivity: float = 0.5,
        refractory_s: float = 2.0,
        *,
        verifier: Verifier | None = None,
        candidate_cutoff: float = 0.15,
    ) -> None:
        config = model_config_path(wake_word)
        try:
            from pymicro_wakeword import (  # lazy: start-up speed
                MicroWakeWord,
                MicroWakeWordFeatures,
            )

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
        self.verifier = verifier
        self.candidate_cutoff = min(candidate_cutoff, self.cutoff)
        self._audio: deque[bytes] = deque()
        self._audio_bytes = 0
        self._candidate_step, self._check = -1, 0
        self._armed = True
        self.verifications = 0
        """Second-stage checks run so far (each one is a candidate the model alone missed)."""

    @property
    def last_score(self) -> float:
        return self._last

    def process(self, chunk: bytes) -> WakeDetection | None:
        if self.verifier is not None:
            self._keep(chunk)
        detection: WakeDetection | None = None
        for features in self._features.process_streaming(chunk):
            self._steps += 1
            prob = self._model.process_streaming_prob(features)
            if prob is None or self._model._features:
                continue  # the model runs once every ``stride`` feature steps
            self._last = float(prob)
            self.peak = max(self.peak, self._last)
            if detection is not None or self._steps < self._quiet_until:
                continue
            if self._last > self.cutoff:
                detection = self._detect(self._last, 0.0)
            elif self.verifier is not None:
                detection = self._candidate()
        return detection

    def _detect(self, score: float, verified_after_s: float) -> WakeDetection:
        self._quiet_until = self._steps + self.refractory_steps
        self._candidate_step, self._check = -1, 0
        at_s = self._steps * FEATURE_STEP_SAMPLES / SAMPLE_RATE
        return WakeDetection(self.name, score, at_s, verified_after_s)

    def _candidate(self) -> WakeDetection | None:
        """Track a score between the two cut-offs; verify it VERIFY_AT_S after it rose."""
        assert self.verifier is not None
        if self._candidate_step < 0:
            if self._last <= self.candidate_cutoff:
                self._armed = True
            elif self._armed:
                self._candidate_step = self._steps
            return None
        waited = (self._steps - self._candidate_step) * FEATURE_STEP_SAMPLES / SAMPLE_RATE
        if waited < VERIFY_AT_S[self._check]:
            return None
        self.verifications += 1
        # Features lag the audio by less than a chunk: verify everything kept so far.
        if self.verifier(b"".join(self._audio)):
            return self._detect(self._last, waited)
        self._check += 1
        if self._check == len(VERIFY_AT_S):
            self._candidate_step, self._check = -1, 0
            self._armed = False  # no more checks until the score has fallen again
        return None

    def _keep(self, chunk: bytes) -> None:
        self._audio.append(chunk)
        self._audio_bytes += len(chunk)
        limit = int((VERIFY_WINDOW_S + VERIFY_WAIT_S) * SAMPLE_RATE) * SAMPLE_WIDTH
        while self._audio and self._audio_bytes - len(self._audio[0]) >= limit:
            self._audio_bytes -= len(self._audio.popleft())

    def reset(self) -> None:
        """Forget the recent audio (after a conversation; reloads the model's state)."""
        self._model.reset()
        self._features.reset()
        self._last = 0.0
        self._audio.clear()
        self._audio_bytes = 0
        self._candidate_step, self._check = -1, 0
        self._armed = True

    def close(self) -> None:
        self._model.close()


def bytes_to_seconds(n_bytes: int) -> float:
    return n_bytes / (SAMPLE_WIDTH * SAMPLE_RATE)
