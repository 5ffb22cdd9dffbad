"""Fixtures for the voice tests: speech synthesised with espeak-ng at test time (temp dir)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from pipelines.privacy import egress


@pytest.fixture(autouse=True)
def _no_leftover_egress_guard() -> Iterator[None]:
    """`main([...])` opens the app with its process-wide egress guard, as a user's run does;
    remove it afterwards so it does not block later tests in this process (the Wyoming
    privacy test connects from a LAN address)."""
    before = egress.current_guard()
    yield
    guard = egress.current_guard()
    if before is None and guard is not None:
        guard.uninstall()
        egress._GLOBAL = None


@pytest.fixture(scope="session")
def say() -> Callable[..., bytes]:
    """``say(text, voice="en-us", speed=175)`` -> 16 kHz mono s16le from espeak-ng."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt install espeak-ng)")
    from pipelines.speech.tts.speaker import espeak_pcm

    cache: dict[tuple[str, str, int], bytes] = {}

    def _say(text: str, voice: str = "en-us", speed: int = 175) -> bytes:
        key = (text, voice, speed)
        if key not in cache:
            cache[key] = espeak_pcm(text, voice, speed)
        return cache[key]

    return _say


def silence(seconds: float, noise: float = 0.0, seed: int = 0) -> bytes:
    n = int(16000 * seconds)
    if noise <= 0:
        return b"\0\0" * n
    rng = np.random.default_rng(seed)
    return np.clip(rng.normal(0, noise, n), -32768, 32767).astype("<i2").tobytes()


@pytest.fixture(scope="session")
def flite() -> Callable[..., bytes]:
    """``flite(text, voice="slt", stretch=1.0)`` -> 16 kHz s16le from CMU Flite (apt: flite).

    Flite's voices are made from recorded speech; espeak-ng's formant voices are so unlike
    people that PocketSphinx's acoustic model misreads many of them (see docs/BENCHMARKS.md).
    """
    if shutil.which("flite") is None:
        pytest.skip("flite is not installed (apt install flite)")
    from pipelines.speech.tts.speaker import flite_pcm

    return flite_pcm


@pytest.fixture
def wav_file(tmp_path: Path) -> Callable[..., Path]:
    """Write PCM (16 kHz s16le) to a WAV file in a temp dir, optionally at another rate."""
    from pipelines.audio.pcm import write_wav

    def _write(pcm: bytes, name: str = "speech.wav") -> Path:
        path = tmp_path / name
        write_wav(path, pcm)
        return path

    return _write


@pytest.fixture
def no_prebuilt_speech(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Hide the install's prebuilt speech files (``./scripts/setup`` puts the command LM, the
    grammar and the joined Whisper base into ``<venv>/share/homebody``): a test that checks a
    build lands in its own cache, or reads a fresh build, must not find them. Returns the
    (empty) stand-in install folder."""
    from pipelines.speech.lm import builds as speech_builds

    install = tmp_path / "no-install"
    monkeypatch.delenv(speech_builds.PREBUILT_ENV, raising=False)
    monkeypatch.setattr(speech_builds, "install_dir", lambda: install)
    return install
