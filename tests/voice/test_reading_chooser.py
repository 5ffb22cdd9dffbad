"""Whisper beside PocketSphinx: features, text normalisation, the repetition guard, choosing
among the readings, and each reading understood once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from pipelines.core.intent import Intent
from pipelines.core.intent_cache import IntentCache
from pipelines.speech.asr.base import Transcript, Word
from pipelines.speech.asr.whisper_engine import collapse_repeats, spoken_text
from pipelines.speech.asr.whisper_features import log_mel, mel_filters
from pipelines.speech.pipeline.reading_chooser import ReadingChooser

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
        ("Wake me at 4:30am.", "wake me at four thirty am"),
        ("Wake me up at 6am, 10.15pm or 3 p.m.", "wake me up at six am ten fifteen pm or three pm"),
    ],
)
def test_whisper_text_is_spelled_like_the_command_lm(whisper: str, spoken: str) -> None:
    assert spoken_text(whisper) == spoken


@pytest.mark.parametrize(
    ("looping", "kept"),
    [
        ("yes go for it yes go for it yes go for it", "yes go for it"),
        ("set a timer set a timer for ten minutes", "set a timer for ten minutes"),
        ("stop stop stop stop stop", "stop"),
        ("no no", "no no"),  # said on purpose: kept
        ("what time is it", "what time is it"),
    ],
)
def test_the_repetition_guard_keeps_one_copy_of_a_loop(looping: str, kept: str) -> None:
    assert " ".join(collapse_repeats(looping.split())) == kept


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


class TableModel:
    """An intent model that reads its answers from a table and counts its runs."""

    name = "table"

    def __init__(self, table: dict[str, tuple[str, float]]) -> None:
        self.table = table
        self.runs: list[str] = []

    def prepare(self) -> None:
        pass

    def recognize(self, text: str) -> Intent:
        self.runs.append(text)
        name, confidence = self.table.get(text, ("out_of_scope", 0.2))
        return Intent(name, {}, confidence, text=text)


def reading(text: str, alternatives: tuple[str, ...] = ()) -> Transcript:
    return Transcript(
        text, (Word(text, 0.0, 0.5, 0.4),), 0.4, engine="pocketsphinx", alternatives=alternatives
    )


def chooser(
    whisper_text: str, table: dict[str, tuple[str, float]]
) -> tuple[ReadingChooser, FakeWhisper, TableModel]:
    engine, model = FakeWhisper(whisper_text), TableModel(table)
    cache = IntentCache(model)
    return ReadingChooser(engine, cache.recognize), engine, model  # type: ignore[arg-type]


def test_whisper_is_asked_even_when_pocketsphinx_is_understood() -> None:
    chosen_by, engine, _ = chooser("what time is it", {"what time is it": ("time_query", 0.99)})
    assert chosen_by.choose(reading("what time is it"), b"\0\0" * 100) == reading("what time is it")
    assert engine.heard == [b"\0\0" * 100] and chosen_by.asked == 1
    assert [r.source for r in chosen_by.last] == ["pocketsphinx", "fake-whisper"]


def test_whisper_wins_when_its_reading_is_understood_better() -> None:
    table = {"what time is it": ("time_query", 0.95), "what tie is": ("time_query", 0.3)}
    chosen_by, _, _ = chooser("what time is it", table)
    chosen = chosen_by.choose(reading("what tie is"), b"\1\0" * 100)
    assert chosen.text == "what time is it"
    assert chosen.engine == "pocketsphinx+fake-whisper" and chosen.words == ()
    assert chosen.alternatives == ("what tie is",)


def test_an_unsure_out_of_scope_reading_loses_to_any_understood_request() -> None:
    table = {"water time": ("out_of_scope", 0.85), "what tie is": ("time_query", 0.4)}
    chosen_by, _, _ = chooser("water time", table)
    assert chosen_by.choose(reading("what tie is"), b"\0\0").text == "what tie is"


def test_a_sure_out_of_scope_reading_votes_and_beats_a_garbled_request() -> None:
    """A development utterance (Piper joe, 19 dB noise): "my tooth hurts" read right by
    PocketSphinx, Whisper's beam heard "mic two thirds" / "my two thirds": the old rule acted
    on the garbled request (volume_up); a sure refusal now votes like any reading."""
    said = "my tooth hurts"
    beam = ["mic two thirds", "my two thirds", "mike two thirds"]
    table = {said: ("out_of_scope", 0.97), beam[0]: ("volume_up", 0.39),
             beam[1]: ("recipe_scale", 0.36), beam[2]: ("recipe_scale", 0.27)}  # fmt: skip
    chosen_by = ReadingChooser(BeamWhisper(beam), TableModel(table).recognize)  # type: ignore[arg-type]
    chosen = chosen_by.choose(reading(said), b"\0\0")
    assert chosen.text == said
    assert chosen_by.chosen_intent(said).name == "out_of_scope"  # type: ignore[union-attr]


def test_a_sure_refusal_by_whisper_gets_no_whisper_weight_against_a_sure_request() -> None:
    """Development utterance (espeak-ng en-us+f2): PocketSphinx "looking for my backpack"
    (object_locate 0.997), Whisper "i'm looking for my birthday" (out_of_scope 0.989): with
    Whisper's 1.2 weight the refusal would win; refusals vote at weight 1, so the request does."""
    table = {"looking for my backpack": ("object_locate", 0.997),
             "i'm looking for my birthday": ("out_of_scope", 0.989)}  # fmt: skip
    chosen_by, _, _ = chooser("i'm looking for my birthday", table)
    assert chosen_by.choose(reading("looking for my backpack"), b"\0\0").text == (
        "looking for my backpack"
    )


