"""One labelled utterance for training: text, intent, character spans of slots."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    spans: tuple[tuple[str, int, int], ...] = ()
    """(slot, start, end) character offsets into ``text``."""
    source: str = ""
    slots_labelled: bool = True
    """False when the source does not annotate our slots (slot loss/F1 skip it)."""
