"""The fast path (fast_path.py): a command PocketSphinx heard surely, ended on the words, is
answered without waiting for Whisper's reading; anything less sure still waits for the vote."""

from __future__ import annotations

import pytest

from pipelines.audio.segmenter import SpeechEnded
from pipelines.core.intent import Intent
from pipelines.speech.asr.base import Transcript, Word
from pipelines.speech.pipeline import fast_path
from pipelines.speech.pipeline.fast_path import answers_alone
from pipelines.speech.pipeline.voice_turns import second_opinion

from .test_reading_chooser import chooser

SAID = "what time is it"
TABLE = {SAID: ("time_query", 0.97), "what tie is": ("time_query", 0.9)}


def heard(text: str = SAID, confidence: float = 0.8, mode: str = "command") -> Transcript:
    words = tuple(Word(w, 0.0, 0.1, confidence) for w in text.split())
    return Transcript(text, words, confidence, engine="pocketsphinx", mode=mode)


def understand(text: str) -> Intent:
    name, confidence = TABLE.get(text, ("out_of_scope", 0.99))
    return Intent(name, confidence=confidence)


@pytest.mark.parametrize(
    ("transcript", "reason", "alone"),
    [
        (heard(), "sure", True),
        (heard(), "complete", True),
        (heard(), "likely", False),  # the words were not called complete: the vote decides
        (heard(), "silence", False),
        (heard(confidence=0.6), "complete", False),  # PocketSphinx unsure of its words
        (heard("what tie is"), "complete", False),  # the intent model not sure enough
        (heard("the weather in paris"), "complete", False),  # sure, but nothing Homebody does
        (heard(mode="free"), "complete", False),  # the general LM's reading
        (heard(""), "complete", False),
    ],
)
def test_only_a_sure_reading_of_words_called_complete_goes_alone(
    transcript: Transcript, reason: str, alone: bool
) -> None:
    assert answers_alone(transcript, reason, understand) is alone


def ended(reason: str) -> SpeechEnded:
    return SpeechEnded(reason, 1.5, 1.3, b"\1\0" * 3200)


def test_the_chooser_answers_a_sure_reading_without_waiting_for_whisper() -> None:
    chosen_by, engine, _ = chooser("what time is in", dict(TABLE))
    engine.gate.clear()  # Whisper's pass cannot finish: answering must not wait for it
    chosen_by.speculate(b"\1\0" * 3000)
    transcript, latencies = second_opinion(chosen_by, heard(), ended("sure"), 1.4, lambda: 0.0)
    assert transcript == heard() and latencies["fast_path"] == 1.0
    assert [r.source for r in chosen_by.last] == ["pocketsphinx"]
    assert chosen_by.chosen_intent(SAID) == Intent("time_query", confidence=0.97, text=SAID)
    assert chosen_by.unread is not None and not chosen_by.unread.done()
    engine.gate.set()
    chosen_by.close()


def test_an_unsure_reading_waits_for_the_vote(monkeypatch: pytest.MonkeyPatch) -> None:
    chosen_by, engine, _ = chooser(SAID, dict(TABLE))
    _, latencies = second_opinion(chosen_by, heard("what tie is"), ended("sure"), 1.4, float)
    assert "fast_path" not in latencies and engine.heard  # Whisper read it
    assert [r.source for r in chosen_by.last][:1] == ["fake-whisper"]
    monkeypatch.setattr(fast_path, "FAST_PATH", False)  # off: even a sure one waits
    _, latencies = second_opinion(chosen_by, heard(), ended("sure"), 1.4, float)
    assert "fast_path" not in latencies and len(engine.heard) == 2
    chosen_by.close()
