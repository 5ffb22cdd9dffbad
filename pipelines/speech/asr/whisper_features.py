"""Whisper's log-mel features in NumPy (no torch, no librosa): 80 Slaney mel bands of a
400-point FFT every 10 ms, as the models were trained with."""

from __future__ import annotations

import numpy as np


def mel_filters(n_fft: int = 400, n_mels: int = 80, rate: int = 16000) -> np.ndarray:
    """Slaney-style mel filter bank, as Whisper was trained with."""
    fft_freqs = np.fft.rfftfreq(n_fft, 1.0 / rate)
    mels = np.linspace(0.0, 45.245640471924965, n_mels + 2)
    freqs = 200.0 / 3 * mels
    log_region = mels >= 15.0  # above 1 kHz the scale is logarithmic
    freqs[log_region] = 1000.0 * np.exp(np.log(6.4) / 27.0 * (mels[log_region] - 15.0))
    ramps = freqs[:, None] - fft_freqs[None, :]
    widths = np.diff(freqs)
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (freqs[2:] - freqs[:-2]))[:, None]
    return weights.astype(np.float32)


_FILTERS = mel_filters()


def log_mel(samples: np.ndarray) -> np.ndarray:
    """Whisper's log-mel features (80 x frames) of 16 kHz float samples."""
    n_fft, hop = 400, 160
    x = np.pad(samples.astype(np.float32), (0, hop))
    x = np.pad(x, (n_fft // 2, n_fft // 2), mode="reflect")
    frames = 1 + (len(x) - n_fft) // hop
    windows = np.lib.stride_tricks.as_strided(
        x, (frames, n_fft), (x.strides[0] * hop, x.strides[0])
    )
    spectrum = np.fft.rfft(windows * np.hanning(n_fft + 1)[:-1].astype(np.float32), axis=-1)
    power = (np.abs(spectrum[:-1]) ** 2).T.astype(np.float32)
    spec = np.log10(np.clip(_FILTERS @ power, 1e-10, None))
    spec = np.maximum(spec, spec.max() - 8.0)
    out: np.ndarray = ((spec + 4.0) / 4.0).astype(np.float32)
    return out
