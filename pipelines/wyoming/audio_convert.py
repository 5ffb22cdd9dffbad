"""Audio a Wyoming peer announces (any rate, width, channels) <-> Homebody's 16 kHz mono s16le.

The conversion is streaming: a :class:`ToInternal` converter is made per ``audio-start`` and
keeps its resampler's history across chunks, so a stream cut into chunks of any size gives
the same samples as the whole. Unsupported formats fail early with a clear
:class:`~pipelines.core.errors.InputError` instead of decoding noise.
"""

from __future__ import annotations

import numpy as np

from ..audio.pcm import (
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    RawFormat,
    StreamResampler,
    decode_pcm,
    to_s16,
)
from ..core.errors import InputError


def announced_format(data: dict[str, object]) -> RawFormat:
    """The format in an ``audio-start``/``audio-chunk`` event's data, validated."""
    try:
        rate = int(data["rate"])  # type: ignore[call-overload]
        width = int(data["width"])  # type: ignore[call-overload]
        channels = int(data["channels"])  # type: ignore[call-overload]
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            "Audio events must announce rate, width and channels as whole numbers."
        ) from exc
    if channels > 16:
        raise InputError(f"Audio with {channels} channels is not supported (at most 16).")
    return RawFormat(rate, channels, width).validate()


def chunk_format(data: dict[str, object], stream: RawFormat) -> RawFormat:
    """An ``audio-chunk``'s format: its own, or the stream's when it announces none."""
    if not any(key in data for key in ("rate", "width", "channels")):
        return stream
    return announced_format(data)


class ToInternal:
    """Convert one stream of announced-format PCM bytes to 16 kHz mono s16le."""

    def __init__(self, fmt: RawFormat) -> None:
        self.format = fmt.validate()
        self._frame = fmt.sample_width * fmt.channels
        self._rest = b""
        self._resampler = StreamResampler(fmt.sample_rate, SAMPLE_RATE)
        self.native = fmt == RawFormat(SAMPLE_RATE, 1, SAMPLE_WIDTH)

    def convert(self, data: bytes) -> bytes:
        if self.native and not self._rest:
            usable = len(data) - len(data) % self._frame
            self._rest = data[usable:]
            return data[:usable]
        data = self._rest + data
        usable = len(data) - len(data) % self._frame
        self._rest = data[usable:]
        if not usable:
            return b""
        samples = decode_pcm(data[:usable], self.format)
        return to_s16(self._resampler.process(samples))

    def flush(self) -> bytes:
        self._rest = b""
        if self.native:
            return b""
        return to_s16(self._resampler.flush())


def from_internal(pcm: bytes, rate: int, width: int = 2, channels: int = 1) -> bytes:
    """16 kHz mono s16le -> ``rate``/``width``/``channels`` (what a satellite wants to play)."""
    fmt = RawFormat(rate, channels, width).validate()
    samples = decode_pcm(pcm, RawFormat())
    resampler = StreamResampler(SAMPLE_RATE, fmt.sample_rate)
    samples = np.concatenate([resampler.process(samples), resampler.flush()])
    clipped = np.clip(samples, -1.0, 1.0 - 1e-9)
    if fmt.sample_width == 1:
        out = ((clipped * 128.0) + 128.0).astype(np.uint8)
    elif fmt.sample_width == 2:
        out = (clipped * 32768.0).astype("<i2")
    else:
        out = (clipped * 2147483648.0).astype("<i4")
    if fmt.channels > 1:
        out = np.repeat(out, fmt.channels)
    return out.tobytes()
