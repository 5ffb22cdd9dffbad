"""Template sampling seeded per template, and recogniser readings as training text."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from pipelines.language.templates import TemplateSet, load_templates
from training.asr_text import asr_text_examples, word_errors
from training.data import _template_examples


def test_adding_a_template_never_changes_another_templates_samples() -> None:
    """Each template's expansions come from its own seeded generator: a template inserted in
    front (or new training data) leaves every other template's samples as they were."""
    full = load_templates()
    kept = full.templates[:40]
    ids = {t.id for t in kept}
    before = _template_examples(TemplateSet(kept, full.rules, full.values), ids, 6, seed=13)
    extra = replace(full.templates[200], id="media_play/999")
    grown = TemplateSet((extra, *kept), full.rules, full.values)
    after = _template_examples(grown, ids | {extra.id}, 6, seed=13)
    assert [e for e in after if e.source != extra.id] == before
    assert any(e.source == extra.id for e in after)


def test_word_errors_count_substitutions_insertions_and_deletions() -> None:
    assert word_errors("cancel the timer", "cancel the timer") == 0
    assert word_errors("cancel the timer", "console the timer") == 1
    assert word_errors("cancel the timer", "cancel timer") == 1
    assert word_errors("cancel the timer", "so cancel the timer now") == 2
    assert word_errors("", "noise") == 1


def _row(said: str, heard: str, source: str, template: str | None = "t") -> str:
    row = {"key": f"pocketsphinx|kal|{said}", "hyp": heard, "source": source}
    row["intent"] = source.split("/")[0]
    if template is not None:
        row["template"] = template
    return json.dumps(row)


def test_readings_join_training_only_from_unchanged_training_templates(tmp_path: Path) -> None:
    cache = tmp_path / "asr.jsonl"
    lines = [
        _row("cancel the timer", "console the timer", "timer_cancel/1"),  # kept
        _row("cancel the timer now", "cancel the timer now", "timer_cancel/1"),  # exact
        _row("stop the music please", "top hat music fleas", "media_pause/2"),  # garbled
        _row("play the podcast", "play the pod cast", "media_play/0", "old text"),  # edited
        _row("what time is it", "what time is in", "time_query/7"),  # held out
        json.dumps({"key": "whisper-base|kal|hello there", "hyp": "hello bear"}),  # unlabelled
        '{"key": "pocketsphinx|kal|half a li',  # a run killed mid-line
    ]
    cache.write_text("\n".join(lines) + "\n", encoding="utf-8")
    allowed = {"timer_cancel/1": "t", "media_pause/2": "t", "media_play/0": "new text"}
    examples, counts = asr_text_examples(allowed, path=cache)
    assert [(e.text, e.intent, e.slots_labelled) for e in examples] == [
        ("console the timer", "timer_cancel", False)
    ]
    assert examples[0].source == "asr:pocketsphinx:kal"
    assert counts["exact"] == 1 and counts["garbled"] == 1 and counts["unlabelled"] == 1
    assert counts["not_training"] == 2


def test_the_committed_readings_name_their_templates() -> None:
    """Most cached readings carry the template they were sampled from, so they can be used."""
    from training.asr_text import CACHE

    rows = [json.loads(line) for line in CACHE.read_text(encoding="utf-8").splitlines()]
    labelled = [r for r in rows if "source" in r]
    assert len(labelled) >= 500
    assert all(r["intent"] == r["source"].split("/")[0] for r in labelled if "/" in r["source"])
