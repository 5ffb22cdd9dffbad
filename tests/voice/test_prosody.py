"""pipelines.audio.prosody.final_contour: the pitch and energy of the speech before a pause."""

from __future__ import annotations

import math
import shutil
import subprocess

import numpy as np
import pytest

from bench.prosody import final_contour


def glide(f_start: float, f_end: float, seconds: float = 1.0, level: float = 8000.0) -> bytes:
    """A voiced-like harmonic tone whose pitch glides from ``f_start`` to ``f_end`` (Hz)."""
    t = np.arange(int(16000 * seconds)) / 16000
    f = np.geomspace(f_start, f_end, len(t))
    phase = 2 * np.pi * np.cumsum(f) / 16000
    x = sum(np.sin(k * phase) / k for k in range(1, 6))
    return (x / np.max(np.abs(x)) * level).astype("<i2").tobytes()


def test_a_falling_pitch_ends_low_and_a_rising_one_high() -> None:
    falling = final_contour(glide(180, 110))
    rising = final_contour(glide(110, 180))
    assert falling.pitch_drop_st > 2.5  # ~8.5 semitones over the glide, median mid-way
    assert rising.pitch_drop_st < -2.5
    assert falling.pitch_slope_st < 0 < rising.pitch_slope_st
    assert falling.voiced_share > 0.9


def test_silence_and_noise_have_no_pitch() -> None:
    rng = np.random.default_rng(0)
    noise = (rng.normal(0, 2000, 16000)).astype("<i2").tobytes()
    assert math.isnan(final_contour(noise).pitch_drop_st)
    assert math.isnan(final_contour(bytes(32000)).pitch_drop_st)
    assert math.isnan(final_contour(b"").pitch_drop_st)  # too short to say


def test_end_sample_cuts_the_audio() -> None:
    pcm = glide(110, 180) + glide(180, 110)  # up, then down
    assert final_contour(pcm).pitch_drop_st > 0
    assert final_contour(pcm, end=16000).pitch_drop_st < 0  # up to the top only


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_a_command_falls_at_its_end_and_a_phrase_that_goes_on_does_not() -> None:
    """espeak-ng says the whole command with an SSML break after its first half: at the break
    the pitch is level (a phrase that goes on), at the end it falls (a statement)."""
    from pipelines.speech.tts.speaker import _wav_bytes_to_pcm, espeak_binary

    ssml = '<speak>set a timer <break time="600ms"/> for five minutes</speak>'
    cmd = [espeak_binary(), "-m", "-v", "en-us", "--stdout", ssml]
    pcm = _wav_bytes_to_pcm(subprocess.run(cmd, check=True, capture_output=True).stdout)
    x = np.abs(np.frombuffer(pcm, "<i2").astype(np.int32))
    loud = np.flatnonzero(x > 300)
    gaps = np.flatnonzero(np.diff(loud) > 16000 * 0.4)  # the break
    assert len(gaps) == 1
    at_break = final_contour(pcm, int(loud[gaps[0]]) + 1)
    at_end = final_contour(pcm, int(loud[-1]) + 1)
    assert at_end.pitch_drop_st > 2.0  # en-us: 3.7 semitones below its median
    assert at_break.pitch_drop_st < 1.5  # 0.9
    assert at_end.pitch_drop_st - at_break.pitch_drop_st > 2.0
