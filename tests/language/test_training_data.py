"""Training data: SLURP devel is evaluation only (issue 20), so no devel sentence becomes
training text, not even through lm.txt (SLURP's unlabelled sentences hold a few of them)."""

from __future__ import annotations

import json
from pathlib import Path

from training.data import build_dataset
from training.slurp import devel_sentences, lm_negatives

DEVEL_ONLINE = "What's the weather in Paris"
"""An online request in both devel.jsonl and lm.txt (lm_negatives would label it)."""


def _shared(tmp_path: Path) -> Path:
    slurp = tmp_path / "data" / "intents" / "slurp"
    slurp.mkdir(parents=True)
    rows = [
        {"slurp_id": 1, "sentence": DEVEL_ONLINE, "sentence_annotation": DEVEL_ONLINE,
         "intent": "weather_query"},
        {"slurp_id": 2, "sentence": "wake me up at seven",
         "sentence_annotation": "wake me up at [time : seven]", "intent": "alarm_set"},
    ]  # fmt: skip
    (slurp / "devel.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    # the devel sentence, and online sentences that are not devel's (some land in the
    # held-out test buckets of lm_negatives, the rest in training)
    others = [f"what's the weather in town number {i}" for i in range(20)]
    (slurp / "lm.txt").write_text("\n".join([DEVEL_ONLINE, *others]) + "\n")
    return tmp_path


def test_devel_sentences_never_reach_training(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    devel = devel_sentences(shared / "data" / "intents" / "slurp" / "devel.jsonl")
    assert devel == {"what's the weather in paris", "wake me up at seven"}
    lm = shared / "data" / "intents" / "slurp" / "lm.txt"
    assert any(e.text == "what's the weather in paris" for _, e in lm_negatives(lm))
    assert all(e.text not in devel for _, e in lm_negatives(lm, exclude=devel))

    data = build_dataset(per_template=1, shared=shared, use_slurp=False, use_hass=False)
    texts = {e.text.lower() for e in (*data.train, *data.val, *data.test)}
    assert texts.isdisjoint(devel)
    assert any(e.source == "slurp-lm" for e in data.train)  # lm.txt's other sentences stay
    with_devel = build_dataset(per_template=1, shared=shared, use_hass=False)
    assert any(e.source == "slurp:2" for e in with_devel.train + with_devel.val + with_devel.test)


def test_appending_templates_never_moves_an_older_one_between_splits() -> None:
    """The held-out and validation templates of the frozen split stay put when templates are
    appended (round 2 had moved a held-out media_play template into training)."""
    from types import SimpleNamespace

    from training.data import SPLIT_FROZEN, dev_templates, held_out_templates

    def tset(count: int) -> SimpleNamespace:
        ids = [f"media_play/{i}" for i in range(count)] + [f"stop/{i}" for i in range(30)]
        return SimpleNamespace(
            templates=[SimpleNamespace(id=i, intent=i.split("/")[0]) for i in ids]
        )

    frozen = SPLIT_FROZEN["media_play"]
    before, after = tset(frozen), tset(frozen + 40)
    held_before, held_after = held_out_templates(before), held_out_templates(after)
    old = {t.id for t in before.templates}
    assert held_after & old == held_before
    assert dev_templates(after, held_after) & old == dev_templates(before, held_before)
    new_held = held_after - old
    assert 4 <= len(new_held) <= 12  # the appended ones are split among themselves (~20%)


def test_extra_copies_repeat_one_source_only() -> None:
    from training.build import extra_copies
    from training.examples import Example

    train = [Example("turn on the lamp", "light_on", (), "ha:light:x"), Example("hi", "greeting")]
    assert [e.text for e in extra_copies(train, "ha:", 3)] == ["turn on the lamp"] * 2
    assert extra_copies(train, "ha:", 1) == []


def test_intent_copies_repeat_the_named_intents_only() -> None:
    import pytest

    from training.examples import Example, intent_copies

    train = [
        Example("what's the weather", "unsupported_online"),
        Example("paint the fence", "out_of_scope"),
        Example("lights on", "light_on"),
    ]
    extra = intent_copies(train, ["out_of_scope=3", "unsupported_online=1"])
    assert [e.text for e in extra] == ["paint the fence"] * 2
    for bad in ("out_of_scoop=2", "out_of_scope", "out_of_scope=two"):
        with pytest.raises(ValueError, match="INTENT=N"):
            intent_copies(train, [bad])
