"""training/asr_noise.py: which sentences are spoken, and which transcripts become examples.

The recogniser is never started here: every transcript comes from the cache file the module
keeps in its work folder, exactly as a rebuild reads it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import asr_noise
from training.examples import Example


def _train() -> list[Example]:
    return [
        Example("Set a timer for 5 minutes", "timer_start"),
        Example("what time is it", "time_query"),
        Example("turn on the kitchen lights", "light_on"),
        Example("add eggs to my shopping list", "list_add"),
        Example("what's the weather like", "unsupported_online"),
    ]


def test_benchmark_sentences_are_never_spoken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(asr_noise, "benchmark_sentences", lambda: {"what time is it"})
    chosen = asr_noise.choose(_train(), 10, seed=0)
    spoken = [text for text, _ in chosen]
    assert "what time is it" not in spoken
    assert "set a timer for five minutes" in spoken  # spoken form: lower case, digits as words
    assert len(spoken) == 4


def test_only_transcripts_that_differ_but_are_not_garbled_are_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(asr_noise, "benchmark_sentences", lambda: set())
    pairs = asr_noise.choose(_train(), 5, seed=0)
    heard = {  # (PocketSphinx, Whisper) readings of each sentence
        "set a timer for five minutes": (
            "set a time for five minutes",
            "set a timer for 5 minutes",
        ),
        "what time is it": ("what time is it", "what time is it"),  # exact: nothing to learn
        "turn on the kitchen lights": ("", ""),  # nothing heard
        "add eggs to my shopping list": (
            "at the gold on the chopping block",
            "add eggs to my list",
        ),
        "what's the weather like": ("what's the whether like", "what's the whether like"),
    }
    cache = tmp_path / "asr.jsonl"
    with cache.open("w", encoding="utf-8") as handle:
        for recogniser, voice, text in asr_noise.jobs(pairs):
            hyp = heard[text][recogniser != "pocketsphinx"]
            row = {"key": asr_noise.key(recogniser, voice, text), "hyp": hyp}
            handle.write(json.dumps(row) + "\n")

    examples, counts = asr_noise.asr_examples(_train(), 5, tmp_path, seed=0, cache_file=cache)

    # 10 readings; Whisper's digits ("5 minutes") differ from the spoken form and are kept: the
    # model reads Whisper's text as it comes; the same misreading twice is kept once
    assert counts == {
        "spoken": 5, "kept": 4, "exact": 2, "empty": 2, "garbled": 1, "repeated": 1
    }  # fmt: skip
    assert {(e.text, e.intent) for e in examples} == {
        ("set a time for five minutes", "timer_start"),
        ("set a timer for 5 minutes", "timer_start"),
        ("add eggs to my list", "list_add"),
        ("what's the whether like", "unsupported_online"),
    }
    assert all(not e.slots_labelled and e.source.startswith("asr:") for e in examples)
    assert {e.source.split(":")[1] for e in examples} >= {"pocketsphinx"}
    assert len({e.source.split(":")[1] for e in examples}) >= 2  # and a Whisper


def test_each_sentence_is_heard_by_pocketsphinx_and_one_whisper_in_a_stable_voice() -> None:
    pairs = [(f"sentence {i}", "stop") for i in range(60)]
    jobs = asr_noise.jobs(pairs)
    assert len(jobs) == 2 * len(pairs)
    assert [r for r, _, _ in jobs[::2]] == ["pocketsphinx"] * len(pairs)
    assert {r for r, _, _ in jobs[1::2]} == {"whisper-base", "whisper-tiny.en"}
    assert {v for _, v, _ in jobs} == set(asr_noise.VOICES)
    # a new sentence in front changes no other sentence's voice (the cache keeps holding)
    assert asr_noise.jobs([("new one", "stop"), *pairs])[2:] == jobs
    # a sentence already in the cache keeps the voice and Whisper it was heard with
    text = pairs[0][0]
    other = next(v for v in asr_noise.VOICES if v != jobs[0][1])
    cache = {asr_noise.key("whisper-tiny.en", other, text): "sentence"}
    assert asr_noise.jobs(pairs[:1], cache)[1] == ("whisper-tiny.en", other, text)


def test_no_voice_of_any_voice_benchmark_is_used() -> None:
    from bench.voice import VOICES as TEST_VOICES
    from bench.voice_audio import FLITE_VOICES
    from bench.voice_dev import DEV_FLITE, DEV_VOICES
    from bench.voice_ootb import DEV_VOICES as OOTB_DEV
    from bench.voice_ootb import TEST_VOICES as OOTB_TEST

    benchmark = TEST_VOICES + FLITE_VOICES + DEV_VOICES + DEV_FLITE + OOTB_TEST + OOTB_DEV
    used = {name for _, name, _ in asr_noise.VOICES}
    assert not used & {name for _, name, _ in benchmark}


def test_a_line_cut_off_by_a_killed_run_is_decoded_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(asr_noise, "benchmark_sentences", lambda: set())
    pairs = asr_noise.choose(_train()[:1], 1, seed=0)
    (sphinx, voice, text), (whisper, _, _) = asr_noise.jobs(pairs)
    cache = tmp_path / "asr.jsonl"
    cache.write_text(
        json.dumps(
            {"key": asr_noise.key(sphinx, voice, text), "hyp": "set a time for five minutes"}
        )
        + "\n"
        + json.dumps({"key": asr_noise.key(whisper, voice, text), "hyp": "set a timer for five"})
        + '\n{"key": "pocketsphinx|en-us+m1|what ti',
        encoding="utf-8",
    )
    assert len(asr_noise.read_cache(cache)) == 2
    examples, counts = asr_noise.asr_examples(_train()[:1], 1, tmp_path, seed=0, cache_file=cache)
    assert counts["kept"] == 2 and examples[0].text == "set a time for five minutes"


def test_new_readings_name_their_template_so_training_uses_them(tmp_path: Path) -> None:
    """A reading cached without its template is "unlabelled" for training.asr_text: new rows
    carry the template id, intent and text, and a row built so is kept as training text."""
    from pipelines.language.templates import load_templates
    from training.asr_text import asr_text_examples

    template = load_templates().templates[0]
    example = Example("set a timer please", template.intent, (), template.id)
    ha = Example("turn off the fan", "device_off", (), "ha:homeassistant_HassTurnOff:x")
    meta = asr_noise.labels([("set a timer please", example), ("turn off the fan", ha)])
    assert meta["set a timer please"] == {
        "source": template.id, "intent": template.intent, "template": template.source
    }  # fmt: skip
    assert meta["turn off the fan"] == {"source": ha.source, "intent": "device_off"}
    cache = tmp_path / "asr.jsonl"
    rows = [
        {"key": "pocketsphinx|en-us+m1|set a timer please", "hyp": "set a time of please"},
        {"key": "pocketsphinx|en-us+m1|turn off the fan", "hyp": "turn off the van"},
    ]
    cache.write_text(
        "".join(json.dumps({**r, **meta[r["key"].split("|")[2]]}) + "\n" for r in rows)
    )
    allowed = {template.id: template.source, ha.source: None}
    examples, counts = asr_text_examples(allowed, path=cache)
    assert counts["kept"] == 2 and counts["unlabelled"] == 0
    assert {(e.text, e.intent) for e in examples} == {
        ("set a time of please", template.intent),
        ("turn off the van", "device_off"),
    }
