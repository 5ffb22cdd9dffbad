"""Voice activity detection: WebRTC VAD or Silero VAD, behind one frame-based interface.

Each detector classifies fixed-size frames of 16 kHz s16le audio and returns a speech
probability (WebRTC: 0.0 or 1.0). :class:`FrameSplitter` adapts the pipeline's chunks (any
size) to the detector's frame size, so results do not depend on how the audio was chunked.
"""

from __future__ import annotations

from collections import deque
from typing import Any, Protocol

import numpy as np

from ..core.errors import SettingsError
from .noise_onset import NEW_NOISE_DB, GateHistory
from .pcm import SAMPLE_RATE, SAMPLE_WIDTH
from .silero_vad import SileroVad

STEADY_S = 0.6
"""How long a sound must stay steady before the noise gate takes it for noise."""
STEADY_DB = 4.0
"""How far (max - min, dB) the frame energies of a steady sound may spread."""
STEADY_MARGIN_DB = 6.0
"""Above a steady noise, speech is what rises this much over the noise's own spread."""
LOUD_DB = 40.0
"""A steady sound above this level (dB re one s16 unit: RMS 100, about -50 dBFS) gets the
narrower margin; a quiet room keeps the full one (12 dB above it is still far below speech)."""
VOICED = 0.55
"""A frame is voiced when it repeats itself at a pitch period (50-400 Hz) with a normalised
autocorrelation above this: the vowels and voiced consonants of espeak-ng, Flite and Piper
voices reach 0.7-1.0, also in 10 dB white noise; white, pink and brown noise stay below it
in three frames of four (chance peaks of a 30 ms frame). A mains hum is periodic too: it
never counts as steady noise, and the floor follows it only by its slow rise."""
VOICED_MARGIN_DB = 3.0
"""Over a loud steady noise, a voiced frame is speech this far above the floor (the noise
itself is not voiced): the voiced syllables said 7-9 dB over a fan are no longer gated."""
VOICED_HANGOVER_S = 0.15
"""Over a loud steady noise, frames the inner detector calls speech stay speech this long
after a voiced one, even below the margin: an "s" or "t" after a vowel ("this song") is only
a few dB over a 14 dB-SNR white noise, and 210 ms of it gated let the quick endpoint cut
"not this one | next"."""
VOICED_SHARE = 0.25
"""A steady stretch with more than this share of voiced frames is speech (a held or slow
vowel, "in the lounge"), never noise, whatever its loudness does."""
SILERO_THRESHOLD = 0.5
"""Silero's speech probability from which a frame is speech (audio.vad = "silero")."""
SILERO_TAIL = 2
"""Frames (32 ms) after Silero's last speech frame that still count as speech: Silero ends
on the word, WebRTC ~20-40 ms after it, and heard without this tail a pause inside a command
is that much longer (docs/VOICE.md, "Silero VAD in noise")."""
TAIL_AFTER = 3
"""Only a run of this many speech frames gets the tail: a lone frame of noise taken for
speech must not grow into the 90 ms that start an utterance."""


def voicing(x: np.ndarray) -> float:
    """How periodic one frame is at a voice's pitch: its highest normalised autocorrelation at
    lags of 2.5-20 ms, searched only after the autocorrelation first drops below zero (a
    low-pass noise's slow decay is not a period). No pre-emphasis: it would lift white noise
    over a voice's harmonics (Piper in 10 dB noise: 7% of its loud frames voiced, against
    93% without)."""
    y = x.astype(np.float64)
    y -= y.mean() if len(y) else 0.0
    n = len(y)
    lo, hi = SAMPLE_RATE // 400, min(SAMPLE_RATE // 50, n - n // 4)
    if hi <= lo:
        return 0.0
    r = np.fft.irfft(np.abs(np.fft.rfft(y, 2 * n)) ** 2)[:hi]
    energy = y * y
    tail = np.cumsum(energy[::-1])[::-1]  # energy of y[k:]
    head = np.cumsum(energy)  # energy of y[: k + 1]
    lags = np.arange(hi)
    norm = r / (np.sqrt(tail[lags] * head[n - 1 - lags]) + 1e-9)
    below = np.flatnonzero(norm[1:] < 0)
    start = max(lo, int(below[0]) + 1 if len(below) else hi)
    return float(norm[start:].max()) if start < hi else 0.0


class VoiceActivityDetector(Protocol):
    name: str
    frame_samples: int

    def speech_probability(self, frame: bytes) -> float:
        """Probability (0..1) that ``frame`` (exactly ``frame_samples`` samples) is speech."""

    def reset(self) -> None: ...


