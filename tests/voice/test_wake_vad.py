"""Wake word and voice activity on speech synthesised at test time."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipelines.audio.vad import FrameSplitter, SileroVad, WebRtcVad, create_vad
from pipelines.audio.wake import MicroWakeWordDetector, cutoff_for
from pipelines.core.errors import SettingsError

from .conftest import silence


def detections(pcm: bytes, chunk_bytes: int, **kwargs: object) -> list[float]:
    detector = MicroWakeWordDetector(**kwargs)  # type: ignore[arg-type]
    hits = []
    for i in range(0, len(pcm), chunk_bytes):
        hit = detector.process(pcm[i : i + chunk_bytes])
        if hit is not None:
            hits.append(hit.at_s)
    return hits


def test_okay_nabu_is_detected_once(say: Callable[..., bytes]) -> None:
    pcm = silence(0.5) + say("okay nabu, what time is it") + silence(1.0)
    hits = detections(pcm, 320)
    assert len(hits) == 1
    assert 0.5 < hits[0] < 0.5 + 1.2  # during or right after the wake word


@pytest.mark.parametrize("chunk_bytes", [2, 320, 962, 3200, 16000])
def test_detection_does_not_depend_on_chunk_size(
    say: Callable[..., bytes], chunk_bytes: int
) -> None:
    pcm = silence(0.3) + say("okay nabu, turn on the lights") + silence(0.5)
    assert detections(pcm, chunk_bytes) == detections(pcm, 320)


def test_other_speech_does_not_wake_it(say: Callable[..., bytes]) -> None:
    pcm = say("set a timer for five minutes and add milk to the shopping list")
    assert detections(pcm, 320) == []
    assert detections(say("okay nabu"), 320, wake_word="alexa") == []


def test_sensitivity_moves_the_cutoff() -> None:
    assert cutoff_for(0.5, 0.85) == pytest.approx(0.85)
    assert cutoff_for(0.0, 0.85) > 0.85 > cutoff_for(1.0, 0.85)
    with pytest.raises(SettingsError):
        cutoff_for(1.5, 0.85)
    with pytest.raises(SettingsError, match="Unknown wake word"):
        MicroWakeWordDetector("hey_computer")


def speech_fraction(vad: WebRtcVad | SileroVad, pcm: bytes) -> float:
    frames = FrameSplitter(vad.frame_samples).push(pcm)
    return sum(vad.speech_probability(f) >= 0.5 for f in frames) / len(frames)


@pytest.mark.parametrize("name", ["webrtc", "silero"])
def test_vad_tells_speech_from_silence(say: Callable[..., bytes], name: str) -> None:
    vad = create_vad(name, 2)
    assert speech_fraction(vad, silence(1.0, noise=20)) < 0.2  # type: ignore[arg-type]
    vad.reset()
    assert speech_fraction(vad, say("the quick brown fox jumps over the lazy dog")) > 0.5  # type: ignore[arg-type]


def test_bad_vad_settings() -> None:
    with pytest.raises(SettingsError):
        create_vad("webrtc", 7)
    with pytest.raises(SettingsError):
        create_vad("magic")
