# ruff: noqa: E501  (one grammar line per phrasing family reads better than wrapped regexes)
"""Unit conversion phrased any way, read by grammar: "what is 5 miles in kilometers", "convert
5 miles to km", "how many grams in a cup of flour", "3/4 of a cup in ml", "350 f in c".
Split from :mod:`.rules`, which calls :func:`unit_request`."""

from __future__ import annotations

import re

from ..core.intent import Intent, SlotValue
from .base import grammar_intent
from .normalize import parse_number
from .numbers import words_to_numbers
from .unit_parsing import unit_for

_Q = r"(?P<q>-?\d+(?:\.\d+)?(?: and a half)?|an?|half an?|half a|a half|a quarter of an?|one)"
_U = r"[a-z°]+(?:/[a-z]+)?(?: (?!(?:are|is|in|to|of|make|makes|equals?|per|an?)\b)[a-z°]+)?(?: (?:per|an?) (?:hour|minute|second|day|h|s))?"
_UNITS = [
    p
    for p in (
        rf"^(?:what(?:'s| is) |convert |change |how much is |what does |turn )?(?:{_Q} )?(?P<src>{_U})(?: of (?P<ing>[a-z ]+?))? (?:in|to|into|as|in to|equals?|make) (?P<dst>{_U})(?: is that| make)?$",
        rf"^how (?:many|much) (?P<dst>{_U}) (?:are |is |do you get |are there |make |makes )?(?:in|to|is|makes?|per|equals?) (?:{_Q} )?(?P<src>{_U})(?: of (?P<ing>[a-z ]+?))?$",
        rf"^how (?:many|much) (?P<dst>{_U}) (?:is|are) (?:{_Q} )?(?P<src>{_U})(?: of (?P<ing>[a-z ]+?))?$",
    )
]  # fmt: skip


def _fractions(numeric: str) -> str:
    """ "3/4 cup" -> "0.75 cup", "1 1/2 cups" -> "1.5 cups", "0.75 of a cup" -> "0.75 cup"."""

    def value(found: re.Match[str]) -> str:
        whole, top, bottom = found.group(1), int(found.group(2)), int(found.group(3))
        if bottom == 0:
            return found.group(0)
        return f"{(int(whole) if whole else 0) + top / bottom:g}"

    numeric = re.sub(r"\b(?:(\d+) )?(\d+)/(\d+)\b", value, numeric)
    return re.sub(r"\b(\d+(?:\.\d+)?) of (?:an? |the )", r"\1 ", numeric)


def _temperature_letters(src: str, dst: str) -> tuple[str, str]:
    """ "350 f in c": the letters are Fahrenheit and Celsius (not cups) when both sides are
    temperature letters or one says degrees."""
    letters = {"f": "fahrenheit", "c": "celsius", "degrees f": "fahrenheit", "degrees c": "celsius"}
    if src in letters and dst in letters:
        return letters[src], letters[dst]
    return src, dst


def unit_request(text: str, clean: str) -> Intent | None:
    """``unit_convert`` for "what is 5 miles in km", "how many grams in a cup of flour",
    "3/4 cup in ml", "350 f in c"; None when ``clean`` is no conversion of known units."""
    numeric = _fractions(words_to_numbers(clean).replace(" point ", "."))
    for pattern in _UNITS:
        found = re.match(pattern, numeric)
        if not found:
            continue
        src, dst = _temperature_letters(found.group("src"), found.group("dst"))
        if unit_for(src) is None or unit_for(dst) is None:
            continue
        slots: dict[str, SlotValue] = {"unit": [src, dst]}
        raw = {"unit": f"{src} {dst}"}
        quantity = found.group("q")
        if quantity:
            value = parse_number(quantity.replace("half a", "a half").replace("half an", "a half"))
            if value is not None:
                slots["quantity"], raw["quantity"] = value, quantity
        if found.group("ing"):
            slots["ingredient"] = raw["ingredient"] = found.group("ing")
        return grammar_intent("unit_convert", text, slots, raw)
    return None
