"""Recogniser readings of training commands as training text (issue 23: an intent model
that expects recogniser errors, so "console the timer" still cancels it).

``training/asr-transcripts.jsonl`` holds what PocketSphinx (command LM) and Whisper
(base/tiny.en) heard when template commands were spoken by voices no voice benchmark uses
(``python -m bench.asr_noise`` speaks and decodes them; text only is kept). Rows that name the
template they were sampled from (``source``, ``intent`` and the template's text) become
intent-only examples with that template's label, when

- the template is in this build's training split (never a validation or held-out template),
  and its text is unchanged since the sentence was spoken (an edited template may mean
  something else now: the podcast decision moved "play some podcast" to unsupported_online);
- the reading differs from what was said, but by at most ``max_wer`` of its words (a reading
  half right teaches robustness; a garbled one would teach guessing on noise).
"""

from __future__ import annotations

import json
from pathlib import Path

from .examples import Example

CACHE = Path(__file__).with_name("asr-transcripts.jsonl")


def word_errors(said: str, heard: str) -> int:
    """Word-level edit distance (substitutions, insertions, deletions)."""
    ref, hyp = said.split(), heard.split()
    row = list(range(len(hyp) + 1))
    for i, word in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return row[-1]


def asr_text_examples(
    allowed: dict[str, str | None], max_wer: float = 0.5, path: Path = CACHE
) -> tuple[list[Example], dict[str, int]]:
    """Intent-only examples from the cached readings. ``allowed``: source id -> template text
    (None for sources without one, e.g. Home Assistant's) of this build's training data."""
    counts = dict.fromkeys(
        ("kept", "exact", "empty", "garbled", "repeated", "unlabelled", "not_training"), 0
    )
    out: list[Example] = []
    kept: set[tuple[str, str]] = set()
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    for line in lines:
        try:
            row = json.loads(line)
        except json.JSONDecodeError:  # a run killed mid-line
            continue
        source = row.get("source")
        if source is None or "intent" not in row:
            counts["unlabelled"] += 1
            continue
        if source not in allowed or allowed[source] != row.get("template"):
            counts["not_training"] += 1
            continue
        recogniser, voice, said = row["key"].split("|", 2)
        heard = " ".join(row["hyp"].lower().split())
        errors = word_errors(said, heard)
        if not heard:
            counts["empty"] += 1
        elif errors == 0:
            counts["exact"] += 1
        elif errors > max_wer * len(said.split()):
            counts["garbled"] += 1
        elif (heard, row["intent"]) in kept:
            counts["repeated"] += 1
        else:
            kept.add((heard, row["intent"]))
            source_name = f"asr:{recogniser}:{voice}"
            out.append(Example(heard, row["intent"], (), source_name, slots_labelled=False))
    counts["kept"] = len(out)
    return out, counts


def training_sources(train: list[Example]) -> dict[str, str | None]:
    """Source id -> current template text for the training examples' sources."""
    from pipelines.language.templates import load_templates

    text = {t.id: t.source for t in load_templates().templates}
    return {e.source: text.get(e.source) for e in train}
