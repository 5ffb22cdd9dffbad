"""How the last words before a pause sound: the energy and pitch contour at the end of speech.

A statement that ends falls: its last syllable is quieter and lower than the speech before it.
A speaker who pauses to think mid-command often holds the pitch or lets it rise ("set a timer
for ..."). :func:`final_contour` measures the last ``window_s`` of speech before the pause
(16 kHz s16le, pure numpy, deterministic: the same audio always gives the same numbers) so an
endpointer could weigh it beside the words. A measurement tool (``bench.voice_contour_dev``):
the voice loop does not use it, because level pitch also ends 35-40% of Flite and Piper
commands (docs/VOICE.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.audio.pcm import SAMPLE_RATE

FRAME = SAMPLE_RATE * 30 // 1000
"""Pitch frames of 30 ms (two periods of a 70 Hz voice) ..."""
HOP = SAMPLE_RATE * 10 // 1000
"""... every 10 ms."""
VOICED = 0.55
"""Normalised autocorrelation at the pitch period from which a frame counts as voiced (the
noise gate's threshold, audio/vad.py)."""


@dataclass(frozen=True)
class FinalContour:
    """The last stretch of speech before a pause, against the utterance before it."""

    energy_drop_db: float
    """Mean level of the last 100 ms of speech below the loudest 30 ms frame of the utterance
    (dB, positive: quieter); a decaying final syllable gives a large drop."""
    pitch_drop_st: float
    """Median pitch of the last voiced 150 ms below the utterance's median pitch (semitones,
    positive: lower); nan when too few frames are voiced to say."""
    pitch_slope_st: float
    """Pitch change across the final window (semitones per second, negative: falling); nan
    when it cannot be measured."""
    voiced_share: float
    """Share of the final window's frames that are voiced."""


def _frames(x: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Level (dB) and f0 (Hz, 0 when unvoiced) of the 30 ms frames at ``starts``. The f0 is
    the autocorrelation peak at lags of 2.5-20 ms, searched after its first zero crossing (as
    the noise gate's ``voicing``), all frames at once."""
    y = x[starts[:, None] + np.arange(FRAME)]
    y = y - y.mean(axis=1, keepdims=True)
    level = 10 * np.log10(np.mean(y * y, axis=1) + 1.0)
    hi = SAMPLE_RATE // 50
    r = np.fft.irfft(np.abs(np.fft.rfft(y, 2 * FRAME, axis=1)) ** 2, axis=1)[:, :hi]
    energy = y * y
    tail = np.cumsum(energy[:, ::-1], axis=1)[:, ::-1][:, :hi]  # energy of y[k:]
    head = np.cumsum(energy, axis=1)[:, FRAME - 1 - np.arange(hi)]  # energy of y[: n - k]
    norm = r / (np.sqrt(tail * head) + 1e-9)
    below = norm[:, 1:] < 0
    first = np.where(below.any(axis=1), below.argmax(axis=1) + 1, hi)
    lags = np.arange(hi)
    allowed = (lags[None, :] >= np.maximum(SAMPLE_RATE // 400, first)[:, None]) & (
        lags[None, :] < hi
    )
    masked = np.where(allowed, norm, -np.inf)
    lag = masked.argmax(axis=1)
    strength = masked[np.arange(len(lag)), lag]
    voiced = (strength >= VOICED) & (level > 30.0) & np.isfinite(strength)
    f0 = np.where(voiced, SAMPLE_RATE / np.maximum(lag, 1), 0.0)
    return level, f0


def _semitones(hz: np.ndarray, ref: float) -> np.ndarray:
    return 12.0 * np.log2(hz / ref)


def final_contour(pcm: bytes, end: int | None = None, window_s: float = 0.3) -> FinalContour:
    """The contour of the speech in ``pcm`` (s16le) up to sample ``end`` (default: all of it;
    the VAD's last speech frame in the voice loop), its last ``window_s`` against the rest."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    if end is not None:
        x = x[: max(0, end)]
    nan = float("nan")
    win = max(1, int(window_s * 100))
    if len(x) < FRAME + (win + 10) * HOP:
        return FinalContour(0.0, nan, nan, 0.0)
    tail_from = len(x) - FRAME - (win + 9) * HOP  # the final window and 100 ms before it
    fine = np.arange(tail_from, len(x) - FRAME + 1, HOP)
    coarse = np.arange(0, tail_from, 4 * HOP)  # the utterance before it, every 40 ms
    level, f0 = _frames(x, np.concatenate([coarse, fine]))
    tail_level, tail_f0 = level[len(coarse) :], f0[len(coarse) :][-win:]
    loudest = max(float(np.max(level)), float(np.convolve(tail_level, np.ones(10) / 10).max()))
    drop = loudest - float(np.mean(tail_level[-10:]))
    voiced_share = float(np.mean(tail_f0 > 0))
    sampled = np.concatenate([f0[: len(coarse)], f0[len(coarse) :: 4]])  # every 40 ms
    all_voiced = sampled[sampled > 0]
    if len(all_voiced) < 5 or np.count_nonzero(tail_f0) < 3:
        return FinalContour(drop, nan, nan, voiced_share)
    ref = float(np.median(all_voiced))
    idx = np.flatnonzero(tail_f0 > 0)
    st = _semitones(tail_f0[idx], ref)
    pitch_drop = -float(np.median(st[-15:]))
    slope = float(np.polyfit(idx / 100.0, st, 1)[0]) if len(idx) >= 3 else nan
    return FinalContour(drop, pitch_drop, slope, voiced_share)