class WebRtcVad:
    """Google's WebRTC VAD (GMM, very cheap). Aggressiveness 0 (lenient) .. 3 (strict)."""

    name = "webrtc"

    def __init__(self, aggressiveness: int = 2, frame_ms: int = 30) -> None:
        if aggressiveness not in (0, 1, 2, 3):
            raise SettingsError(
                f"audio.vad_aggressiveness must be 0, 1, 2 or 3 (got {aggressiveness})."
            )
        if frame_ms not in (10, 20, 30):
            raise SettingsError("WebRTC VAD frames must be 10, 20 or 30 ms long.")
        import webrtcvad  # lazy: optional native library (start-up speed)

        self._vad: Any = webrtcvad.Vad(aggressiveness)
        self.frame_samples = SAMPLE_RATE * frame_ms // 1000

    def speech_probability(self, frame: bytes) -> float:
        return 1.0 if self._vad.is_speech(frame, SAMPLE_RATE) else 0.0

    def reset(self) -> None:
        return None


class EnergyVad:
    """A plain RMS threshold. Only for tests and as a last resort; not the default."""

    name = "energy"

    def __init__(self, threshold_dbfs: float = -40.0, frame_ms: int = 30) -> None:
        self.threshold = 10 ** (threshold_dbfs / 20.0)
        self.frame_samples = SAMPLE_RATE * frame_ms // 1000

    def speech_probability(self, frame: bytes) -> float:
        x = np.frombuffer(frame, dtype="<i2").astype(np.float32) / 32768.0
        rms = float(np.sqrt(np.mean(x * x))) if len(x) else 0.0
        return 1.0 if rms >= self.threshold else 0.0

    def reset(self) -> None:
        return None


class NoiseGatedVad:
    """Wrap a detector: frames less than ``margin_db`` above the tracked noise floor are not
    speech. WebRTC VAD marks scattered frames of steady low noise as speech, which would keep
    an utterance from ever ending; the gate removes those without touching real speech.

    The floor follows the quietest recent frames: it drops at once and rises slowly (~0.6 dB/s)
    — too slowly for a noise that starts (a fan, a tap, a cooker hood): WebRTC VAD calls such
    noise speech, so a command said into it would only end at ``max_utterance_s``. So a
    *steady* sound lifts the floor at once: when the frame energies of the last
    ``steady_s`` stay within ``steady_db`` of each other (speech swings by 20 dB and more
    between syllables within that time; a fan or running water does not), the floor becomes
    their minimum and, while a loud one (above :data:`LOUD_DB`) stays there, the margin
    shrinks to the sound's measured spread plus ``steady_margin_db`` (a 12 dB margin over loud
    noise would gate the weaker half of the speech said over it; a voiced frame needs only
    :data:`VOICED_MARGIN_DB` there, and what follows one stays speech for
    :data:`VOICED_HANGOVER_S` if the inner detector says so). A steady stretch counts only
    when it is not voiced (:func:`voicing`, at most :data:`VOICED_SHARE` of its frames): slow
    or held vowels can stay within a few dB for 0.6 s, and taking them for noise gated the rest
    of the command, which the endpointer then cut in two. When a new noise is learnt, the
    frames behind it that the new floor gates are counted in :attr:`quiet_behind` (see
    noise_onset.py): the silence since the noise began, which the endpoint counts from there.
    All decisions are per frame, in audio time.
    """

    def __init__(
        self,
        inner: VoiceActivityDetector,
        margin_db: float = 12.0,
        steady_s: float = STEADY_S,
        steady_db: float = STEADY_DB,
        steady_margin_db: float = STEADY_MARGIN_DB,
        voiced_share: float = VOICED_SHARE,
        voiced_margin_db: float = VOICED_MARGIN_DB,
        hangover_s: float = VOICED_HANGOVER_S,
        tail: int = 0,
    ) -> None:
        self.inner = inner
        self.tail = tail
        """Frames after the last speech frame that still count as speech (see create_vad)."""
        self._after = tail + 1
        self._run = 0  # speech frames in a row
        self._tailed = False  # the latest run was long enough for the tail
        self.name = inner.name
        self.frame_samples = inner.frame_samples
        self.margin_db = margin_db
        self.floor_db = -np.inf
        self.steady_db = steady_db
        self.steady_margin_db = steady_margin_db
        self.voiced_share = voiced_share
        self.voiced_margin_db = voiced_margin_db
        self._steady: tuple[float, float] | None = None
        """(level dB, margin dB) of the latest steady sound."""
        self._recent: deque[float] = deque(
            maxlen=max(2, round(steady_s * SAMPLE_RATE / self.frame_samples))
        )
        self._voiced: deque[bool] = deque(maxlen=self._recent.maxlen)
        self.hangover_frames = round(hangover_s * SAMPLE_RATE / self.frame_samples)
        self._since_voice = self.hangover_frames
        """Frames since the latest voiced frame heard as speech."""
        self._rise_db = 20 * np.log10(1.002)  # per frame, as before: ~0.6 dB/s at 30 ms
        self._history = GateHistory()
        self.quiet_behind = 0
        """Set on the frame where a new noise is learnt: how many of the latest frames (this
        one included) the new floor gates, i.e. were noise, not speech; 0 on other frames."""

    @property
    def floor(self) -> float:
        """The noise floor as an RMS (s16 units)."""
        return float(10 ** (self.floor_db / 20)) if np.isfinite(self.floor_db) else 0.0

    def speech_probability(self, frame: bytes) -> float:
        x = np.frombuffer(frame, dtype="<i2").astype(np.float32)
        rms = float(np.sqrt(np.mean(x * x))) if len(x) else 0.0
        level = 20 * float(np.log10(max(rms, 10.0)))  # ~-70 dBFS: no microphone is quieter
        self._recent.append(level)
        voiced_now = voicing(x) >= VOICED
        self._voiced.append(voiced_now)
        self._history.add(level, voiced_now)
        if not np.isfinite(self.floor_db) or level < self.floor_db:
            self.floor_db = level
        else:
            self.floor_db += self._rise_db
        floor_before = self.floor_db
        if len(self._recent) == self._recent.maxlen:
            low, high = min(self._recent), max(self._recent)
            voiced = sum(self._voiced) > self.voiced_share * len(self._voiced)
            if high - low <= self.steady_db and not voiced:
                self.floor_db = max(self.floor_db, low)
                if low >= LOUD_DB:
                    narrow = min(self.margin_db, high - low + self.steady_margin_db)
                    self._steady = (low, narrow)
        margin = self.margin_db
        steady = self._steady
        in_noise = steady is not None and self.floor_db >= steady[0] - self.steady_db
        if steady is not None and in_noise:
            margin = steady[1]  # the steady sound is still there
            if voiced_now:
                margin = min(margin, self.voiced_margin_db)
        self.quiet_behind = 0
        if NEW_NOISE_DB and self.floor_db >= floor_before + NEW_NOISE_DB:  # a new noise
            self.quiet_behind = self._history.quiet_run(
                self.floor_db,
                steady[1] if in_noise and steady is not None else self.margin_db,
                self.voiced_margin_db if in_noise else self.margin_db,
                self.hangover_frames if in_noise else 0,
            )
        prob = self.inner.speech_probability(frame)
        heard = level >= self.floor_db + margin
        self._since_voice = 0 if heard and voiced_now else self._since_voice + 1
        if not heard and not (in_noise and self._since_voice <= self.hangover_frames):
            prob = 0.0
        if prob >= 0.5:
            self._after, self._run = 0, self._run + 1
            return prob
        self._after += 1
        if self._after == 1:
            self._tailed, self._run = self._run >= TAIL_AFTER, 0
        return 0.5 if self._tailed and self._after <= self.tail else prob

    def reset(self) -> None:
        self.inner.reset()
        self._after, self._run, self._tailed = self.tail + 1, 0, False


