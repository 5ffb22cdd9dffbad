"""A streaming noise-reduction front-end for the speech recognisers (issue 23).

A Wiener filter in the short-time Fourier domain: the noise's power spectrum is estimated
from the first ``noise_ms`` of each utterance — the segmenter's pre-roll, audio from before
speech started — and each frame's bins are scaled by the decision-directed Wiener gain
(Ephraim & Malah's a-priori SNR estimate, which keeps "musical noise" low), never below
``floor``. Steady noise (a fan, a fridge, traffic, a hiss) is what it removes; it does not
touch a quiet room's audio much, because there the gain is ~1 everywhere.

Streaming: :meth:`SpectralDenoiser.process` takes chunks of any size and returns the cleaned
audio so far, sample for sample the input's (no silence is added in front: PocketSphinx took
16 ms of digital zeros at the start of every utterance badly), 16 ms behind it in time, which
:meth:`flush` gives back at the end. Until ``noise_ms`` of audio has arrived nothing comes out
(the pre-roll arrives in one piece when speech starts, so the recogniser waits for nothing).
The same audio gives the same output whatever the chunk sizes (tests check it).

Cost: one 512-point real FFT and its inverse per 16 ms hop (numpy), ~2-4 ms per second of
audio on one core (docs/VOICE.md, ``python -m bench.voice_denoise_dev``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FRAME = 512
"""Samples per analysis frame at 16 kHz (32 ms)."""
HOP = FRAME // 2
"""Samples between frames (16 ms): square-root Hann windows at 50% overlap add back to one."""
_WINDOW = np.sqrt(0.5 - 0.5 * np.cos(2 * np.pi * np.arange(FRAME) / FRAME))
"""Periodic square-root Hann: analysis x synthesis = Hann, which overlap-adds to exactly 1."""


@dataclass(frozen=True)
class DenoiseConfig:
    noise_ms: int = 200
    """Audio at the start of each utterance taken as noise alone (the pre-roll is 300 ms)."""
    floor: float = 0.1
    """Smallest gain (-20 dB): deeper suppression leaves the recognisers "musical" tones."""
    smoothing: float = 0.98
    """Decision-directed weight of the previous frame's clean estimate in the a-priori SNR."""
    over_subtraction: float = 1.0
    """The noise estimate is scaled by this before the gain is computed."""
    keep_rms: float = 0.0
    """Noise is never pushed below a white noise of this RMS (s16 units; 0: no limit): a
    quiet room's audio passes as it is, and the recognisers never hear near-digital silence
    (PocketSphinx's energy and cepstral normalisation misread it)."""
    track: float = 0.9
    """Frames whose power stays within 2x the noise estimate update it with this weight of
    the old estimate (slow drifts of the noise follow; 1.0 freezes it)."""


