"""Replies in the Piper voice (onnxruntime + the espeak-ng program; no piper-tts code):
sentence by sentence, interruptible, espeak-ng when the voice cannot run."""

from __future__ import annotations

import logging
import shutil
import threading
from typing import Any

import pytest

from pipelines.core.errors import ModelError
from pipelines.speech.tts.piper_speaker import PiperSpeaker, create_speaker
from pipelines.speech.tts.piper_voice import phoneme_ids, sentences
from pipelines.speech.tts.speaker import EspeakSpeaker, RecordingOutput

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt install espeak-ng)"
)


def test_piper_ids_put_the_pad_after_every_phoneme() -> None:
    ids = {"^": [1], "$": [2], "_": [0], "a": [14], "b": [15]}
    assert phoneme_ids("ab?", ids) == [1, 0, 14, 0, 15, 0, 2]  # unknown "?" left out


def test_replies_are_cut_into_sentences() -> None:
    assert sentences("Timer set. It rings at 7:05!  Anything else?") == [
        "Timer set.",
        "It rings at 7:05!",
        "Anything else?",
    ]


class FakePiper:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.made: list[str] = []

    def sentence_pcm(self, sentence: str) -> bytes:
        if self.fail:
            raise ModelError("the voice is broken")
        self.made.append(sentence)
        return b"\1\0" * 1600 * len(sentence.split())


def test_each_sentence_is_played_as_soon_as_it_is_made() -> None:
    output = RecordingOutput()
    piper = FakePiper()
    speaker = PiperSpeaker(output=output, piper=piper)  # type: ignore[arg-type]
    assert speaker.say("Timer set. It rings at seven.").wait(10)
    assert piper.made == ["Timer set.", "It rings at seven."]
    assert [len(p) for p in output.played] == [6400, 12800]


@needs_espeak
def test_a_broken_voice_falls_back_to_espeak_with_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    output = RecordingOutput()
    speaker = PiperSpeaker(output=output, piper=FakePiper(fail=True))  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING):
        assert speaker.say("Hello there.").wait(10)
        assert speaker.say("Hello again.").wait(10)
    assert len(output.played) == 2 and all(output.played)
    assert [r.levelno for r in caplog.records].count(logging.WARNING) == 1
    assert speaker.failed == "the voice is broken"


def test_stop_interrupts_a_reply() -> None:
    gate = threading.Event()

    class SlowPiper(FakePiper):
        def sentence_pcm(self, sentence: str) -> bytes:
            gate.wait(5)
            return super().sentence_pcm(sentence)

    done: list[bool] = []
    speaker = PiperSpeaker(
        output=RecordingOutput(realtime=True),
        piper=SlowPiper(),  # type: ignore[arg-type]
        on_done=lambda text, finished: done.append(finished),
    )
    job = speaker.say("One. Two. Three.")
    gate.set()
    speaker.stop()
    assert job.wait(5) and done == [False] and not speaker.speaking


def test_the_settings_choose_the_speaker() -> None:
    def audio(tts: str) -> Any:
        return type("A", (), {"tts": tts, "voice": "", "volume": 70, "output_device": ""})()

    out = RecordingOutput()
    assert isinstance(create_speaker(audio("auto"), out), PiperSpeaker)
    assert isinstance(create_speaker(audio("piper"), out), PiperSpeaker)
    espeak = create_speaker(audio("espeak"), out)
    assert isinstance(espeak, EspeakSpeaker) and not isinstance(espeak, PiperSpeaker)
    assert create_speaker(audio("none"), out) is None


@pytest.mark.slow
@needs_espeak
def test_the_real_piper_voice_says_a_command_whisper_understands() -> None:
    from pathlib import Path

    from pipelines.speech.asr.whisper_engine import WhisperRecognizer
    from pipelines.speech.asr.whisper_models import whisper_status
    from pipelines.speech.tts.piper_voice import PiperVoice

    pcm = PiperVoice().pcm("Set a timer for ten minutes.")
    status = whisper_status("tiny.en", Path("/nonexistent"), None)
    assert status.folder is not None, status.problem
    assert WhisperRecognizer(status.folder).transcribe(pcm)[0] == "set a timer for ten minutes"
