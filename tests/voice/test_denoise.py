"""The recognisers' noise front-end (pipelines/audio/denoise.py) on real synthesised speech."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from pipelines.audio.denoise import FRAME, HOP, DenoiseConfig, SpectralDenoiser, snr_db


def _mix(speech: bytes, snr: float, seed: int, lead_s: float = 0.3) -> tuple[np.ndarray, bytes]:
    """(the clean reference, the same speech in white noise at ``snr`` dB) with a noise-only
    lead like the segmenter's pre-roll."""
    x = np.frombuffer(speech, "<i2").astype(np.float64)
    clean = np.concatenate([np.zeros(int(16000 * lead_s)), x, np.zeros(3200)])
    level = float(np.sqrt(np.mean(x**2))) / 10 ** (snr / 20)
    noisy = clean + np.random.default_rng(seed).normal(0, level, len(clean))
    return clean, np.clip(noisy, -32768, 32767).astype("<i2").tobytes()


def _arr(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, "<i2").astype(np.float64)


@pytest.mark.parametrize("snr", [10.0, 15.0])
def test_snr_improves_on_a_spoken_command_in_noise(say: Callable[..., bytes], snr: float) -> None:
    clean, noisy = _mix(say("set a timer for ten minutes"), snr, seed=3)
    out = SpectralDenoiser().clean(noisy)
    assert len(out) == len(noisy)
    before, after = snr_db(clean, _arr(noisy)), snr_db(clean, _arr(out))
    assert after > before + 2.5, (before, after)


def test_quiet_room_audio_passes_almost_unchanged(say: Callable[..., bytes]) -> None:
    """In a quiet room the gain is ~1: the recognisers hear what they heard without it."""
    _, quiet = _mix(say("what time is it"), 60.0, seed=4)
    out = SpectralDenoiser().clean(quiet)
    assert snr_db(_arr(quiet), _arr(out)) > 25.0


def test_noise_alone_is_suppressed() -> None:
    noise = np.random.default_rng(5).normal(0, 500, 16000).astype("<i2").tobytes()
    out = _arr(SpectralDenoiser().clean(noise))
    rms_in = float(np.sqrt(np.mean(_arr(noise) ** 2)))
    rms_out = float(np.sqrt(np.mean(out[4000:] ** 2)))
    assert rms_out < 0.35 * rms_in  # gain floor 0.1 plus the estimate's spread


@pytest.mark.parametrize("chunk", [160, 480, 1000, 3200, 7777])
def test_streaming_gives_the_same_audio_whatever_the_chunk_size(
    say: Callable[..., bytes], chunk: int
) -> None:
    _, noisy = _mix(say("turn on the kitchen light"), 12.0, seed=6)
    whole = SpectralDenoiser()
    expected = whole.process(noisy) + whole.flush()
    streamed = SpectralDenoiser()
    parts = [streamed.process(noisy[i : i + 2 * chunk]) for i in range(0, len(noisy), 2 * chunk)]
    assert b"".join(parts) + streamed.flush() == expected


def test_the_stream_gives_back_every_sample_and_no_silence_in_front() -> None:
    """At gain 1 the output is the input, sample for sample: nothing added before the first
    sample (the recogniser's own noise and level tracking start on real audio)."""
    x = (np.sin(np.arange(8000) * 0.05) * 3000).astype("<i2").tobytes()
    d = SpectralDenoiser(DenoiseConfig(floor=1.0))  # gain 1: perfect reconstruction
    first = d.process(x[:6400])
    assert len(first) == 6400 - 2 * (FRAME - HOP) - 2 * (3200 % HOP)  # 16 ms + a part hop behind
    out = first + d.process(x[6400:]) + d.flush()
    assert len(out) == len(x)
    assert np.max(np.abs(_arr(out) - _arr(x))) <= 1.0


def test_nothing_comes_out_before_the_noise_is_estimated() -> None:
    d = SpectralDenoiser(DenoiseConfig(noise_ms=200))
    assert d.process(b"\1\0" * 1600) == b""  # 100 ms
    assert d.noise_power is None
    assert d.process(b"\1\0" * 1600) != b""
    assert d.noise_power is not None


def test_a_short_utterance_is_flushed_whole() -> None:
    d = SpectralDenoiser()
    x = np.random.default_rng(7).normal(0, 100, 800).astype("<i2").tobytes()
    out = d.process(x) + d.flush()
    assert len(out) == len(x)
    assert SpectralDenoiser().clean(b"") == b""


def test_pocketsphinx_settings_leave_a_quiet_room_as_it_is_and_still_clean_noise(
    say: Callable[..., bytes],
) -> None:
    """``keep_rms``: PocketSphinx misread near-digital silence (dev: quiet commands 76% -> 64%
    without the limit), so noise already below a quiet room's is not touched."""
    from pipelines.speech.asr.front_end import POCKETSPHINX_DENOISE

    speech = say("what time is it")
    x = np.frombuffer(speech, "<i2").astype(np.float64)
    room = np.concatenate([np.zeros(4800), x, np.zeros(3200)])
    room += np.random.default_rng(8).normal(0, 20, len(room))  # ~-64 dBFS: a quiet room
    quiet = np.clip(room, -32768, 32767).astype("<i2").tobytes()
    out = SpectralDenoiser(POCKETSPHINX_DENOISE).clean(quiet)
    assert np.max(np.abs(_arr(out) - _arr(quiet))) <= 1.0
    clean, noisy = _mix(speech, 12.0, seed=9)
    cleaned = SpectralDenoiser(POCKETSPHINX_DENOISE).clean(noisy)
    assert snr_db(clean, _arr(cleaned)) > snr_db(clean, _arr(noisy)) + 2.5
