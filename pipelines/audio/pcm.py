"""PCM helpers: the one internal audio format, conversion to it, resampling and re-chunking.

Inside Homebody audio is always 16 kHz, mono, signed 16-bit little-endian PCM ("s16le") in
fixed-size chunks. Every source (microphone, WAV/raw file, a stream of chunks) is converted
to that format here, so wake word, VAD and speech recognition never see anything else.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from math import gcd
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..core.errors import InputError
from .polyphase import PolyphaseResampler

SAMPLE_RATE = 16000
SAMPLE_WIDTH = 2
CHANNELS = 1
DEFAULT_CHUNK_MS = 10
"""10 ms chunks: the step of microWakeWord's features and a valid WebRTC VAD frame."""

Int16Array = npt.NDArray[np.int16]
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class RawFormat:
    """How a source delivers its samples before conversion."""

    sample_rate: int = SAMPLE_RATE
    channels: int = CHANNELS
    sample_width: int = SAMPLE_WIDTH
    """Bytes per sample: 1 (unsigned 8-bit), 2 (signed 16-bit) or 4 (signed 32-bit)."""

    def validate(self) -> RawFormat:
        if self.sample_rate < 4000 or self.sample_rate > 384000:
            raise InputError(
                f"Unsupported sample rate {self.sample_rate} Hz (use 8–192 kHz audio)."
            )
        if self.channels < 1:
            raise InputError("Audio must have at least one channel.")
        if self.sample_width not in (1, 2, 4):
            raise InputError(
                f"Unsupported sample width of {self.sample_width} bytes: use 8, 16 or 32-bit PCM."
            )
        return self


def chunk_samples(chunk_ms: int = DEFAULT_CHUNK_MS, rate: int = SAMPLE_RATE) -> int:
    return rate * chunk_ms // 1000


def decode_pcm(data: bytes, fmt: RawFormat) -> FloatArray:
    """Interleaved PCM bytes -> mono float32 in [-1, 1] (channels averaged)."""
    width = fmt.sample_width
    usable = len(data) - len(data) % (width * fmt.channels)
    raw = data[:usable]
    if width == 1:
        samples = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 2:
        samples = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    else:
        samples = np.frombuffer(raw, dtype="<i4").astype(np.float32) / 2147483648.0
    if fmt.channels > 1:
        samples = samples.reshape(-1, fmt.channels).mean(axis=1)
    return samples.astype(np.float32, copy=False)


def to_s16(samples: FloatArray) -> bytes:
    clipped = np.clip(samples, -1.0, 32767.0 / 32768.0)
    return (clipped * 32768.0).astype("<i2").tobytes()


