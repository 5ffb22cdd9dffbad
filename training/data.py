"""Build the train / validation / held-out test sets.

- our templates (``assets/templates``): whole templates are held out for the test set
  (about 20% per intent) and another ~10% for the validation set, so calibration and model
  selection see phrasings training never saw (at least two templates always stay in training);
- SLURP devel items (whole items, 60/10/30 by a hash of the id);
- SLURP ``lm.txt`` sentences that clearly need the internet (keyword weak labels);
- Home Assistant intent templates (CC BY 4.0), when present.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.core.intent import INTENTS
from pipelines.core.paths import shared_dir
from pipelines.language.templates import TemplateSet, load_templates

from .examples import Example


@dataclass
class Dataset:
    train: list[Example] = field(default_factory=list)
    val: list[Example] = field(default_factory=list)
    test: list[Example] = field(default_factory=list)

    def add(self, split: str, example: Example) -> None:
        getattr(self, split).append(example)

    def summary(self) -> dict[str, dict[str, int]]:
        return {
            name: dict(Counter(e.source.split(":")[0].split("/")[0] for e in getattr(self, name)))
            for name in ("train", "val", "test")
        }


SPLIT_FROZEN = {
    "alarm_set": 49, "time_query": 50, "date_query": 48, "list_remove": 41, "volume_mute": 39,
    "media_play": 47, "out_of_scope": 126, "unsupported_online": 134,
}  # fmt: skip
"""Templates per intent when the shipped model's split was drawn (2,138 templates,
2026-12-03), for the intents that grew since. Templates appended later are split among
themselves (:func:`_split_group`), so appending one never moves an older template between
training, validation and the held-out test (it did: a held-out ``media_play`` template became
training data when round 2 appended templates)."""


def _split_group(template_id: str) -> tuple[str, int]:
    """(intent, generation): 0 for the templates of the frozen split, 1 for later ones."""
    intent, _, index = template_id.partition("/")
    frozen = SPLIT_FROZEN.get(intent)
    later = frozen is not None and index.isdigit() and int(index) >= frozen
    return intent, int(later)


def held_out_templates(tset: TemplateSet, fraction: float = 0.2) -> set[str]:
    held: set[str] = set()
    by_intent: dict[tuple[str, int], list[str]] = {}
    for template in tset.templates:
        by_intent.setdefault(_split_group(template.id), []).append(template.id)
    for ids in by_intent.values():
        if len(ids) < 4:
            continue
        ranked = sorted(ids, key=lambda t: hashlib.sha256(t.encode()).hexdigest())
        count = min(max(1, round(len(ids) * fraction)), len(ids) - 2)
        held.update(ranked[:count])
    return held


def dev_templates(tset: TemplateSet, held: set[str], fraction: float = 0.1) -> set[str]:
    """Whole templates for validation, disjoint from ``held`` (a differently salted hash)."""
    dev: set[str] = set()
    by_intent: dict[tuple[str, int], list[str]] = {}
    for template in tset.templates:
        if template.id not in held:
            by_intent.setdefault(_split_group(template.id), []).append(template.id)
    for ids in by_intent.values():
        if len(ids) < 5:
            continue
        ranked = sorted(ids, key=lambda t: hashlib.sha256(f"dev/{t}".encode()).hexdigest())
        dev.update(ranked[: min(max(1, round(len(ids) * fraction)), len(ids) - 3)])
    return dev


def _template_examples(
    tset: TemplateSet, ids: set[str], per_template: int, seed: int
) -> list[Example]:
    out: list[Example] = []
    for template in tset.templates:
        if template.id not in ids:
            continue
        # One generator per template, seeded by its id: adding, removing or editing a template
        # (or training data from elsewhere) never changes another template's samples.
        rng = random.Random(f"{seed}/{template.id}")
        seen: set[str] = set()
        for _ in range(per_template * 4):
            sample = tset.sample(template, rng)
            if sample.text in seen:
                continue
            seen.add(sample.text)
            spans = tuple((s.slot, s.start, s.end) for s in sample.spans)
            out.append(Example(sample.text, sample.intent, spans, template.id))
            if len(seen) >= per_template:
                break
    return out


def build_dataset(
    per_template: int = 40,
    test_per_template: int = 12,
    shared: Path | None = None,
    use_slurp: bool = True,
    use_lm: bool = True,
    use_hass: bool = True,
    seed: int = 13,
    train_on_dev: bool = False,
    slurp_mapping: str = "round1",
) -> Dataset:
    """``train_on_dev``: the final model also learns the validation templates and items (after
    the recipe and the calibration temperature were chosen with them held out).
    ``slurp_mapping="round2"`` labels SLURP's reminders and jokes with the round-2 intents
    (training/slurp.py); "round1" (the default) is the split today's benchmarks report on."""
    tset = load_templates()
    held = held_out_templates(tset)
    dev = dev_templates(tset, held)
    train_ids = {t.id for t in tset.templates} - held - dev
    data = Dataset()
    data.train += _template_examples(tset, train_ids, per_template, seed)
    data.val += _template_examples(tset, dev, test_per_template // 2, seed + 1)
    if train_on_dev:
        data.train += _template_examples(tset, dev, per_template, seed + 3)
    data.test += _template_examples(tset, held, test_per_template, seed + 2)
    shared = shared or shared_dir()
    if shared is not None:
        intents = shared / "data" / "intents"
        if use_slurp and (intents / "slurp" / "devel.jsonl").exists():
            from .slurp import load_slurp

            for split, example in load_slurp(intents / "slurp" / "devel.jsonl", slurp_mapping):
                if example.intent in INTENTS:  # not the grammar-only ones ("calculate")
                    data.add(split, example)
        if use_lm and (intents / "slurp" / "lm.txt").exists():
            from .slurp import devel_sentences, lm_negatives

            devel = devel_sentences(intents / "slurp" / "devel.jsonl")
            for split, example in lm_negatives(intents / "slurp" / "lm.txt", exclude=devel):
                data.add(split, example)
        if use_hass and (intents / "home-assistant" / "sentences" / "en").is_dir():
            from .hass import load_hass

            for split, example in load_hass(intents / "home-assistant", tset, seed=seed):
                data.add(split, example)
    if train_on_dev:
        data.train += [e for e in data.val if e.source.startswith("slurp:")]
    random.Random(seed).shuffle(data.train)
    return data
