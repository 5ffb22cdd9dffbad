"""Synthesise ``timer_chime.wav``: a soft two-note bell (E6 then C6), 16 kHz mono 16-bit.

Run ``python assets/sounds/make_chime.py`` to rebuild it; the output is deterministic.
Each note is a sine with two quiet inharmonic partials (bell-like) and an exponential decay.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 16000
NOTES = ((1318.5, 0.0), (1046.5, 0.28))  # (frequency Hz, start s)
LENGTH_S = 1.1


def chime() -> np.ndarray:
    t = np.arange(int(RATE * LENGTH_S)) / RATE
    out = np.zeros_like(t)
    for freq, start in NOTES:
        local = np.clip(t - start, 0, None)
        on = t >= start
        envelope = np.exp(-local * 5.0) * np.minimum(1.0, local / 0.004)
        tone = (
            np.sin(2 * np.pi * freq * local)
            + 0.3 * np.sin(2 * np.pi * freq * 2.76 * local)
            + 0.12 * np.sin(2 * np.pi * freq * 5.4 * local)
        )
        out += on * envelope * tone
    fade = np.minimum(1.0, (t[-1] - t) / 0.05)
    out *= fade
    return (out / np.max(np.abs(out)) * 0.6 * 32767).astype("<i2")


def main(path: Path | None = None) -> Path:
    path = path or Path(__file__).with_name("timer_chime.wav")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(chime().tobytes())
    return path


if __name__ == "__main__":
    print(main())