def test_pocketsphinx_wins_ties_and_its_nbest_is_a_candidate() -> None:
    table = {
        "turn of the light": ("light_on", 0.6),
        "turn off the light": ("light_off", 0.9),
        "turn of the lights": ("light_on", 0.6),
    }
    chosen_by, _, _ = chooser("turn of the lice", table)  # Whisper's: not understood
    chosen = chosen_by.choose(reading("turn of the light", ("turn off the light",)), b"\0\0")
    assert chosen.text == "turn off the light"
    assert chosen.engine == "pocketsphinx+pocketsphinx-nbest"
    again, _, _ = chooser("turn of the light", {"turn of the light": ("light_on", 0.6)})
    assert again.choose(reading("turn of the light"), b"\0\0").engine == "pocketsphinx"


def test_each_text_is_understood_once_across_endpointer_chooser_and_act() -> None:
    from pipelines.speech.pipeline.endpointing import CommandCompleteness

    table = {"what time": ("time_query", 0.7), "what time is it": ("time_query", 0.95)}
    chosen_by, _, model = chooser("what time is it", table)
    cache = IntentCache(model)
    chosen_by.understand = cache.recognize
    judge = CommandCompleteness(cache.recognize)
    for partial in ("what", "what time", "what time is it", "what time is it"):
        judge(partial)
    chosen = chosen_by.choose(reading("what time is it"), b"\0\0")
    cache.recognize(chosen.text)  # "act": the assistant understands the chosen text
    assert sorted(model.runs) == ["what", "what time", "what time is it"]
    assert cache.calls == 3


def test_a_speculative_pass_is_used_and_a_cancelled_one_is_not() -> None:
    table = {"what time is it": ("time_query", 0.95)}
    chosen_by, engine, _ = chooser("what time is it", table)
    chosen_by.speculate(b"\2\0" * 10)
    assert chosen_by.choose(reading("uh"), b"\3\0" * 10).text == "what time is it"
    assert engine.heard == [b"\2\0" * 10]  # the pass started at the pause
    engine.heard.clear()
    engine.gate.clear()  # the worker is busy with an earlier pass...
    chosen_by.speculate(b"\1\0" * 10)
    for _ in range(500):  # until the worker has taken it up
        if chosen_by._future is not None and chosen_by._future.running():
            break
        time.sleep(0.01)
    chosen_by.speculate(b"\4\0" * 10)  # ...so this one waits in the queue
    chosen_by.cancel()  # speech resumed
    chosen_by.start(b"\5\0" * 20)  # the utterance ended: read all of it
    engine.gate.set()
    chosen_by.choose(reading("uh"), b"\5\0" * 20)
    # the running pass finishes; the queued, cancelled one never runs (no wait behind it)
    assert engine.heard == [b"\1\0" * 10, b"\5\0" * 20]


def test_the_speculative_reading_is_there_before_the_end_and_reused() -> None:
    chosen_by, engine, _ = chooser("what time is it", {"what time is it": ("time_query", 0.95)})
    assert chosen_by.reading_so_far() is None  # nothing started
    chosen_by.speculate(b"\2\0" * 10)
    assert chosen_by.reading_so_far() == "what time is it"
    chosen_by.start(b"\2\0" * 12)
    assert chosen_by.choose(reading("uh"), b"\2\0" * 12).text == "what time is it"
    assert engine.heard == [b"\2\0" * 10]  # read once


@pytest.mark.slow
@pytest.mark.parametrize("choice", ["base", "tiny.en"])
def test_whisper_for_real(choice: str, flite: Callable[..., bytes], tmp_path: object) -> None:
    from pathlib import Path

    from pipelines.speech.asr.whisper_engine import WhisperRecognizer
    from pipelines.speech.asr.whisper_models import whisper_status

    status = whisper_status(choice, Path(str(tmp_path)), None)
    assert status.folder is not None, status.problem  # runtime dependencies: always there
    engine = WhisperRecognizer(status.folder)
    pcm = silence(0.3, 20) + flite("set a timer for ten minutes", "rms") + silence(0.2, 20)
    text, probability = engine.transcribe(pcm)
    assert text == "set a timer for ten minutes"
    assert 0.3 < probability <= 1.0


def test_whisper_is_asked_when_pocketsphinx_fell_back_to_free_text() -> None:
    """Issue 23, "choose among hypotheses, always": an odd voice makes PocketSphinx's command
    LM give up (mode "free") — exactly when Whisper is needed most."""
    table = {"remind me to call mum at five pm": ("reminder_set", 0.99)}
    chosen_by, engine, _ = chooser("remind me to call mum at five pm", table)
    free = replace(reading("the mine me to call mom"), mode="free")
    chosen = chosen_by.choose(free, b"\0\0" * 50)
    assert engine.heard == [b"\0\0" * 50] and chosen_by.asked == 1
    assert chosen.text == "remind me to call mum at five pm"


