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
    heard = {
        "set a timer for five minutes": "set a time for five minutes",  # 1 error in 6: kept
        "what time is it": "what time is it",  # exact: nothing new to learn
        "turn on the kitchen lights": "",  # nothing heard
        "add eggs to my shopping list": "at the gold on the chopping block",  # garbled
        "what's the weather like": "what's the whether like",  # 1 in 4: kept
    }
    with (tmp_path / "asr-transcripts.jsonl").open("w", encoding="utf-8") as handle:
        for i, (text, _) in enumerate(pairs):
            voice = asr_noise.VOICES[i % len(asr_noise.VOICES)][1]
            handle.write(json.dumps({"key": f"{voice}|{text}", "hyp": heard[text]}) + "\n")

    examples, counts = asr_noise.asr_examples(_train(), 5, tmp_path, seed=0)

    assert counts == {"spoken": 5, "kept": 2, "exact": 1, "empty": 1, "garbled": 1}
    assert {(e.text, e.intent) for e in examples} == {
        ("set a time for five minutes", "timer_start"),
        ("what's the whether like", "unsupported_online"),
    }
    assert all(not e.slots_labelled and e.source.startswith("asr:") for e in examples)


def test_no_voice_of_either_voice_benchmark_is_used() -> None:
    from bench.voice import VOICES as TEST_VOICES
    from bench.voice_dev import DEV_VOICES

    used = {name for _, name, _ in asr_noise.VOICES}
    assert not used & {name for _, name, _ in TEST_VOICES + DEV_VOICES}


def test_a_line_cut_off_by_a_killed_run_is_decoded_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(asr_noise, "benchmark_sentences", lambda: set())
    [(text, _)] = asr_noise.choose(_train()[:1], 1, seed=0)
    voice = asr_noise.VOICES[0][1]
    (tmp_path / "asr-transcripts.jsonl").write_text(
        json.dumps({"key": f"{voice}|{text}", "hyp": "set a time for five minutes"})
        + '\n{"key": "en-us+m1|what ti',
        encoding="utf-8",
    )
    examples, counts = asr_noise.asr_examples(_train()[:1], 1, tmp_path, seed=0)
    assert counts["kept"] == 1 and examples[0].text == "set a time for five minutes"
