"""Every source goes through AudioSource; the microphone backend is driven by a fake stream."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipelines.audio.pcm import RawFormat, write_wav
from pipelines.audio.source import AudioSource, ChunkStreamBackend, FileBackend, MicrophoneBackend
from pipelines.core.errors import DeviceError, InputError


def tone(seconds: float, rate: int = 16000) -> bytes:
    t = np.arange(int(rate * seconds)) / rate
    return (np.sin(2 * np.pi * 300 * t) * 8000).astype("<i2").tobytes()


class FakeStream:
    """Plays a PCM buffer into the callback from another thread, like PortAudio does."""

    def __init__(self, pcm: bytes, **kwargs: Any) -> None:
        self.pcm = pcm
        self.kwargs = kwargs
        self.callback = kwargs["callback"]
        self.blocksize = kwargs["blocksize"]
        self.stopped = threading.Event()
        self.closed = False

    def start(self) -> None:
        def run() -> None:
            step = self.blocksize * 2
            for i in range(0, len(self.pcm), step):
                if self.stopped.is_set():
                    return
                self.callback(self.pcm[i : i + step], self.blocksize, None, None)
            backend.stop()

        backend = self.kwargs["_backend"]
        threading.Thread(target=run, daemon=True).start()

    def stop(self) -> None:
        self.stopped.set()

    def close(self) -> None:
        self.closed = True


def mic_from(pcm: bytes, rate: int = 16000) -> tuple[MicrophoneBackend, list[FakeStream]]:
    made: list[FakeStream] = []
    holder: dict[str, MicrophoneBackend] = {}

    def factory(**kwargs: Any) -> FakeStream:
        stream = FakeStream(pcm, _backend=holder["mic"], **kwargs)
        made.append(stream)
        return stream

    mic = MicrophoneBackend(sample_rate=rate, stream_factory=factory)
    holder["mic"] = mic
    return mic, made


def test_wav_file_gives_fixed_chunks_of_the_same_audio(tmp_path: Path) -> None:
    pcm = tone(1.0)
    path = tmp_path / "t.wav"
    write_wav(path, pcm)
    chunks = list(AudioSource(FileBackend(path)))
    assert {len(c) for c in chunks} == {320}
    assert b"".join(chunks)[: len(pcm)] == pcm


def test_raw_file_and_chunk_stream_match_the_wav(tmp_path: Path) -> None:
    pcm = tone(0.5)
    (tmp_path / "t.raw").write_bytes(pcm)
    raw = b"".join(AudioSource(FileBackend(tmp_path / "t.raw")))
    blocks = [pcm[i : i + 999] for i in range(0, len(pcm), 999)]
    streamed = b"".join(AudioSource(ChunkStreamBackend(blocks)))
    assert raw == streamed


def test_a_44k_stereo_file_is_converted(tmp_path: Path) -> None:
    import wave

    mono = np.frombuffer(tone(1.0, 44100), dtype="<i2")
    path = tmp_path / "cd.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(np.repeat(mono, 2).astype("<i2").tobytes())
    out = b"".join(AudioSource(FileBackend(path)))
    assert abs(len(out) / 32000 - 1.0) < 0.02


def test_microphone_path_gives_what_the_file_path_gives(tmp_path: Path) -> None:
    pcm = tone(1.2, 48000)
    mic, made = mic_from(pcm, 48000)
    from_mic = b"".join(AudioSource(mic).chunks())
    from_stream = b"".join(AudioSource(ChunkStreamBackend([pcm], RawFormat(48000))).chunks())
    assert from_mic == from_stream
    assert made[0].kwargs["samplerate"] == 48000 and made[0].kwargs["dtype"] == "int16"
    assert made[0].closed


def test_microphone_failure_is_a_device_error() -> None:
    def broken(**kwargs: Any) -> Any:
        raise OSError("PortAudio library not found")

    with pytest.raises(DeviceError, match="Could not open the microphone"):
        list(AudioSource(MicrophoneBackend(stream_factory=broken)))


def test_microphone_is_recorded_in_the_ledger(app: Any) -> None:
    from pipelines.speech.pipeline.session import microphone_source

    mic, _ = mic_from(tone(0.3))
    list(microphone_source(app, backend=mic).chunks())
    kinds = [e.kind for e in app.ledger.entries(newest_first=False)]
    assert kinds.count("microphone_opened") == 1 and kinds.count("microphone_closed") == 1
    closed = app.ledger.entries(kind="microphone_closed")[0]
    assert set(closed.detail) == {"device", "seconds"}


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list(AudioSource(FileBackend(tmp_path / "missing.wav")))
