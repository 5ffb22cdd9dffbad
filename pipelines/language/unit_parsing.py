"""Read a conversion request: "convert 2 cups to ml", "how many grams in a pound of butter",
"350 fahrenheit in celsius". Returns a :class:`ConversionRequest` with pint unit names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .measures import SPOKEN_UNITS, pint_unit
from .numbers import words_to_numbers

# Grams per millilitre for common kitchen ingredients (King Arthur-style weight charts).
DENSITIES_G_PER_ML: dict[str, float] = {
    "water": 1.0, "milk": 1.03, "cream": 1.0, "oil": 0.92, "olive oil": 0.92, "honey": 1.42,
    "flour": 0.53, "plain flour": 0.53, "all-purpose flour": 0.53, "bread flour": 0.55,
    "sugar": 0.85, "caster sugar": 0.85, "brown sugar": 0.93, "icing sugar": 0.51,
    "powdered sugar": 0.51, "butter": 0.96, "rice": 0.78, "oats": 0.38, "salt": 1.2,
    "cocoa": 0.42, "cocoa powder": 0.42, "yogurt": 1.03, "yoghurt": 1.03,
}  # fmt: skip

# What "convert 2 cups" means when no target is said.
DEFAULT_TARGETS = {
    "degF": "degC", "degC": "degF", "cup": "milliliter", "tablespoon": "milliliter",
    "teaspoon": "milliliter", "fluid_ounce": "milliliter", "ounce": "gram", "pound": "gram",
    "gram": "ounce", "kilogram": "pound", "milliliter": "cup", "liter": "cup", "pint": "milliliter",
    "quart": "liter", "gallon": "liter", "inch": "centimeter", "centimeter": "inch",
    "foot": "meter", "meter": "foot", "mile": "kilometer", "kilometer": "mile", "stone": "kilogram",
}  # fmt: skip

_NUM = r"(?P<q>\d+(?:\.\d+)?(?:\s*/\s*\d+)?|an?|half(?: an?)?|a half|quarter(?: of)?(?: an?)?)"
_FORWARD = re.compile(
    rf"{_NUM}?\s*(?P<src>[a-z°][a-z° .-]*?)(?:\s+of\s+(?P<ing>[a-z -]+?))?"
    r"\s+(?:to|in|into|as|in to)\s+(?P<dst>[a-z°][a-z° .-]*?)\s*\??$"
)
_HOW_MANY = re.compile(
    r"how (?:many|much)\s+(?P<dst>[a-z°][a-z° .-]*?)\s+(?:are |is |do you get )?"
    rf"(?:in|is|to|makes?)\s+(?:one\s+|a\s+)?{_NUM}?\s*(?P<src>[a-z°][a-z° .-]*?)"
    r"(?:\s+of\s+(?P<ing>[a-z -]+?))?\s*\??$"
)
_LEAD = re.compile(r"^(?:please\s+|can you\s+|could you\s+|what(?:'s| is)\s+|convert\s+)+")


_TEMPERATURES = ("degC", "degF", "kelvin")


@dataclass(frozen=True)
class ConversionRequest:
    quantity: float
    source: str
    target: str | None
    ingredient: str | None = None


_PER = {"h": "hour", "hr": "hour", "s": "second", "sec": "second", "min": "minute"}
"""Symbols after "/" that are too short to read alone ("km/h", "m/s")."""
_RATE = re.compile(r"(.+?)\s*(?:/|\s+per\s+|\s+an?\s+(?=hour|minute|second|day))\s*(.+)")


def unit_for(text: str | None) -> str | None:
    if not text:
        return None
    words = " ".join(text.lower().replace("degrees", "degrees ").split()).strip(" .?")
    words = re.sub(r"^(?:of|in|to)\s+", "", words)
    if words in SPOKEN_UNITS:
        return SPOKEN_UNITS[words]
    rate = _RATE.fullmatch(words)  # "km/h", "miles per hour", "litres a minute"
    if rate:
        per = _PER.get(rate.group(2), rate.group(2))
        top, bottom = unit_for(rate.group(1)), unit_for(per)
        return f"{top} / {bottom}" if top and bottom else None
    if words.startswith("degree"):
        rest = words.split(" ", 1)[1] if " " in words else ""
        return {"c": "degC", "f": "degF"}.get(rest) or SPOKEN_UNITS.get(rest)
    # "cups of flour" -> "cups"; "us cups" -> "cups"
    for size in (3, 2, 1):
        head = " ".join(words.split()[:size])
        if head in SPOKEN_UNITS and (size > 1 or len(words.split()) > 1):
            return SPOKEN_UNITS[head]
    return pint_unit(words)  # every other unit pint knows: "acres", "nautical miles"


def _quantity(text: str | None) -> float | None:
    if not text:
        return None
    text = text.strip()
    if text in ("a", "an"):
        return 1.0
    if text.startswith("half") or text == "a half":
        return 0.5
    if text.startswith("quarter"):
        return 0.25
    if "/" in text:
        top, bottom = (float(p) for p in text.split("/"))
        return top / bottom if bottom else None
    try:
        return float(text)
    except ValueError:
        return None


def parse_conversion(text: str, slots: Mapping[str, Any] | None = None) -> ConversionRequest | None:
    """The conversion asked for, or None when the text names no unit we know."""
    slots = slots or {}
    pair = slots.get("unit")
    if isinstance(pair, list) and len(pair) == 2:  # the grammar read both ("km/h", "mph")
        source, target = unit_for(str(pair[0])), unit_for(str(pair[1]))
        amount = slots.get("quantity")
        if source and target and source != target:
            value = float(amount) if isinstance(amount, int | float) else 1.0
            food = str(slots["ingredient"]) if slots.get("ingredient") else None
            return ConversionRequest(value, source, target, food)
    clean = words_to_numbers(text.lower()).replace("?", "").strip()
    clean = _LEAD.sub("", clean)
    patterns = (_HOW_MANY, _FORWARD) if clean.startswith("how") else (_FORWARD, _HOW_MANY)
    found = patterns[0].search(clean) or patterns[1].search(clean)
    quantity: float | None = None
    source = target = ingredient = None
    if found:
        quantity = _quantity(found.group("q"))
        src, _, src_ing = found.group("src").partition(" of ")
        dst, _, dst_ing = found.group("dst").partition(" of ")
        source, target = unit_for(src), unit_for(dst)
        ingredient = (found.group("ing") or src_ing or dst_ing).strip() or None
        if source is None and src.strip() in ("degrees", "degree") and target in _TEMPERATURES:
            source = "degF" if target == "degC" else "degC"  # "100 degrees in celsius"
        if target in _TEMPERATURES and found.group("src").strip() in ("c", "f"):
            source = "degC" if found.group("src").strip() == "c" else "degF"
        if source in _TEMPERATURES and found.group("dst").strip() in ("c", "f"):
            target = "degC" if found.group("dst").strip() == "c" else "degF"
    if quantity is None:
        number = re.search(r"(\d+(?:\.\d+)?)", clean)
        quantity = float(number.group(1)) if number else None
    if source is None:
        source = unit_for(str(slots.get("unit") or "")) or _first_unit(clean)
    slot_quantity = slots.get("quantity")
    if quantity is None and isinstance(slot_quantity, int | float):
        quantity = float(slot_quantity)
    if source is None:
        return None
    if target is None:  # "how much flour is 2 cups in grams"
        tail = re.search(r"\b(?:in|into|to)\s+([a-z°][a-z° ]*)$", clean)
        target = unit_for(tail.group(1)) if tail else None
        target = None if target == source else target
    if ingredient is None and slots.get("ingredient"):
        ingredient = str(slots["ingredient"])
    if ingredient is None:
        ingredient = next(
            (name for name in sorted(DENSITIES_G_PER_ML, key=len, reverse=True)
             if re.search(rf"\b{re.escape(name)}\b", clean)),
            None,
        )  # fmt: skip
    return ConversionRequest(quantity if quantity is not None else 1.0, source, target, ingredient)


def _first_unit(text: str) -> str | None:
    words = text.split()
    for i in range(len(words)):
        for size in (2, 1):
            unit = SPOKEN_UNITS.get(" ".join(words[i : i + size]))
            if unit and len(words[i]) > 1:
                return unit
    return None


_CONVERT_WORDS = re.compile(
    r"^(?:please )?(?:can you |could you )?(?:convert|change|turn) (?:(?:[\d.]+|an?|some) )?"
    r"(?P<a>[a-z][a-z ]*?) (?:to|into|in) (?P<b>[a-z][a-z ]*?)[\s?.!]*$"
)


def not_units(text: str) -> list[str]:
    """The words a "convert 5 apples to pears" request names that are no units (empty when
    it is no such request or every word is a unit)."""

    found = _CONVERT_WORDS.match(words_to_numbers(text.lower()).strip())
    if found is None:
        return []
    return [w for w in (found.group("a"), found.group("b")) if unit_for(w) is None]
