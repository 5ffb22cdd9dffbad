"""PocketSphinx's noise-reduction front-end (asr/front_end.py): what the decoder hears and the
setting that turns it off (what it is worth is measured by bench.voice_denoise_dev)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest


@pytest.fixture(scope="module")
def sphinx(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from pipelines.speech.asr.pocketsphinx_engine import PocketSphinxRecognizer

    recognizer = PocketSphinxRecognizer(tmp_path_factory.mktemp("cache"), final_pass=True)
    recognizer.prepare()
    return recognizer


def in_white_noise(speech: bytes, snr_db: float, seed: int = 1) -> bytes:
    x = np.frombuffer(speech, "<i2").astype(np.float64)
    x = np.concatenate([np.zeros(4800), x, np.zeros(4800)])
    level = float(np.sqrt(np.mean(x**2))) / 10 ** (snr_db / 20)
    x += np.random.default_rng(seed).normal(0, level, len(x))
    return np.clip(x, -32768, 32767).astype("<i2").tobytes()


class Halving:
    """A front-end that halves the audio and holds the last 100 samples back until flush."""

    def __init__(self) -> None:
        self.held = b""

    def process(self, pcm: bytes) -> bytes:
        x = self.held + (np.frombuffer(pcm, "<i2") // 2).astype("<i2").tobytes()
        self.held = x[-200:]
        return x[:-200]

    def flush(self) -> bytes:
        out, self.held = self.held, b""
        return out


@pytest.mark.slow
def test_the_decoder_hears_the_front_end_output_flushed_at_the_end(
    sphinx: Any, flite: Callable[..., bytes]
) -> None:
    pcm = in_white_noise(flite("turn off the kitchen lights", "rms"), 30.0)
    sphinx.front_end = Halving
    try:
        stream = sphinx.stream("command")
        for i in range(0, len(pcm), 3200):
            stream.accept(pcm[i : i + 3200])
        result = stream.finish()
    finally:
        sphinx.front_end = None
    halved = (np.frombuffer(pcm, "<i2") // 2).astype("<i2").tobytes()
    assert bytes(stream._audio) == halved  # every sample, the held-back tail included
    assert result.audio_s == pytest.approx(len(pcm) / 32000)
    assert result.text == "turn off the kitchen lights"


def test_the_setting_and_the_environment_turn_it_off(
    app: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pipelines.speech.asr.front_end import attach_front_end, pocketsphinx_front_end
    from pipelines.speech.asr.pocketsphinx_engine import PocketSphinxRecognizer

    assert app.settings.audio.noise_reduction is True  # on out of the box
    recognizer = PocketSphinxRecognizer(tmp_path)  # not prepared: nothing is loaded
    attach_front_end(recognizer, app.settings.audio.noise_reduction)
    assert recognizer.front_end is pocketsphinx_front_end
    monkeypatch.setenv("HOMEBODY_DENOISE", "0")
    attach_front_end(recognizer, True)
    assert recognizer.front_end is None
    monkeypatch.delenv("HOMEBODY_DENOISE")
    attach_front_end(recognizer, False)
    assert recognizer.front_end is None
    attach_front_end(object(), True)  # an engine without a front-end is left alone


@pytest.mark.slow
def test_the_wyoming_servers_recogniser_gets_it_too(app: Any) -> None:
    from pipelines.speech.asr.front_end import pocketsphinx_front_end
    from pipelines.wyoming.engines import LocalEngines

    assert LocalEngines(app)._make_recognizer().front_end is pocketsphinx_front_end  # type: ignore[attr-defined]
