"""Amounts inside a step's text, scaled: "Grate 1/2 tablespoon of butter" x2 -> "1 tablespoon".

Only a number followed by a kitchen measure or a counted container is scaled ("2 cups",
"1/2 tablespoon", "3 cloves", "400 g"); times, temperatures, pan sizes ("9x5-inch",
"10-inch skillet", "1/2-inch slices", "a 14-ounce can") and bare counts ("crack 4 eggs")
are left as the recipe wrote them.
"""

from __future__ import annotations

import re

from .equivalents import METRIC, metric_number
from .quantities import NUMBER_PATTERN, RANGE_SEPARATOR, format_range, parse_number
from .units import canonical_unit, dimension, is_measure

_SCALABLE_COUNTS = frozenset({"clove", "can", "stick", "sprig", "slice", "package", "packet"})
_AMOUNT = re.compile(
    rf"(?<![\w/.×x-])({NUMBER_PATTERN})(?:{RANGE_SEPARATOR}({NUMBER_PATTERN}))?"
    r"(\s*)([A-Za-z]+\.?)(?![-\w])",
    re.IGNORECASE,
)


def scale_step_text(text: str, factor: float) -> str:
    if factor == 1:
        return text
    return _AMOUNT.sub(lambda match: _scaled(match, factor), text)


def _scaled(match: re.Match[str], factor: float) -> str:
    word = match.group(4)
    unit = canonical_unit(word)
    if not (is_measure(unit) or unit in _SCALABLE_COUNTS) or dimension(unit) == "length":
        return match.group(0)
    low = parse_number(match.group(1))
    high = parse_number(match.group(2)) if match.group(2) else None
    if low is None:
        return match.group(0)
    low *= factor
    high = high * factor if high is not None else None
    number = metric_number(low) if unit in METRIC and high is None else format_range(low, high)
    amount = high if high is not None else low
    bare = word.lower().rstrip(".")
    if bare in (unit, unit + "s", unit + "es"):  # a full word, not "tbsp": fix the plural
        word = unit if amount <= 1 else (unit + "es" if unit.endswith(("ch", "sh")) else unit + "s")
    return f"{number}{match.group(3)}{word}"