def quiet_samples_behind(vad: VoiceActivityDetector) -> int:
    """Samples of noise behind the frame just classified that a noise gate has just learnt
    (0 for detectors without a gate, and on frames where no new noise was learnt)."""
    return int(getattr(vad, "quiet_behind", 0)) * vad.frame_samples


def create_vad(name: str, aggressiveness: int = 2) -> VoiceActivityDetector:
    """``aggressiveness``: WebRTC's only. Both WebRTC and Silero hear through the noise gate
    (in a quiet room it ends Silero's speech ~50 ms sooner after the last word)."""
    if name == "webrtc":
        return NoiseGatedVad(WebRtcVad(aggressiveness))
    if name == "silero":
        return NoiseGatedVad(SileroVad(SILERO_THRESHOLD), tail=SILERO_TAIL)
    if name == "energy":
        return EnergyVad()
    raise SettingsError(f'audio.vad must be "webrtc", "silero" or "energy" (got {name!r}).')


class FrameSplitter:
    """Feed chunks of any size; get back whole frames of ``frame_samples`` samples."""

    def __init__(self, frame_samples: int) -> None:
        self.frame_bytes = frame_samples * SAMPLE_WIDTH
        self._buffer = bytearray()

    def push(self, chunk: bytes) -> list[bytes]:
        self._buffer.extend(chunk)
        n = len(self._buffer) // self.frame_bytes
        size = self.frame_bytes
        frames = [bytes(self._buffer[i * size : (i + 1) * size]) for i in range(n)]
        del self._buffer[: n * size]
        return frames

    def reset(self) -> None:
        self._buffer.clear()
