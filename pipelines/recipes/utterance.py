"""What a recipe intent's words say when its slots don't.

The intent model decides *which* recipe intent was asked; some of its sentence forms carry no
slot for a detail the answer needs: "double it" (recipe_scale, no factor), "go to the last
step" (recipe_step_goto, no step), "what temperature is the oven" (recipe_ingredient_query,
no ingredient). These helpers read that detail from the utterance of an already-recognised
recipe intent; they never choose the intent.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z]+")
_MULTIPLIERS = frozenset({"double", "twice", "triple", "treble", "quadruple", "half", "halve"})
_TEMPERATURE = frozenset({"temperature", "temp", "degrees", "oven", "hot", "preheat"})
_TIME = frozenset({"long", "time", "minutes", "hours", "timer"})
_FIRST = frozenset({"first", "beginning", "start"})
_LAST = frozenset({"last", "final"})


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def factor_in(text: str) -> float | None:
    """2 for "double it", 0.5 for "cut it in half"; None if no multiplier word is used."""
    # lazy: start-up speed (..language.normalize loads only when factor_in() runs)
    from ..language.normalize import parse_factor

    for word in _words(text):
        if word in _MULTIPLIERS:
            value = parse_factor(word)
            if value is not None:
                return float(value)
    return None


def step_in(text: str, total: int) -> int | None:
    """1 for "go to the first step"/"start from the beginning", ``total`` for "the last step"."""
    words = set(_words(text))
    if words & _LAST:
        return total
    if words & _FIRST:
        return 1
    return None


def topic_in(text: str) -> str:
    """ "temperature", "time" or "" for a question about the recipe with no ingredient."""
    words = set(_words(text))
    if words & _TEMPERATURE:
        return "temperature"
    if words & _TIME or {"how", "long"} <= words:
        return "time"
    return ""
