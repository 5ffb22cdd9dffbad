"""The VAD's noise gate follows a noise that starts (issue 23: a command said into a fan that
was switched on just before it ended only at the 10 s cap)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from pipelines.audio.segmenter import SegmenterConfig, SpeechEnded, UtteranceSegmenter
from pipelines.audio.vad import FrameSplitter, NoiseGatedVad, WebRtcVad

from .conftest import silence


class AlwaysSpeech:
    """An inner detector that, like WebRTC VAD in loud noise, calls every frame speech."""

    name = "always"
    frame_samples = 480

    def speech_probability(self, frame: bytes) -> float:
        return 1.0

    def reset(self) -> None:
        return None


def mixed(pcm: bytes, noise: bytes) -> bytes:
    x = np.frombuffer(pcm, "<i2").astype(np.float64) + np.frombuffer(noise, "<i2")[: len(pcm) // 2]
    return np.clip(x, -32768, 32767).astype("<i2").tobytes()


def decisions(vad: NoiseGatedVad, pcm: bytes) -> list[bool]:
    return [vad.speech_probability(f) >= 0.5 for f in FrameSplitter(vad.frame_samples).push(pcm)]


def syllables(seconds: float, level: float = 6000.0, seed: int = 1) -> bytes:
    """Speech-like: a voiced buzz whose loudness swings 6 times a second, as syllables do."""
    t = np.arange(int(16000 * seconds)) / 16000
    envelope = np.abs(np.sin(2 * np.pi * 3 * t))
    rng = np.random.default_rng(seed)
    x = level * envelope * (np.sin(2 * np.pi * 150 * t) + 0.3 * rng.normal(size=len(t)))
    return np.clip(x, -32768, 32767).astype("<i2").tobytes()


def test_a_noise_that_starts_is_taken_for_noise_within_a_second() -> None:
    vad = NoiseGatedVad(AlwaysSpeech())
    decisions(vad, silence(3.0, noise=20))  # a quiet room: the floor settles low
    heard = decisions(vad, silence(3.0, noise=800, seed=2))  # a fan goes on, 32 dB louder
    per_second = len(heard) // 3
    assert sum(heard[per_second:]) == 0  # from the second second on: all noise
    # the old gate (floor rising ~0.6 dB/s) called it speech for the best part of a minute
    old = NoiseGatedVad(AlwaysSpeech(), steady_db=-1.0)
    decisions(old, silence(3.0, noise=20))
    assert sum(decisions(old, silence(3.0, noise=800, seed=2))[per_second:]) > per_second


def test_speech_over_the_noise_is_still_speech() -> None:
    vad = NoiseGatedVad(AlwaysSpeech())
    fan = silence(6.0, noise=800, seed=3)
    decisions(vad, fan[: 2 * 32000])  # the fan has been on for 2 s
    speech = decisions(vad, mixed(syllables(2.0), fan[2 * 32000 : 4 * 32000]))
    assert sum(speech) / len(speech) > 0.5  # the gate lets the syllables through
    longest_gap = max(len(run) for run in "".join("x" if s else " " for s in speech).split("x"))
    assert longest_gap * 30 < 200  # never a gap the quick endpoint (200 ms) would end on
    after = decisions(vad, fan[4 * 32000 :])
    assert sum(after[len(after) // 3 :]) == 0  # and the fan alone is noise again


def test_a_command_said_as_a_noise_starts_ends_by_silence_not_at_the_cap(
    say: Callable[..., bytes],
) -> None:
    vad = NoiseGatedVad(WebRtcVad(2))
    segmenter = UtteranceSegmenter(SegmenterConfig(trailing_silence_ms=700, max_length_s=10.0))
    command = say("set a timer for ten minutes")
    rms = float(np.sqrt(np.mean(np.frombuffer(command, "<i2").astype(np.float64) ** 2)))
    noise = silence(8.0, noise=rms / 10 ** (15 / 20), seed=4)  # 15 dB SNR, from here on
    pcm = silence(2.0, noise=20) + mixed(silence(0.4) + command + silence(5.0), noise)
    ended = []
    for frame in FrameSplitter(vad.frame_samples).push(pcm):
        ended += [e for e in segmenter.push(frame, vad.speech_probability(frame) >= 0.5)
                  if isinstance(e, SpeechEnded)]  # fmt: skip
    assert [e.reason for e in ended] == ["silence"]
    spoken_until = 2.4 + len(command) / 32000
    assert ended[0].speech_end_s < spoken_until + 1.0


@pytest.mark.parametrize(("room", "heard"), [(20.0, False), (800.0, True)])
def test_only_a_loud_steady_noise_narrows_the_margin(room: float, heard: bool) -> None:
    vad = NoiseGatedVad(AlwaysSpeech())
    decisions(vad, silence(3.0, noise=room, seed=5))
    louder = decisions(vad, silence(0.3, noise=room * 10 ** (9 / 20), seed=6))  # 9 dB up
    assert (sum(louder) > len(louder) // 2) is heard  # a quiet room keeps all 12 dB


@pytest.mark.parametrize("steady_db", [4.0, -1.0])
def test_a_quiet_room_keeps_the_full_margin_against_scattered_frames(steady_db: float) -> None:
    vad = NoiseGatedVad(AlwaysSpeech(), steady_db=steady_db)
    assert sum(decisions(vad, silence(3.0, noise=20))) <= 2  # steady room noise is not speech
