"""The default voice-activity detector in a noise that starts just before a command: the end
of speech is found where the words end, not half a second later (issue 23)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from pipelines.audio.segmenter import SegmenterConfig, SpeechEnded, UtteranceSegmenter
from pipelines.audio.vad import (
    FrameSplitter,
    NoiseGatedVad,
    SileroVad,
    create_vad,
    quiet_samples_behind,
)
from pipelines.core.settings_schema import AudioSettings

from .conftest import silence


def noisy_command(say: Callable[..., bytes], snr_db: float, lead_s: float) -> tuple[bytes, float]:
    """A quiet room, then white noise that begins ``lead_s`` before a command said into it;
    also where the command's sound really ends (s)."""
    speech = np.frombuffer(say("set a timer for ten minutes"), "<i2").astype(np.float64)
    loud = np.flatnonzero(np.abs(speech) > 300)
    level = float(np.sqrt(np.mean(speech[loud[0] : loud[-1]] ** 2))) / 10 ** (snr_db / 20)
    rng = np.random.default_rng(7)
    noisy = np.concatenate([np.zeros(int(16000 * lead_s)), speech, np.zeros(16000 * 2)])
    noisy += rng.normal(0, level, len(noisy))
    pcm = silence(1.0, 20, seed=3) + np.clip(noisy, -32768, 32767).astype("<i2").tobytes()
    return pcm, 1.0 + lead_s + (loud[-1] + 1) / 16000


def ends(name: str, pcm: bytes) -> list[SpeechEnded]:
    vad = create_vad(name, 2)
    seg = UtteranceSegmenter(SegmenterConfig(trailing_silence_ms=700))
    out = []
    for frame in FrameSplitter(vad.frame_samples).push(pcm):
        speaking = vad.speech_probability(frame) >= 0.5
        out += [e for e in seg.push(frame, speaking, quiet_samples_behind(vad))
                if isinstance(e, SpeechEnded)]  # fmt: skip
    return out


def test_the_default_detector_is_silero_behind_the_noise_gate() -> None:
    vad = create_vad(AudioSettings().vad, AudioSettings().vad_aggressiveness)
    assert AudioSettings().vad == "silero"
    assert isinstance(vad, NoiseGatedVad) and isinstance(vad.inner, SileroVad)


@pytest.mark.parametrize("snr_db", [10.0, 15.0])
def test_the_end_of_speech_is_found_in_a_noise_that_just_began(
    say: Callable[..., bytes], snr_db: float
) -> None:
    """WebRTC VAD called this noise speech until the gate had learnt it (0.6 s of it steady):
    its end of speech came ~0.5 s after the last word, and so did the reply."""
    pcm, real_end = noisy_command(say, snr_db, lead_s=0.4)
    found = ends(AudioSettings().vad, pcm)
    assert len(found) == 1, "one command, one turn"
    assert -0.05 < found[0].speech_end_s - real_end < 0.2


def test_a_noise_long_before_the_command_is_not_a_turn(say: Callable[..., bytes]) -> None:
    """Noise that starts 2 s before the command: WebRTC VAD made a turn of the noise itself."""
    pcm, real_end = noisy_command(say, 15.0, lead_s=2.0)
    found = ends(AudioSettings().vad, pcm)
    assert len(found) == 1
    assert -0.05 < found[0].speech_end_s - real_end < 0.2


class FakeNet:
    def __init__(self, probs: list[float]) -> None:
        self.probs = iter(probs)

    def process_chunk(self, frame: bytes) -> float:
        return next(self.probs)


def test_silero_threshold_becomes_the_loops_cut() -> None:
    raw = [0.0, 0.2, 0.49, 0.5, 0.69, 0.7, 0.95, 1.0]
    for threshold in (0.3, 0.5, 0.7):
        vad = SileroVad(threshold)
        vad._vad = FakeNet(raw)
        mapped = [vad.speech_probability(b"") for _ in raw]
        assert [m >= 0.5 for m in mapped] == [p >= threshold for p in raw]
        assert mapped == sorted(mapped) and min(mapped) >= 0.0 and max(mapped) <= 1.0


class Scripted:
    """An inner detector that says what it is told, frame by frame."""

    name = "scripted"
    frame_samples = 512

    def __init__(self, verdicts: str) -> None:
        self.verdicts = iter(verdicts)

    def speech_probability(self, frame: bytes) -> float:
        return 1.0 if next(self.verdicts) == "#" else 0.0

    def reset(self) -> None:
        return None


def gated(verdicts: str, tail: int) -> str:
    vad = NoiseGatedVad(Scripted(verdicts), tail=tail)
    loud = np.full(512, 3000, "<i2").tobytes()  # far above the floor: the gate lets all by
    vad.speech_probability(silence(512 / 16000))  # a quiet floor
    return "".join("#" if vad.speech_probability(loud) >= 0.5 else "." for _ in verdicts[1:])


def test_the_tail_follows_a_run_of_speech_only() -> None:
    """Silero ends on the word: two frames of tail keep a pause inside a command as short as
    WebRTC heard it, but a lone frame (noise) must not grow into an utterance's start."""
    assert gated("-####....", tail=2) == "######.."
    assert gated("-###......", tail=2) == "#####...."
    assert gated("-#.....##....", tail=2) == "#.....##...."
    assert gated("-####....", tail=0) == "####...."