class StreamResampler:
    """Resample a float stream block by block with a polyphase FIR (no clicks at block edges).

    Keeps the last samples of the previous block as filter history and drops the output that
    corresponds to them, so resampling in pieces equals resampling the whole signal.
    """

    def __init__(self, rate_in: int, rate_out: int = SAMPLE_RATE) -> None:
        self.rate_in = rate_in
        self.rate_out = rate_out
        g = gcd(rate_in, rate_out)
        self.up = rate_out // g
        self.down = rate_in // g
        self._history = np.zeros(0, dtype=np.float32)
        self._consumed = 0  # input samples consumed so far
        self._emitted = 0  # output samples emitted so far
        self._pad = 64 * max(self.down // self.up, 1) + 64
        self._poly: PolyphaseResampler | None = None

    def _resample(self, x: FloatArray) -> FloatArray:
        """Polyphase FIR resampling (``resample_poly``'s filter), designed once: the design
        dominates the cost of resampling small microphone blocks."""
        if self._poly is None:
            self._poly = PolyphaseResampler(self.up, self.down)
        return self._poly(x)

    @property
    def passthrough(self) -> bool:
        return self.up == self.down

    def process(self, samples: FloatArray) -> FloatArray:
        if self.passthrough:
            return samples
        buf = np.concatenate([self._history, samples])
        start_in = self._consumed - len(self._history)
        self._consumed += len(samples)
        out = self._resample(buf)
        # Output sample k of this buffer sits at global output index (start_in*up/down + k).
        first_global = -(-start_in * self.up // self.down)
        # Only emit output far enough from the buffer end to be final (filter tail).
        final_until = (self._consumed - self._pad) * self.up // self.down
        lo = self._emitted - first_global
        hi = final_until - first_global
        emitted = out[max(lo, 0) : max(hi, 0)] if hi > lo else np.zeros(0, np.float32)
        self._emitted += len(emitted)
        # Keep history from an input index that is a multiple of ``down`` (grid-aligned).
        start = self._consumed - min(len(buf), 2 * self._pad)
        start = max(start - start % self.down, start_in)
        self._history = buf[start - start_in :]
        return emitted

    def flush(self) -> FloatArray:
        if self.passthrough:
            return np.zeros(0, np.float32)
        start_in = self._consumed - len(self._history)
        out = self._resample(self._history)
        first_global = -(-start_in * self.up // self.down)
        total = -(-self._consumed * self.up // self.down)  # ceil, as resample_poly
        rest = out[self._emitted - first_global : total - first_global]
        self._emitted += len(rest)
        self._history = np.zeros(0, dtype=np.float32)
        return rest


class Rechunker:
    """Cut a byte stream into chunks of exactly ``size`` bytes (the rest waits for more)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._buffer = bytearray()

    def push(self, data: bytes) -> list[bytes]:
        self._buffer.extend(data)
        n = len(self._buffer) // self.size
        chunks = [bytes(self._buffer[i * self.size : (i + 1) * self.size]) for i in range(n)]
        del self._buffer[: n * self.size]
        return chunks

    def flush(self, pad: bool = True) -> list[bytes]:
        if not self._buffer:
            return []
        rest = bytes(self._buffer)
        self._buffer.clear()
        return [rest + b"\x00" * (self.size - len(rest))] if pad else [rest]


def read_wav(path: Path) -> tuple[bytes, RawFormat]:
    """The frames and format of a PCM WAV file, with clear errors for anything else."""
    try:
        with wave.open(str(path), "rb") as wav:
            fmt = RawFormat(wav.getframerate(), wav.getnchannels(), wav.getsampwidth())
            frames = wav.readframes(wav.getnframes())
    except FileNotFoundError as exc:
        raise InputError(f"Audio file {path} does not exist.") from exc
    except (wave.Error, EOFError) as exc:
        why = str(exc) or ("the file is empty" if path.stat().st_size == 0 else "it ends early")
        raise InputError(
            f"{path} is not a PCM WAV file ({why}). Convert it, e.g. "
            f"`sox {path.name} -r 16000 -c 1 -b 16 out.wav`."
        ) from exc
    return frames, fmt.validate()


def write_wav(path: Path, pcm: bytes, rate: int = SAMPLE_RATE) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(rate)
        wav.writeframes(pcm)


def silence_note(pcm: bytes, name: str) -> str:
    """Why a recording gave no turn, in one line: empty, digital silence, or too quiet/no
    speech (with its length and peak level), for ``listen --wav`` and ``transcribe``."""
    if len(pcm) < SAMPLE_WIDTH:
        return f"{name} contains no audio."
    x = np.frombuffer(pcm[: len(pcm) // SAMPLE_WIDTH * SAMPLE_WIDTH], dtype="<i2")
    peak = int(np.max(np.abs(x.astype(np.int32))))
    seconds = duration_s(pcm)
    if peak == 0:
        return f"{name} is silent: {seconds:.1f} s of digital silence."
    dbfs = 20 * np.log10(peak / 32768)
    return f"No speech was heard in {name} ({seconds:.1f} s, loudest sample {dbfs:.0f} dBFS)."


def duration_s(pcm: bytes, rate: int = SAMPLE_RATE) -> float:
    return len(pcm) / (SAMPLE_WIDTH * rate)
