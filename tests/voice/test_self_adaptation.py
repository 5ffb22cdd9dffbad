"""Self-adaptation (issue 23): accepted commands' words kept (never audio), the command LM
rebuilt with them, the recogniser switched over; deletable in the privacy dashboard."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipelines.core.events import EventBus, EventType, PipelineEvent
from pipelines.speech.adaptation.household_lm import (
    arpa_from_counts,
    build_household_lm,
    count_ngrams,
    current_household_lm,
)
from pipelines.speech.adaptation.self_adaptation import (
    CORRECTION_S,
    HeardCommands,
    SelfAdaptation,
    accepted,
)


def turn(text: str, intent: str, confidence: float = 0.97) -> dict[str, Any]:
    return {"transcript": text, "intent": intent, "confidence": confidence}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def adaptation(app: Any, every: int = 100) -> tuple[SelfAdaptation, list[list[str]], Clock]:
    calls: list[list[str]] = []
    clock = Clock()
    return (
        SelfAdaptation(HeardCommands(app.db), calls.append, every=every, clock=clock),
        calls,
        clock,
    )


def test_only_sure_requests_count() -> None:
    assert accepted(turn("set a timer for ten minutes", "timer_start"))
    assert not accepted(turn("set a timer for ten minutes", "timer_start", 0.6))
    assert not accepted(turn("what is the meaning of life", "out_of_scope"))
    assert not accepted(turn("no", "deny"))
    assert not accepted(turn("", "timer_start"))


def test_a_command_is_kept_once_the_next_turn_lets_it_stand(app: Any) -> None:
    a, _, clock = adaptation(app)
    a.observe(turn("turn on the kitchen lights", "light_on"))
    assert a.store.texts() == []  # the user may still correct it
    clock.now += 5
    a.observe(turn("what time is it", "time_query"))
    assert a.store.texts() == ["turn on the kitchen lights"]
    a.flush()  # listening ended: nobody corrected the last one either
    assert a.store.texts() == ["turn on the kitchen lights", "what time is it"]


def test_a_corrected_command_is_not_kept(app: Any) -> None:
    a, _, clock = adaptation(app)
    a.observe(turn("set an alarm for seven", "alarm_set"))
    clock.now += 3
    a.observe(turn("no", "deny"))
    a.observe(turn("cancel the pasta timer", "timer_cancel"))
    a.flush()
    assert a.store.texts() == ["cancel the pasta timer"]  # a cancel itself is not a correction
    a.observe(turn("start a timer for pasta", "timer_start"))
    clock.now += CORRECTION_S + 1  # much later: a new request, not a correction
    a.observe(turn("stop", "stop"))
    assert a.store.texts()[-1] == "start a timer for pasta"


def test_relearns_every_n_kept_commands_from_the_bus(app: Any) -> None:
    a, calls, _ = adaptation(app, every=2)
    bus = EventBus()
    a.unsubscribe = bus.subscribe(a.on_event)
    for text in ("turn on the lights", "turn off the lights", "pause the music"):
        bus.emit(PipelineEvent(EventType.NOTICE, "voice", 0.0, data={"turn": turn(text, "x")}))
    bus.emit(PipelineEvent(EventType.PROGRESS, "voice", 0.0, data={"state": "idle"}))
    a.join(10)
    assert calls == [["turn on the lights", "turn off the lights"]]
    a.close()
    bus.emit(PipelineEvent(EventType.NOTICE, "voice", 0.0, data={"turn": turn("hi", "x")}))
    assert a.store.count() == 3  # the last turn kept on close; none after unsubscribing


def test_kept_commands_are_words_only_and_forgettable(app: Any) -> None:
    a, _, _ = adaptation(app)
    a.observe(turn("add milk to the shopping list", "list_add"))
    a.flush()
    columns = {r[1] for r in app.db.query("PRAGMA table_info(heard_commands)")}
    assert columns == {"id", "ts", "intent", "text"}  # no audio, no features
    (app.paths.data_dir / "heard_commands").mkdir(parents=True)
    (app.paths.data_dir / "heard_commands" / "household-x-y.arpa").write_text("lm")
    usage = {u.category.name: u for u in app.inventory.report()}
    assert usage["heard_commands"].items == 1
    assert app.inventory.forget("heard_commands") == 1
    assert a.store.count() == 0
    assert not (app.paths.data_dir / "heard_commands").exists()


def _prob(arpa: str, gram: str) -> float:
    for line in arpa.splitlines():
        parts = line.split()
        n = len(gram.split())
        if len(parts) > n and parts[0][0] in "-0123456789" and " ".join(parts[1 : n + 1]) == gram:
            return float(parts[0])
    raise AssertionError(f"{gram!r} not in the LM")


def test_household_counts_raise_the_households_phrasing() -> None:
    known: Callable[[str], bool] = lambda w: w != "zzyzx"  # noqa: E731
    base = count_ngrams(["switch on the lamp", "switch on the fan", "switch off the fan"], known)
    before = arpa_from_counts(base)
    adapted = count_ngrams(["switch on the fan"] * 5 + ["zzyzx the fan"], known, base)
    after = arpa_from_counts(adapted)
    assert _prob(after, "on the fan") > _prob(before, "on the fan")
    assert "zzyzx" not in after  # unknown words are left out, as in the command LM


@pytest.mark.slow
def test_recogniser_switches_to_the_household_lm(
    app: Any, say: Callable[..., bytes], tmp_path: Path
) -> None:
    """A real decoder: after ``use_command_lm`` the next utterance is read with the new LM."""
    from pipelines.speech.adaptation.sphinx_model_files import model_dir
    from pipelines.speech.asr.pocketsphinx_engine import PocketSphinxRecognizer
    from pipelines.speech.lm.command_lm import build_arpa, dictionary_words, template_fingerprint

    vocab = dictionary_words(model_dir() / "cmudict-en-us.dict")
    lms = {}
    for name, sentences in {"a": ["turn on the fan"], "b": ["please water the plants"]}.items():
        arpa, _, _, _ = build_arpa(sentences * 3, vocab.__contains__)
        lms[name] = tmp_path / f"{name}.arpa"
        lms[name].write_text(arpa)
    recognizer = PocketSphinxRecognizer(tmp_path, command_lm=lms["a"], final_pass=True)
    pcm = b"\0\0" * 6400 + say("please water the plants") + b"\0\0" * 8000

    def read() -> str:
        stream = recognizer.stream("command")
        stream.accept(pcm)
        return stream.finish().text

    assert "plants" not in read()
    recognizer.use_command_lm(lms["b"])
    assert read() == "please water the plants"
    assert current_household_lm(app.paths.data_dir, app.settings) is None
    # the template corpus's counts as cached after the first build (counting them takes ~30 s)
    known = vocab.__contains__
    counts = count_ngrams(["turn on the fan", "water the plants"], known)
    fingerprint = template_fingerprint(app.settings)
    (tmp_path / "speech").mkdir()
    (tmp_path / "speech" / f"ngrams-{fingerprint}.json").write_text(json.dumps(counts))
    built = build_household_lm(
        app.paths.data_dir, [model_dir() / "cmudict-en-us.dict"], ["please water the plants"] * 2,
        app.settings, cache_dir=tmp_path,
    )  # fmt: skip
    assert current_household_lm(app.paths.data_dir, app.settings) == built
    text = built.read_text()
    assert _prob(text, "please water the") < 0 and _prob(text, "turn on the") < 0  # both kept
