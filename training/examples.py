"""One labelled utterance for training (text, intent, character spans of slots), and the
repetitions that weight some examples more in training."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.core.intent import INTENTS


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    spans: tuple[tuple[str, int, int], ...] = ()
    """(slot, start, end) character offsets into ``text``."""
    source: str = ""
    slots_labelled: bool = True
    """False when the source does not annotate our slots (slot loss/F1 skip it)."""


def extra_copies(examples: list[Example], prefix: str, weight: int) -> list[Example]:
    """``weight - 1`` more copies of the examples whose source starts with ``prefix``."""
    return [e for e in examples if e.source.startswith(prefix)] * max(0, weight - 1)


def intent_copies(examples: list[Example], specs: list[str]) -> list[Example]:
    """For each ``INTENT=N`` spec, ``N - 1`` more copies of that intent's examples."""
    extra: list[Example] = []
    for spec in specs:
        intent, _, times = spec.partition("=")
        if intent not in INTENTS or not times.isdigit():
            raise ValueError(f"--intent-weight wants INTENT=N with a known intent, not {spec!r}")
        extra += [e for e in examples if e.intent == intent] * max(0, int(times) - 1)
    return extra
