"""BIO tags + token offsets -> slot spans -> normalised slot values."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..core.intent import SlotValue
from .normalize import normalize_slot, split_items


def tag_spans(
    text: str, tags: Sequence[str], offsets: Sequence[tuple[int, int]]
) -> list[tuple[str, str]]:
    """(slot, raw text) for each tagged span, in utterance order.

    A span runs over consecutive tokens tagged with the same slot (B- or I-, adjacent in the
    text); word pieces are merged, and a span is widened to whole words of the utterance.
    """
    spans: list[tuple[str, int, int]] = []
    for tag, (start, end) in zip(tags, offsets, strict=True):
        if start == end or tag == "O":  # [CLS] / [SEP] / outside
            continue
        slot = tag.partition("-")[2]
        previous = spans[-1] if spans else None
        # I- continues a span; so does a B- of the same slot touching it (the model often
        # tags each word of "master bedroom" or each piece of "parmesan" as B-)
        continues = previous is not None and previous[0] == slot and _joined(previous, start)
        if continues and previous is not None:
            spans[-1] = (slot, previous[1], end)
        else:
            spans.append((slot, start, end))
    out = []
    for slot, start, end in spans:
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        out.append((slot, text[start:end].strip()))
    return out


def _joined(previous: tuple[str, int, int], start: int) -> bool:
    """Only tokens right after the previous span (a space apart at most) continue it."""
    return start - previous[2] <= 1


_TARGET_UNIT = re.compile(r"\b(?:to|into|in|as)\s+$")


def assemble(
    text: str, spans: Sequence[tuple[str, str]]
) -> tuple[dict[str, SlotValue], dict[str, str]]:
    """Normalised slots and the raw slot text, merging repeated slots sensibly.

    ``item`` collects every item span into one list; two ``unit`` spans become
    ``[from_unit, to_unit]``; for other slots the first span wins.
    """
    slots: dict[str, SlotValue] = {}
    raw: dict[str, str] = {}
    units: list[tuple[str, bool]] = []
    lowered = text.lower()
    for slot, value in spans:
        if not value:
            continue
        if slot == "item":
            items = list(slots.get("item", []))  # type: ignore[arg-type]
            items += [i for i in split_items(value) if i not in items]
            slots["item"] = items
            raw["item"] = f"{raw['item']}, {value}" if "item" in raw else value
            continue
        if slot == "unit":
            position = lowered.find(value.lower())
            before = lowered[:position] if position >= 0 else ""
            is_target = bool(_TARGET_UNIT.search(before)) or bool(
                re.search(r"\bhow (?:many|much)\s+$", before)
            )
            units.append((str(normalize_slot("unit", value)), is_target))
            raw["unit"] = f"{raw['unit']}, {value}" if "unit" in raw else value
            continue
        if slot in slots:
            continue
        slots[slot] = normalize_slot(slot, value)
        raw[slot] = value
    if len(units) == 1:
        slots["unit"] = units[0][0]
    elif units:
        sources = [u for u, target in units if not target]
        targets = [u for u, target in units if target]
        ordered = (sources + targets) if sources and targets else [u for u, _ in units]
        slots["unit"] = ordered[:2]
    return slots, raw
