from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from pipelines.audio.pcm import RawFormat, Rechunker, StreamResampler, decode_pcm, read_wav, to_s16
from pipelines.core.errors import InputError


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
@pytest.mark.parametrize("block", [7, 160, 441, 4096])
def test_streaming_resampler_equals_whole_signal(rate: int, block: int) -> None:
    from scipy.signal import resample_poly

    rng = np.random.default_rng(1)
    x = (rng.standard_normal(rate // 4) * 0.1).astype(np.float32)
    r = StreamResampler(rate)
    whole = resample_poly(x, r.up, r.down).astype(np.float32)
    parts = [r.process(x[i : i + block]) for i in range(0, len(x), block)] + [r.flush()]
    y = np.concatenate(parts)
    assert len(y) == len(whole)
    assert np.allclose(y, whole, atol=1e-5)


def test_resampler_keeps_a_tone_at_its_frequency() -> None:
    t = np.arange(48000) / 48000
    x = np.sin(2 * np.pi * 440 * t).astype(np.float32)
    r = StreamResampler(48000)
    y = np.concatenate([r.process(x[i : i + 1000]) for i in range(0, len(x), 1000)] + [r.flush()])
    spectrum = np.abs(np.fft.rfft(y))
    assert abs(np.argmax(spectrum) * 16000 / len(y) - 440) < 2


def test_decode_stereo_and_8_bit() -> None:
    stereo = np.array([1000, 3000, -2000, 0], dtype="<i2").tobytes()
    mono = decode_pcm(stereo, RawFormat(16000, 2, 2))
    assert np.allclose(mono * 32768, [2000, -1000])
    eight = bytes([128, 255, 0])
    assert np.allclose(decode_pcm(eight, RawFormat(16000, 1, 1)), [0.0, 127 / 128, -1.0])
    assert (
        to_s16(np.array([2.0, -2.0], dtype=np.float32))
        == np.array([32767, -32768], "<i2").tobytes()
    )


def test_rechunker_cuts_exact_sizes_and_pads_the_rest() -> None:
    r = Rechunker(4)
    assert r.push(b"abcdefghij") == [b"abcd", b"efgh"]
    assert r.push(b"k") == []
    assert r.flush() == [b"ijk\0"]


def test_read_wav_rejects_non_wav_with_advice(tmp_path: Path) -> None:
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio")
    with pytest.raises(InputError, match="not a PCM WAV"):
        read_wav(bad)
    with pytest.raises(InputError, match="does not exist"):
        read_wav(tmp_path / "missing.wav")


def test_read_wav_reads_format(tmp_path: Path) -> None:
    path = tmp_path / "s.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(b"\0\0" * 200)
    frames, fmt = read_wav(path)
    assert fmt == RawFormat(44100, 2, 2) and len(frames) == 400
