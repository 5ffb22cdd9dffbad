"""Cups <-> grams for common dry goods and fats: a small density table (grams per US cup).

Values are the usual kitchen conversions (King Arthur's and USDA's ingredient weight charts
agree within a few percent): flour is spooned and levelled, brown sugar packed, cheese
shredded. The longest matching name wins ("bread flour" before "flour"). Anything not in
the table stays unconverted: a wrong weight is worse than none.
"""

from __future__ import annotations

import re

from .units import convert, dimension

GRAMS_PER_CUP: dict[str, float] = {
    "all-purpose flour": 125,
    "plain flour": 125,
    "flour": 125,
    "bread flour": 127,
    "whole wheat flour": 120,
    "wholemeal flour": 120,
    "cake flour": 114,
    "self-rising flour": 125,
    "self-raising flour": 125,
    "almond flour": 96,
    "cornmeal": 120,
    "cornstarch": 128,
    "cocoa": 85,
    "sugar": 200,
    "granulated sugar": 200,
    "caster sugar": 200,
    "brown sugar": 213,
    "demerara sugar": 200,
    "powdered sugar": 120,
    "icing sugar": 120,
    "confectioners sugar": 120,
    "honey": 340,
    "maple syrup": 320,
    "butter": 227,
    "shortening": 205,
    "rice": 185,
    "arborio rice": 200,
    "quinoa": 170,
    "lentils": 192,
    "rolled oats": 90,
    "oats": 90,
    "cheese": 113,
    "parmesan": 100,
    "cream cheese": 232,
    "chocolate chips": 170,
    "sprinkles": 160,
    "raisins": 150,
    "walnuts": 120,
    "pecans": 110,
    "almonds": 143,
    "cashews": 137,
    "peanuts": 146,
    "peanut butter": 258,
    "breadcrumbs": 108,
    "panko": 50,
    "salt": 288,
    "kosher salt": 160,
    "baking soda": 220,
    "baking powder": 192,
    "yogurt": 245,
    "greek yogurt": 245,
    "sour cream": 230,
    "chia seeds": 160,
}
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def density_of(name: str) -> float | None:
    """Grams per US cup for an ingredient name, or None if it is not in the table."""
    text = " ".join(_WORD.findall(name.lower().replace("’", "'")))
    best: tuple[int, float] | None = None
    for key, grams in GRAMS_PER_CUP.items():
        if re.search(rf"\b{re.escape(key)}s?\b", text) and (best is None or len(key) > best[0]):
            best = (len(key), grams)
    return best[1] if best else None


def convert_with_density(amount: float, unit: str, target: str, name: str) -> float | None:
    """``amount`` ``unit`` of ingredient ``name`` in ``target``, across mass and volume."""
    grams_per_cup = density_of(name)
    if grams_per_cup is None:
        return None
    source_kind, target_kind = dimension(unit), dimension(target)
    if source_kind == "volume" and target_kind == "mass":
        cups = convert(amount, unit, "cup")
        grams = None if cups is None else cups * grams_per_cup
        return None if grams is None else convert(grams, "gram", target)
    if source_kind == "mass" and target_kind == "volume":
        grams = convert(amount, unit, "gram")
        cups = None if grams is None else grams / grams_per_cup
        return None if cups is None else convert(cups, "cup", target)
    return None
