"""A second Whisper model (tiny.en) asked only when the vote is unsettled; its readings vote.

Golden cases are development utterances (never the test voices) with the readings the voice
loop heard (bench.voice_chooser_dev, 2026-12-08)."""

from __future__ import annotations

import logging

import pytest

from pipelines.core.errors import ModelError
from pipelines.core.intent import Intent
from pipelines.speech.asr.base import Transcript, Word
from pipelines.speech.pipeline.reading_chooser import Reading, ReadingChooser, settled


class BeamEngine:
    """A Whisper engine whose beam gives fixed readings (text, mean token probability)."""

    def __init__(self, name: str, found: list[tuple[str, float]], fails: bool = False) -> None:
        self.name = name
        self.found = found
        self.fails = fails
        self.heard: list[bytes] = []

    def prepare(self) -> None:
        if self.fails:
            raise ModelError("the model files are corrupt")

    def readings(self, pcm: bytes) -> list[tuple[str, float]]:
        self.heard.append(pcm)
        return self.found


def understood(table: dict[str, tuple[str, float]]) -> object:
    def understand(text: str) -> Intent:
        name, sure = table.get(text, ("out_of_scope", 0.2))
        return Intent(name, {}, sure, text=text)

    return understand


def pocketsphinx(text: str, confidence: float) -> Transcript:
    return Transcript(text, (Word(text, 0.0, 0.5, confidence),), confidence, engine="pocketsphinx")


# en-us+f2 x1.1, "i don't want cereal on our groceries any more" (list_remove)
SAID = "i don't want cereal on our groceries any more"
PS = "i don't want the light on the groceries any more"
BASE = [("i don't want to see a real hard roller in anymore", 0.58),
        ("i don't want to see a real hard roller in any more", 0.60),
        ("i don't want to see a real hard rocker in anymore", 0.61)]  # fmt: skip
TINY = [("i don't want cereal on her grocery anymore", 0.60),
        ("i don't want cereal on our grocery anymore", 0.57)]  # fmt: skip
TABLE = {PS: ("light_off", 0.966), BASE[0][0]: ("device_off", 0.370),
         BASE[1][0]: ("list_remove", 0.180), BASE[2][0]: ("media_play", 0.148),
         TINY[0][0]: ("list_remove", 0.973), TINY[1][0]: ("list_remove", 0.970)}  # fmt: skip


def chooser(
    second: BeamEngine | None,
    base: list[tuple[str, float]] = BASE,
    table: dict[str, tuple[str, float]] = TABLE,
) -> ReadingChooser:
    chosen_by = ReadingChooser(
        BeamEngine("whisper-base", base),  # type: ignore[arg-type]
        understood(table),  # type: ignore[arg-type]
        second=second,  # type: ignore[arg-type]
    )
    chosen_by.warm_up()
    chosen_by.wait_ready()
    return chosen_by


def test_an_unsettled_vote_asks_the_second_model_and_its_readings_vote() -> None:
    tiny = BeamEngine("whisper-tiny.en", TINY)
    chosen_by = chooser(tiny)
    chosen = chosen_by.choose(pocketsphinx(PS, 0.64), b"\1\0" * 100)
    assert tiny.heard == [b"\1\0" * 100] and chosen_by.second_asked == 1
    assert chosen.text == TINY[0][0]
    assert chosen_by.chosen_intent(chosen.text).name == "list_remove"  # type: ignore[union-attr]
    without = chooser(None).choose(pocketsphinx(PS, 0.64), b"\1\0" * 100)
    assert without.text == PS  # before: PocketSphinx's sure light_off won the vote


def test_a_settled_vote_does_not_ask_the_second_model() -> None:
    tiny = BeamEngine("whisper-tiny.en", TINY)
    agreeing = [("i don't want the light on the groceries anymore", 0.8)]
    table = {**TABLE, agreeing[0][0]: ("light_off", 0.93)}
    chosen = chooser(tiny, agreeing, table).choose(pocketsphinx(PS, 0.64), b"\1\0" * 100)
    assert chosen.text == PS and tiny.heard == []


def test_a_broken_second_model_is_left_out_with_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    tiny = BeamEngine("whisper-tiny.en", TINY, fails=True)
    with caplog.at_level(logging.WARNING):
        chosen_by = chooser(tiny)
    assert chosen_by.second is None
    assert "whisper-tiny.en is left out: the model files are corrupt" in caplog.text
    assert chosen_by.choose(pocketsphinx(PS, 0.64), b"\1\0" * 100).text == PS
    assert tiny.heard == []


def reading(source: str, text: str, intent: str, sure: float) -> Reading:
    return Reading(source, text, Intent(intent, {}, sure, text=text), 0.5)


@pytest.mark.parametrize(
    ("readings", "expected"),
    [
        ([reading("pocketsphinx", "a", "light_off", 0.95),
          reading("whisper-base", "b", "light_off", 0.5)], True),
        ([reading("pocketsphinx", "a", "light_off", 0.85),
          reading("whisper-base", "b", "light_off", 0.9)], False),  # the choice is unsure
        ([reading("pocketsphinx", "a", "light_off", 0.95),
          reading("whisper-base", "b", "device_off", 0.9)], False),  # one recogniser only
        ([reading("whisper-base", "a", "light_off", 0.99),
          reading("whisper-base", "b", "light_off", 0.99)], False),  # two of one recogniser
    ],
)  # fmt: skip
def test_settled_means_sure_and_read_by_both_recognisers(
    readings: list[Reading], expected: bool
) -> None:
    assert settled(readings[0], readings) is expected