def test_a_near_tie_in_understanding_goes_to_the_reading_heard_more_surely() -> None:
    """Two Whisper beam readings with the same intent, understood 0.991 and 0.995: the one
    Whisper heard more surely is taken (the intent model's 0.99s say nothing more)."""
    beam = ["set an alarm for seven am", "set an alarm for seven a"]
    table = {beam[0]: ("alarm_set", 0.991), beam[1]: ("alarm_set", 0.995)}
    chosen_by = ReadingChooser(BeamWhisper(beam), TableModel(table).recognize)  # type: ignore[arg-type]
    assert chosen_by.choose(reading("seven"), b"\0\0").text == beam[0]  # heard 0.8 vs 0.7
    table[beam[1]] = ("alarm_set", 0.9995)
    table[beam[0]] = ("alarm_set", 0.95)  # the intent model clearly prefers one: no tie
    chosen_by = ReadingChooser(BeamWhisper(beam), TableModel(table).recognize)  # type: ignore[arg-type]
    assert chosen_by.choose(reading("seven"), b"\0\0").text == beam[1]


def test_readings_that_agree_outvote_one_confident_outlier() -> None:
    """A development utterance (espeak-ng en-gb-scotland in 14 dB noise): PocketSphinx's
    garbled reading is understood as list_remove at 0.987, Whisper's two beam readings as
    alarm_query at 0.86 and 0.83 — the old rule took the outlier, the vote takes the alarm."""
    garbled = "feed the uh find my dog food off"
    beam = ["it was time in my alarm you", "it was time in my alarm view"]
    table = {garbled: ("list_remove", 0.987), beam[0]: ("alarm_query", 0.86),
             beam[1]: ("alarm_query", 0.832)}  # fmt: skip
    chosen_by = ReadingChooser(BeamWhisper(beam), TableModel(table).recognize)  # type: ignore[arg-type]
    chosen = chosen_by.choose(Transcript(garbled, (), 0.55, engine="pocketsphinx"), b"\0\0")
    assert chosen.text == beam[0]
    assert chosen_by.chosen_intent(chosen.text).name == "alarm_query"  # type: ignore[union-attr]
    # One Whisper reading alone (the other not understood) does not outvote a surer request
    # (heard unsurely: a long sentence Whisper is sure of would be free speech, taken as heard).
    table[beam[1]] = ("out_of_scope", 0.9)
    table[beam[0]] = ("alarm_query", 0.8)
    chosen_by = ReadingChooser(BeamWhisper(beam, top=0.6), TableModel(table).recognize)  # type: ignore[arg-type]
    assert (
        chosen_by.choose(Transcript(garbled, (), 0.55, engine="pocketsphinx"), b"\0\0").text
        == garbled
    )


class BeamWhisper(FakeWhisper):
    """Whisper's beam: several readings, its best first."""

    def __init__(self, texts: list[str], top: float = 0.8) -> None:
        super().__init__(texts[0])
        self.texts = texts
        self.top = top

    def readings(self, pcm: bytes) -> list[tuple[str, float]]:
        self.heard.append(pcm)
        return [(t, self.top - 0.1 * i) for i, t in enumerate(self.texts)]


def test_every_reading_of_whispers_beam_is_weighed_and_understood_once() -> None:
    """The beam's second reading is the command: it wins over the first and PocketSphinx's."""
    beam = ["console the timer", "cancel the timer", "cancel the timer please"]
    model = TableModel({"cancel the timer": ("timer_cancel", 0.98),
                        "console the timer": ("out_of_scope", 0.9)})  # fmt: skip
    cache = IntentCache(model)
    chosen_by = ReadingChooser(BeamWhisper(beam), cache.recognize)  # type: ignore[arg-type]
    chosen = chosen_by.choose(reading("cancel the time are", ("cancel the dime",)), b"\0\0" * 100)
    assert chosen.text == "cancel the timer" and chosen.engine == "pocketsphinx+fake-whisper"
    assert chosen_by.last_whisper[0][0] == "console the timer"
    assert sorted(model.runs) == sorted(set(model.runs))  # each text once
    assert len(model.runs) == 5


def test_a_failing_speculative_pass_gives_no_early_reading_and_choose_reports_it() -> None:
    from pipelines.core.errors import ModelError

    chosen_by, engine, _ = chooser("what time is it", {"what time is it": ("time_query", 0.95)})

    def broken(pcm: bytes) -> tuple[str, float]:
        raise ModelError("Whisper could not load the model.")

    engine.transcribe = broken  # type: ignore[method-assign]
    chosen_by.speculate(b"\2\0" * 10)
    assert chosen_by.reading_so_far() is None  # the audio loop goes on
    assert chosen_by.choose(reading("what time is it"), b"\2\0" * 10).text == "what time is it"
    assert "could not load" in chosen_by.failed and not chosen_by.reads_free_text
