"""Slot fixes after the model, where its spans are demonstrably short of what was said.

- List items: "add call mum to my to-do list" tagged only "call" -> the whole phrase between
  the verb and "to my ... list" ("call mum"), split on commas/"and" only when the model's own
  items did not cover those words; "eggs milk" run together -> "eggs", "milk" when each word
  is an item of its own.
- Signs: "set a timer for -5 minutes", "volume to minus 10": the model's span leaves out the
  minus, so the value would silently flip to a positive one the user never asked for.
"""

from __future__ import annotations

import dataclasses
import re

from ..core.intent import Intent, SlotValue
from .normalize import split_items, strip_item_article

_LIST_ADD = re.compile(
    r"^(?:.*?\b)?(?:add|put|stick|pop|write|jot|jot down) (?P<item>.+?) (?:to|on|onto|in|down on) "
    r"(?:my|the|our|a) (?P<list>[a-z -]+?) list$"
)
_LIST_REMOVE = re.compile(
    r"^(?:.*?\b)?(?:remove|delete|take|cross|scratch|strike) (?P<item>.+?) (?:off|from|out of) "
    r"(?:my|the|our) (?P<list>[a-z -]+?) list$"
)
_MINUS = ("-", "minus ", "negative ")
_MINUS_WORDS = ("-", " minus", " negative")


def _words(values: object) -> set[str]:
    if isinstance(values, list):
        return {w for v in values for w in str(v).split()}
    return set(str(values).split())


def _items(intent: Intent, clean: str) -> Intent:
    pattern = _LIST_ADD if intent.name == "list_add" else _LIST_REMOVE
    found = pattern.match(clean)
    if not found:
        return intent
    if "list" not in intent.slots and found.group("list").strip() not in ("the", "my"):
        listed = found.group("list").strip()
        intent = dataclasses.replace(
            intent, slots={**intent.slots, "list": listed},
            raw_slots={**intent.raw_slots, "list": listed},
        )  # fmt: skip
    said = found.group("item").strip()
    said = strip_item_article(said)
    wanted = set(said.split()) - {"and", "some", "a", "an", "the", "more"}
    model_items = intent.slots.get("item", [])
    if isinstance(model_items, list) and wanted <= _words(model_items):
        # the model covered every word: keep its split ("eggs, milk and bread"), without an item
        # it took from outside the said items ("add paint to the diy list": not "diy" as well)
        listed = found.group("list").strip()
        inside = [
            i for i in model_items
            if set(str(i).split()) <= set(said.split()) and (str(i) != listed or str(i) == said)
        ]  # fmt: skip
        if inside == model_items or not wanted <= _words(inside):
            return intent
        return dataclasses.replace(intent, slots={**intent.slots, "item": inside})
    if wanted <= _words(model_items):
        return intent
    slots: dict[str, SlotValue] = {**intent.slots, "item": split_items(said) or [said]}
    raw = {**intent.raw_slots, "item": said}
    return dataclasses.replace(intent, slots=slots, raw_slots=raw)


def _signs(intent: Intent, text: str) -> Intent:
    lowered = text.lower()
    slots = dict(intent.slots)
    for name in ("duration", "level", "quantity"):
        value, said = slots.get(name), intent.raw_slots.get(name)
        if not isinstance(value, int | float) or value <= 0 or not said:
            continue
        at = lowered.find(said.lower())
        before = lowered[: max(0, at)].rstrip()
        if said.lower().startswith(_MINUS) or (at >= 0 and before.endswith(_MINUS_WORDS)):
            slots[name] = -value
    return intent if slots == dict(intent.slots) else dataclasses.replace(intent, slots=slots)


def _known_items() -> frozenset[str]:
    # lazy: start-up speed (.templates loads only when _known_items() runs)
    from .templates import slot_values

    return frozenset(slot_values("item"))


def _split_runs(intent: Intent) -> Intent:
    """ "eggs milk" (two items said without "and") -> "eggs", "milk", when every word is an item
    on its own and the whole is not one ("peanut butter" and "washing up liquid" stay)."""
    items = intent.slots.get("item")
    if not isinstance(items, list) or not any(" " in str(i) for i in items):
        return intent
    known = _known_items()
    out: list[str] = []
    for item in map(str, items):
        words = item.split()
        if len(words) > 1 and item not in known and all(w in known for w in words):
            out.extend(words)
        else:
            out.append(item)
    if out == items:
        return intent
    return dataclasses.replace(intent, slots={**intent.slots, "item": out})


def repair(intent: Intent, clean: str) -> Intent:
    """``intent`` with list items and signs corrected against the tidied text ``clean``."""
    if intent.name in ("list_add", "list_remove"):
        intent = _split_runs(_items(intent, clean))
    return _signs(intent, intent.text)
