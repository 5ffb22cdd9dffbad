"""One audio path for every source: microphone, WAV/raw file, or any stream of PCM blocks.

A *backend* only delivers raw PCM blocks in its native format (sample rate, channels, width).
:class:`AudioSource` turns every backend's blocks into the internal format — 16 kHz mono s16le
in fixed-size chunks — through the same conversion, resampling and re-chunking code. Tests feed
files through :class:`AudioSource` exactly as the microphone does; the microphone backend
itself can be driven by a fake stream, so nothing here needs a sound card to be tested.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from ..core.errors import DeviceError, InputError
from .pcm import (
    DEFAULT_CHUNK_MS,
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    RawFormat,
    Rechunker,
    StreamResampler,
    chunk_samples,
    decode_pcm,
    read_wav,
    to_s16,
)


class AudioBackend(Protocol):
    """Where raw PCM comes from. ``blocks()`` ends when the source is exhausted or closed."""

    name: str
    format: RawFormat

    def open(self) -> None: ...

    def blocks(self) -> Iterator[bytes]: ...

    def close(self) -> None: ...


class AudioSource:
    """Iterate over fixed-size 16 kHz mono s16le chunks from any backend."""

    def __init__(
        self,
        backend: AudioBackend,
        chunk_ms: int = DEFAULT_CHUNK_MS,
        on_open: Callable[[AudioBackend], None] | None = None,
        on_close: Callable[[AudioBackend], None] | None = None,
    ) -> None:
        self.backend = backend
        self.chunk_ms = chunk_ms
        self.chunk_bytes = chunk_samples(chunk_ms) * SAMPLE_WIDTH
        self._on_open = on_open
        self._on_close = on_close

    @property
    def name(self) -> str:
        return self.backend.name

    def chunks(self) -> Iterator[bytes]:
        fmt = self.backend.format.validate()
        resampler = StreamResampler(fmt.sample_rate, SAMPLE_RATE)
        rechunker = Rechunker(self.chunk_bytes)
        self.backend.open()
        if self._on_open is not None:
            self._on_open(self.backend)
        try:
            frame = fmt.sample_width * fmt.channels
            carry = b""  # a block may end in the middle of a sample frame
            for block in self.backend.blocks():
                if not block:
                    continue
                data = carry + bytes(block)
                usable = len(data) - len(data) % frame
                data, carry = data[:usable], data[usable:]
                pcm = to_s16(resampler.process(decode_pcm(data, fmt)))
                yield from rechunker.push(pcm)
            yield from rechunker.push(to_s16(resampler.flush()))
            yield from rechunker.flush(pad=True)
        finally:
            self.backend.close()
            if self._on_close is not None:
                self._on_close(self.backend)

    def __iter__(self) -> Iterator[bytes]:
        return self.chunks()


class FileBackend:
    """A WAV file (any PCM rate/channels/width) or a headerless raw file of known format."""

    def __init__(
        self,
        path: Path,
        raw_format: RawFormat | None = None,
        block_frames: int = 4096,
        realtime: bool = False,
    ) -> None:
        self.path = Path(path)
        self.name = f"file:{self.path.name}"
        self.block_frames = block_frames
        self.realtime = realtime
        """Pace blocks at the speed of the audio, like a microphone (for demos/latency)."""
        self._is_raw = raw_format is not None or self.path.suffix.lower() in (".raw", ".pcm")
        self._data = b""
        self.format = raw_format or RawFormat()
        if not self._is_raw:
            self._data, self.format = read_wav(self.path)

    def open(self) -> None:
        if not self._is_raw or self._data:
            return
        try:
            self._data = self.path.read_bytes()
        except FileNotFoundError as exc:
            raise InputError(f"Audio file {self.path} does not exist.") from exc

    def blocks(self) -> Iterator[bytes]:
        step = self.block_frames * self.format.sample_width * self.format.channels
        start = time.monotonic()
        for i in range(0, len(self._data), step):
            if self.realtime:
                due = start + (i / (self.format.sample_width * self.format.channels)) / (
                    self.format.sample_rate
                )
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            yield self._data[i : i + step]

    def close(self) -> None:
        return None


class ChunkStreamBackend:
    """Any iterable of PCM byte blocks (a network stream, a test's generated audio...)."""

    def __init__(self, blocks: Iterable[bytes], fmt: RawFormat | None = None, name: str = "stream"):
        self._blocks = blocks
        self.format = fmt or RawFormat()
        self.name = name

    def open(self) -> None:
        return None

    def blocks(self) -> Iterator[bytes]:
        yield from self._blocks

    def close(self) -> None:
        return None


StreamFactory = Callable[..., Any]
"""Builds a PortAudio-like input stream: ``factory(samplerate=, channels=, dtype=, device=,
blocksize=, callback=)`` returning an object with ``start()``, ``stop()`` and ``close()``."""


def _sounddevice_stream(**kwargs: Any) -> Any:
    import sounddevice  # lazy: optional native library (start-up speed)

    return sounddevice.RawInputStream(**kwargs)


class MicrophoneBackend:
    """A microphone via sounddevice/PortAudio, opened at the device's rate (16 kHz if it can).

    PortAudio calls ``_callback`` from its own thread; blocks travel through a bounded queue
    (old audio is dropped rather than building up latency if the consumer stalls).
    """

    def __init__(
        self,
        device: str | int | None = None,
        sample_rate: int = SAMPLE_RATE,
        block_ms: int = 30,
        stream_factory: StreamFactory | None = None,
        max_queue: int = 200,
    ) -> None:
        self.device: str | int | None = _device_arg(device)
        self.format = RawFormat(sample_rate, 1, SAMPLE_WIDTH)
        self.name = f"microphone:{device or 'default'}"
        self.block_frames = sample_rate * block_ms // 1000
        self._factory = stream_factory or _sounddevice_stream
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=max_queue)
        self._stream: Any = None
        self._closed = threading.Event()
        self.overflows = 0
        self.dropped_blocks = 0

    def open(self) -> None:
        self._closed.clear()
        try:
            self._stream = self._factory(
                samplerate=self.format.sample_rate,
                channels=1,
                dtype="int16",
                device=self.device,
                blocksize=self.block_frames,
                callback=self._callback,
            )
            self._stream.start()
        except DeviceError:
            raise
        except Exception as exc:  # PortAudioError, OSError (no PortAudio), ValueError (device)
            raise DeviceError(
                f"Could not open the microphone {self.device or '(system default)'}: {exc}. "
                "Check that a microphone is connected and allowed, or choose another input "
                "device in Settings → Audio (`homebody listen --wav FILE` works without one)."
            ) from exc

    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        if status:
            self.overflows += 1
        try:
            self._queue.put_nowait(bytes(indata))
        except queue.Full:
            self.dropped_blocks += 1

    def blocks(self) -> Iterator[bytes]:
        while True:
            try:
                block = self._queue.get(timeout=0.5)
            except queue.Empty:
                if self._closed.is_set():
                    break
                continue
            if block is None:
                break
            yield block

    def stop(self) -> None:
        """Ask ``blocks()`` to end (from any thread)."""
        self._closed.set()
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)

    def close(self) -> None:
        self._closed.set()
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
            finally:
                stream.close()


def _device_arg(device: str | int | None) -> str | int | None:
    if device is None or device == "":
        return None
    if isinstance(device, str) and device.isdigit():
        return int(device)
    return device


def list_input_devices() -> list[dict[str, Any]]:
    """Names and indices of the input devices PortAudio sees (empty without PortAudio)."""
    try:
        import sounddevice  # lazy: optional native library (start-up speed)
    except OSError:
        return []
    devices = []
    for index, info in enumerate(sounddevice.query_devices()):
        if int(info.get("max_input_channels", 0)) > 0:
            devices.append(
                {"index": index, "name": info["name"], "rate": info["default_samplerate"]}
            )
    return devices
