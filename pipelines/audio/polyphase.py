"""Polyphase rational resampling in NumPy, equal to ``scipy.signal.resample_poly``'s default.

SciPy is 75 MB in an installer for this one function, so the same filter design (a
Kaiser-windowed sinc, beta 5, half length 10 x max(up, down), cut-off at the lower Nyquist
rate) and the same output alignment are implemented here. ``tests/voice/test_pcm.py`` checks
the result against SciPy where SciPy is installed (the dev extra).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
_BLOCK = 4096
"""Output samples computed at once (bounds memory for long files)."""


def design_lowpass(up: int, down: int) -> npt.NDArray[np.float64]:
    """``firwin(2 * half_len + 1, 1 / max_rate, window=("kaiser", 5.0))``."""
    max_rate = max(up, down)
    numtaps = 2 * 10 * max_rate + 1
    cutoff = 1.0 / max_rate
    m = np.arange(numtaps) - (numtaps - 1) / 2
    h = cutoff * np.sinc(cutoff * m) * np.kaiser(numtaps, 5.0)
    result: npt.NDArray[np.float64] = h / h.sum()
    return result


class PolyphaseResampler:
    """Resample whole signals by ``up/down`` with a fixed, pre-designed filter."""

    def __init__(self, up: int, down: int) -> None:
        self.up = up
        self.down = down
        h = design_lowpass(up, down) * up
        half_len = (len(h) - 1) // 2
        pre_pad = down - half_len % down
        self._skip = (half_len + pre_pad) // down  # outputs that belong to the filter delay
        h = np.concatenate([np.zeros(pre_pad), h])
        taps = -(-len(h) // up)
        padded = np.zeros(taps * up)
        padded[: len(h)] = h
        # phase p uses taps h[p], h[p + up], h[p + 2 up], ...
        self._phases = padded.reshape(taps, up).T.copy()
        self._taps = taps

    def __call__(self, x: FloatArray) -> FloatArray:
        n_in = len(x)
        n_out = -(-n_in * self.up // self.down)
        out = np.empty(n_out, dtype=np.float32)
        lags = np.arange(self._taps)
        source = np.concatenate([x.astype(np.float64), [0.0]])  # index n_in reads a zero
        for start in range(0, n_out, _BLOCK):
            n = np.arange(start, min(start + _BLOCK, n_out)) + self._skip
            pos = n * self.down
            idx = (pos // self.up)[:, None] - lags[None, :]
            idx = np.where((idx >= 0) & (idx < n_in), idx, n_in)
            out[start : start + len(n)] = np.einsum(
                "nl,nl->n", source[idx], self._phases[pos % self.up]
            )
        return out