class SpectralDenoiser:
    """One utterance's noise reduction; :meth:`reset` (or a new instance) per utterance."""

    def __init__(self, config: DenoiseConfig | None = None) -> None:
        self.config = config or DenoiseConfig()
        self.reset()

    def reset(self) -> None:
        self._pending = np.zeros(0, np.float64)
        """Input not yet analysed (less than a hop, or all of it before the noise is known)."""
        self._tail = np.zeros(FRAME - HOP, np.float64)
        """The overlap-add buffer: the synthesis of the frames so far beyond the last hop."""
        self._noise: NDArray[np.float64] | None = None
        self._prev_clean: NDArray[np.float64] | None = None
        self._history = np.zeros(FRAME - HOP, np.float64)
        """The last ``FRAME - HOP`` input samples analysed (each frame reaches back over them)."""
        self.samples_in = 0
        self._lead = FRAME - HOP
        """Output samples still to drop: the synthesis of the zeros before the first input."""

    @property
    def noise_power(self) -> NDArray[np.float64] | None:
        """The noise power per frequency bin (``FRAME // 2 + 1``), once estimated."""
        return self._noise

    def process(self, pcm: bytes) -> bytes:
        """Clean ``pcm`` (16 kHz s16le); returns the cleaned audio ready so far."""
        x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
        self.samples_in += len(x)
        self._pending = np.concatenate([self._pending, x])
        if self._noise is None:
            need = self.config.noise_ms * 16
            if len(self._pending) < max(need, FRAME):
                return b""
            self._noise = _noise_power(self._pending[: max(need, FRAME)])
        return self._emit(self._run())

    def flush(self) -> bytes:
        """The rest of the utterance: what is still pending and the overlap-add tail."""
        if self._noise is None:
            if not len(self._pending):
                return b""
            self._noise = _noise_power(self._pending)
        n = len(self._pending)
        self._pending = np.concatenate([self._pending, np.zeros(HOP - n % HOP + FRAME, np.float64)])
        return self._emit(self._run()[: n + FRAME - HOP])

    def clean(self, pcm: bytes) -> bytes:
        """A whole utterance at once, the same length as ``pcm``."""
        self.reset()
        return self.process(pcm) + self.flush()

    def _emit(self, out: NDArray[np.float64]) -> bytes:
        drop = min(self._lead, len(out))
        self._lead -= drop
        return _to_pcm(out[drop:])

    def _floor(self) -> NDArray[np.float64] | float:
        """Each bin's smallest gain: ``floor``, or more where that would leave less noise
        than ``keep_rms`` (a white noise of RMS r has power r^2 * FRAME / 2 in each bin
        under the Hann-squared window)."""
        cfg = self.config
        if cfg.keep_rms <= 0 or self._noise is None:
            return cfg.floor
        keep = cfg.keep_rms * np.sqrt(FRAME / 2) / np.sqrt(self._noise + 1e-9)
        return np.asarray(np.clip(keep, cfg.floor, 1.0), np.float64)

    def _run(self) -> NDArray[np.float64]:
        """Analyse every whole hop pending; the synthesised samples that are final."""
        assert self._noise is not None
        hops = len(self._pending) // HOP
        out = np.empty(hops * HOP, np.float64)
        cfg = self.config
        for h in range(hops):
            chunk = self._pending[h * HOP : (h + 1) * HOP]
            frame = np.concatenate([self._history, chunk])
            self._history = frame[HOP:]
            spec = np.fft.rfft(frame * _WINDOW)
            power = spec.real**2 + spec.imag**2
            noise = self._noise * cfg.over_subtraction + 1e-9
            posterior = power / noise
            if self._prev_clean is None:
                prior = np.maximum(posterior - 1.0, 0.0)
            else:
                prior = cfg.smoothing * self._prev_clean / noise + (1 - cfg.smoothing) * np.maximum(
                    posterior - 1.0, 0.0
                )
            gain = np.maximum(prior / (1.0 + prior), self._floor())
            self._prev_clean = (gain**2) * power
            if cfg.track < 1.0 and power.sum() < 2.0 * self._noise.sum():
                self._noise = cfg.track * self._noise + (1 - cfg.track) * power
            frame_out = np.fft.irfft(spec * gain, FRAME) * _WINDOW
            frame_out[: FRAME - HOP] += self._tail
            out[h * HOP : (h + 1) * HOP] = frame_out[:HOP]
            self._tail = frame_out[HOP:]
        self._pending = self._pending[hops * HOP :]
        return out


def _noise_power(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Mean power spectrum of the frames of ``x`` (each bin's median, which a stray click or
    the first phoneme at the end of the pre-roll moves less than the mean; x 1/ln 2 corrects the
    median of an exponential distribution to its mean)."""
    starts = range(0, max(1, len(x) - FRAME + 1), HOP)
    frames = [np.pad(x[s : s + FRAME], (0, max(0, FRAME - len(x[s : s + FRAME])))) for s in starts]
    spec = np.fft.rfft(np.asarray(frames) * _WINDOW, axis=1)
    power = spec.real**2 + spec.imag**2
    return np.asarray(np.median(power, axis=0) / np.log(2.0), np.float64)


def _to_pcm(x: NDArray[np.float64]) -> bytes:
    return bytes(np.clip(np.round(x), -32768, 32767).astype("<i2").tobytes())


def snr_db(clean: NDArray[np.float64], noisy: NDArray[np.float64]) -> float:
    """SNR of ``noisy`` against the reference ``clean`` (same length), dB."""
    err = noisy - clean
    return float(10 * np.log10((np.sum(clean**2) + 1e-9) / (np.sum(err**2) + 1e-9)))
