"""Amounts as the page wrote them, scaled, with a metric or US equivalent beside them.

"2 cups all-purpose flour" -> "2 cups all-purpose flour" + " (about 250 g)"; "200 g feta"
-> " (about 7 oz)"; "4 1/2 cups water" -> " (about 1065 ml)". Cups become grams only for
what the density table knows (:mod:`.densities`); other liquids and unknown goods get ml.
"""

from __future__ import annotations

import re

from .densities import convert_with_density
from .lookup import _LEADING_AMOUNT
from .model import Amount, Ingredient
from .quantities import format_quantity, format_range, parse_range
from .units import canonical_unit, convert, dimension, spoken_unit

METRIC = frozenset({"gram", "kilogram", "milligram", "milliliter", "liter", "deciliter"})
_US_VOLUME = frozenset({"cup", "fluid_ounce", "pint", "quart", "gallon"})
_SPOON = frozenset({"tablespoon", "teaspoon"})
_UNIT_WORD = re.compile(r"^\s*([A-Za-z.]+)")


def metric_number(value: float) -> str:
    """1065.3 -> "1065", 31.25 -> "31", 1.893 -> "1.89", 0.5 -> "0.5" (decimals, not 1/2)."""
    if value >= 10:
        return str(round(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def amount_line(item: Ingredient, factor: float = 1.0) -> str:
    """The ingredient line as the page wrote it, its leading amount scaled by ``factor``."""
    if item.amount is None:
        return item.text
    match = _LEADING_AMOUNT.match(item.text)
    amount = item.amount
    lead = parse_range(match.group(0)) if match else None
    if match is None or lead is None or abs(lead[0] - amount.quantity) > 1e-6:
        # the line's first number is not its amount ("an 8-ounce block"): keep the words
        return item.text if factor == 1 else f"{format_quantity(factor)} times {item.text}"
    low = amount.quantity * factor
    high = amount.quantity_max * factor if amount.quantity_max is not None else None
    rest = item.text[match.end() :]
    if factor != 1:  # "(167g)" and other amounts in brackets are for the original recipe
        rest = re.sub(r"\([^()]*\d[^()]*\)", " ", rest)
    rest = " ".join(rest.split())
    rest = rest.replace(" ,", ",")
    unit_word = _UNIT_WORD.match(rest)
    if factor != 1 and unit_word and canonical_unit(unit_word.group(1)) == amount.unit:
        spoken = spoken_unit(amount.unit, high if high is not None else low)
        rest = spoken + rest[unit_word.end() :]
    number = metric_number(low) if amount.unit in METRIC and high is None else None
    return f"{number or format_range(low, high)} {rest}".strip()


def equivalent(item: Ingredient, factor: float = 1.0) -> str:
    """ " (about 250 g)" for the main amount in the other system, "" when none applies."""
    amount = item.amount
    if amount is None or not amount.unit:
        return ""
    metric = amount.unit in METRIC
    if any((a.unit in METRIC) != metric for a in item.amounts[1:] if dimension(a.unit)):
        return ""  # the page already gives both ("1 cup (125 g)")
    quantity = amount.quantity * factor
    target = _target(amount, item.name or item.text)
    if target is None:
        return ""
    value = _convert(quantity, amount.unit, target, item.name or item.text)
    if value is None or value <= 0:
        return ""
    if target in METRIC:
        short = {"gram": "g", "milliliter": "ml", "liter": "l"}.get(target, target)
        return f" (about {metric_number(value)} {short})"
    if target == "ounce" and value >= 16:
        return f" (about {format_quantity(value / 16)} lb)"
    if target == "cup":
        shown = format_quantity(value)
    else:  # ounces: one decimal is as exact as a kitchen scale in ounces
        shown = str(round(value)) if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")
    return f" (about {shown} {spoken_unit(target, value)})"


def _target(amount: Amount, name: str) -> str | None:
    unit = amount.unit
    if unit in ("gram", "kilogram"):
        return "ounce"
    if unit in ("milliliter", "liter", "deciliter"):
        return "cup"
    if unit in ("ounce", "pound"):
        return "gram"
    if unit in _US_VOLUME or unit in _SPOON:
        if convert_with_density(1.0, unit, "gram", name) is not None:
            return "gram"
        return "milliliter" if unit in _US_VOLUME else None
    return None


def _convert(quantity: float, unit: str, target: str, name: str) -> float | None:
    value = convert(quantity, unit, target)
    return value if value is not None else convert_with_density(quantity, unit, target, name)
