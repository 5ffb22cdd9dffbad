"""A misheard command is repaired to the nearest sentence Homebody expects, by its sounds, and
only when that cannot invent a command. The readings are the voice loop's own on development
voices (bench.voice_chooser_dev), the pronunciations PocketSphinx's CMU dictionary."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from pipelines.core.intent import Intent
from pipelines.language.spoken_form import extra_dictionary
from pipelines.speech.adaptation.sphinx_model_files import model_dir
from pipelines.speech.asr.base import Transcript, Word
from pipelines.speech.lm.phonemes import Pronouncer, guess, read_dictionaries
from pipelines.speech.lm.phrase_build import load_phrase_index
from pipelines.speech.lm.phrase_index import Fillers, PhraseIndex, command_cores
from pipelines.speech.pipeline.phrase_repair import PhraseRepairer, repair
from pipelines.speech.pipeline.reading_chooser import Reading, ReadingChooser, best

SENTENCES = [
    "it's pitch black in here put on the light",
    "we skipped the last song by mistake go back",
    "cancel the timer",
    "take the timer off",
    "what's left on my todo list",
    "i don't want olive oil on my groceries any more",
    "list my alarms",
    "list my timers",
    "that's not right",
    "set a timer for 10 minutes",
    "set a timer",
    "the soup count down needs to be paused",
]
FILLERS = Fillers(["can you", "uh", "hey", "please"], ["thanks", "please"])


@functools.cache
def pronouncer() -> Pronouncer:
    return Pronouncer(read_dictionaries([extra_dictionary(), model_dir() / "cmudict-en-us.dict"]))


@functools.cache
def index() -> PhraseIndex:
    return PhraseIndex(command_cores(SENTENCES, FILLERS), pronouncer(), FILLERS)


Table = dict[str, tuple[str, float, dict[str, str]]]


def understander(table: Table) -> tuple[list[str], object]:
    asked: list[str] = []

    def understand(text: str) -> Intent:
        asked.append(text)
        name, confidence, slots = table.get(text, ("out_of_scope", 0.2, {}))
        return Intent(name, dict(slots), confidence, text=text, raw_slots=dict(slots))

    return asked, understand


def read(source: str, text: str, table: Table, heard: float = 0.5) -> Reading:
    name, confidence, slots = table[text]
    intent = Intent(name, dict(slots), confidence, text=text, raw_slots=dict(slots))
    return Reading(source, text, intent, heard)


SKIPPED = "we skipped the last song by mistake go back"
# Flite kal x0.9, "uh we skipped the last song by mistake go back": no reading right.
FLITE_KAL: Table = {
    "are we skip the last some timers take her back": ("timer_cancel", 0.776, {}),
    "are we skip the last some timers take roll back": ("timer_cancel", 0.762, {}),
    "are we skip the last sometime let's take her back": ("media_previous", 0.632, {}),
    "follow we have the laugh oh five the fifth go there": ("recipe_step_goto", 0.593, {}),
    SKIPPED: ("media_previous", 0.987, {}),
}


def flite_kal_readings() -> list[Reading]:
    texts = list(FLITE_KAL)[:4]
    sources = ["whisper-base"] * 3 + ["pocketsphinx"]
    return [read(s, t, FLITE_KAL, 0.53) for s, t in zip(sources, texts, strict=True)]


def test_a_misheard_word_is_repaired_by_its_sounds_and_the_politeness_kept() -> None:
    found = index().nearest("can you list my arms")
    assert found is not None
    assert found.text == "can you list my alarms"
    assert found.core == "list my alarms"
    assert 0 < found.distance < 0.2


def test_numbers_are_slots_kept_as_heard_and_must_be_there() -> None:
    found = index().nearest("set a timer for twenty five minuets")
    assert found is not None and found.text == "set a timer for twenty five minutes"
    assert found.core == "set a timer for # minutes"
    no_number = index().nearest("set a timer for minutes")
    assert no_number is not None and "#" not in no_number.core


def test_an_unknown_word_still_has_sounds() -> None:
    assert guess("zorbleflax")
    assert pronouncer().word("zorbleflax") == guess("zorbleflax")
    assert pronouncer().word("alarms") != guess("alarms")


def test_a_garbled_unsure_choice_is_repaired_to_the_command_it_sounds_like() -> None:
    readings = flite_kal_readings()
    chosen = best(readings)
    assert chosen.intent is not None and chosen.intent.name == "timer_cancel"  # before: wrong
    asked, understand = understander(FLITE_KAL)
    fixed = repair(readings, chosen, index(), understand)  # type: ignore[arg-type]
    assert fixed is not None
    assert fixed.reading.text == SKIPPED and fixed.reading.source == "repair"
    assert fixed.reading.intent is not None and fixed.reading.intent.name == "media_previous"
    assert asked == [SKIPPED]  # the intent model reads only the nearest sentence


def test_a_sure_choice_is_never_repaired() -> None:
    table: Table = {"list my arms": ("list_query", 0.95, {"list": "arms"})}
    readings = [read("whisper-base", "list my arms", table)]
    asked, understand = understander(table)
    assert repair(readings, readings[0], index(), understand) is None  # type: ignore[arg-type]
    assert asked == []


def test_a_repair_that_changes_a_slot_the_user_said_is_refused() -> None:
    """Flite kal x0.9, "i don't want cereal on our groceries any more": the nearest sentence
    removes olive oil, which nobody said."""
    table: Table = {
        "i don't want to read on our groceries anymore": ("list_clear", 0.803, {}),
        "i don't want olive oil on my groceries any more": (
            "list_remove", 0.925, {"item": "olive oil", "list": "groceries"}),
    }  # fmt: skip
    readings = [read("whisper-base", "i don't want to read on our groceries anymore", table)]
    _, understand = understander(table)
    assert repair(readings, readings[0], index(), understand) is None  # type: ignore[arg-type]


def test_a_repair_that_drops_a_slot_the_user_said_is_refused() -> None:
    """flite slt x1.25, "uh it's pitch black in the porch put on the light": the same request
    repaired without its room would light another lamp."""
    heard = "i it's pitch black in the porch put on the light"
    table: Table = {
        heard: ("light_on", 0.84, {"room": "porch"}),
        "it's pitch black in here put on the light": ("light_on", 0.79, {}),
    }
    readings = [read("whisper-base", heard, table)]
    _, understand = understander(table)
    assert repair(readings, readings[0], index(), understand) is None  # type: ignore[arg-type]
    table[heard] = ("light_on", 0.84, {})  # no room heard: the repair may fix the words
    readings = [read("whisper-base", heard, table)]
    fixed = repair(readings, readings[0], index(), understand)  # type: ignore[arg-type]
    assert fixed is not None and fixed.reading.text == "it's pitch black in here put on the light"


def test_a_slot_that_sounds_the_same_passes() -> None:
    """en-gb-scotland, "ok what's left on my todo list": "to do" and "todo" sound alike."""
    table: Table = {
        "4k blocks left on my to do list": ("list_remove", 0.436, {"item": "4k blocks"}),
        "what's left on my todo list": ("list_query", 0.985, {"list": "todo"}),
    }
    readings = [read("whisper-base", "4k blocks left on my to do list", table)]
    _, understand = understander(table)
    fixed = repair(readings, readings[0], index(), understand)  # type: ignore[arg-type]
    assert fixed is not None and fixed.reading.text == "what's left on my todo list"


def test_free_speech_and_far_readings_are_not_pulled_into_a_command() -> None:
    librivox = "unless to be rather cold hearted and rather selfish is to be ill disposed"
    table: Table = {librivox: ("list_remove", 0.43, {}), "take the timer of": ("x", 0.3, {})}
    _, understand = understander(table)
    far = [read("whisper-base", librivox, table, 0.5)]
    assert repair(far, far[0], index(), understand) is None  # type: ignore[arg-type]
    near = index().nearest("take the timer of")
    assert near is not None and near.distance < 0.2  # near, but Whisper heard a long sentence
    sure_long = [
        read("whisper-base", librivox, table, 0.9),
        read("pocketsphinx", "take the timer of", table),
    ]
    assert repair(sure_long, sure_long[1], index(), understand) is None  # type: ignore[arg-type]


class BeamWhisper:
    name = "whisper-base"

    def __init__(self, beam: list[tuple[str, float]]) -> None:
        self.beam = beam

    def prepare(self) -> None:
        pass

    def readings(self, pcm: bytes) -> list[tuple[str, float]]:
        return self.beam


def test_the_chooser_takes_the_repaired_reading_and_its_intent() -> None:
    texts = list(FLITE_KAL)
    beam = [(t, 0.53) for t in texts[:3]]
    _, understand = understander(FLITE_KAL)
    repairer = PhraseRepairer(index)
    chooser = ReadingChooser(BeamWhisper(beam), understand, repairer)  # type: ignore[arg-type]
    chooser.warm_up()
    chooser.wait_ready()
    heard = Transcript(texts[3], (Word(texts[3], 0.0, 0.5, 0.37),), 0.37, engine="pocketsphinx")
    try:
        chosen = chooser.choose(heard, b"\0\0" * 100)
    finally:
        chooser.close()
    assert chosen.text == SKIPPED
    assert chosen.engine == "pocketsphinx+repair"
    intent = chooser.chosen_intent(SKIPPED)
    assert intent is not None and intent.name == "media_previous"
    assert texts[0] in chosen.alternatives


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """No index loaded earlier in this process (load_phrase_index keeps one per templates)."""
    from pipelines.speech.lm import phrase_build

    monkeypatch.setattr(phrase_build, "_loaded", {})


def test_the_index_is_sampled_from_the_templates_once_and_read_back(
    tmp_path: Path, fresh_process: None
) -> None:
    dicts = [extra_dictionary(), model_dir() / "cmudict-en-us.dict"]
    built = load_phrase_index(tmp_path, dicts, per_template=1)
    cached = list((tmp_path / "speech").glob("phrases-*.txt"))
    assert len(cached) == 1 and len(built) > 500
    again = load_phrase_index(tmp_path, dicts, per_template=1)
    assert again is built  # the process keeps it
    from pipelines.speech.lm import phrase_build

    phrase_build._loaded.clear()  # as a new process: read back from the cache
    again = load_phrase_index(tmp_path, dicts, per_template=1)
    assert again is not built and again.cores == built.cores
    assert any("#" in core for core in built.cores)
    some = built.cores[len(built.cores) // 2]
    found = again.nearest(some.replace("#", "seven"))
    assert found is not None and found.distance == pytest.approx(0.0)


def test_a_prebuilt_index_is_read_instead_of_sampling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_process: None
) -> None:
    from pipelines.speech.lm import builds, phrase_build

    dicts = [extra_dictionary(), model_dir() / "cmudict-en-us.dict"]
    built = load_phrase_index(tmp_path / "install", dicts, per_template=1, use_prebuilt=False)
    prebuilt = next((tmp_path / "install" / "speech").glob("phrases-*.txt"))
    prebuilt.write_text("\n".join([*built.cores, "water the ficus"]), encoding="utf-8")
    phrase_build._loaded.clear()  # a new process: the home finds the install's file
    monkeypatch.setenv(builds.PREBUILT_ENV, str(prebuilt.parent))
    monkeypatch.setattr(phrase_build, "command_sentences", None)  # sampling would fail
    home = load_phrase_index(tmp_path / "home", dicts, per_template=1)
    found = home.nearest("water the ficuss")
    assert found is not None and found.text == "water the ficus"
