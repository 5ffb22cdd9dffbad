"""Gas marks, the oven dial of British recipes: "gas mark 4 in celsius" (180 °C), "what gas mark
is 200 degrees" (6). Not a physical unit pint knows, so a table (the usual kitchen equivalents:
gas mark 1 = 140 °C = 275 °F, then 10-15 °C a mark)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import words_to_numbers

MARKS: tuple[tuple[float, int, int], ...] = (
    (0.25, 110, 225), (0.5, 120, 250), (1, 140, 275), (2, 150, 300), (3, 170, 325),
    (4, 180, 350), (5, 190, 375), (6, 200, 400), (7, 220, 425), (8, 230, 450), (9, 240, 475),
)  # fmt: skip
"""(gas mark, °C, °F)."""

_MARK = re.compile(
    r"\bgas(?: mark| number| setting)? (\d+(?:\.\d+)?|a quarter|quarter|a half|half)\b"
)
_DEGREES = re.compile(
    r"\b(\d{2,3})\s*(?:°|degrees?|deg)?\s*(c|f|celsius|centigrade|fahrenheit)?\b(?! ?gas)"
)
_FRACTIONS = {"a quarter": 0.25, "quarter": 0.25, "a half": 0.5, "half": 0.5}


@dataclass(frozen=True)
class GasMarkAnswer:
    mark: float
    celsius: int
    fahrenheit: int
    from_mark: bool
    """True for "gas mark 4 in celsius"; False for "what gas mark is 200 degrees"."""


def read_gas_mark(text: str) -> GasMarkAnswer | None:
    """The gas-mark question in ``text``, or None when it asks none."""
    plain = words_to_numbers(text.lower())
    if "gas" not in plain:
        return None
    found = _MARK.search(plain)
    if found:
        said = found.group(1)
        mark = _FRACTIONS.get(said) or float(said)
        row = next((r for r in MARKS if r[0] == mark), None)
        return None if row is None else GasMarkAnswer(row[0], row[1], row[2], True)
    degrees = _DEGREES.search(plain)
    if degrees is None:
        return None
    value, scale = int(degrees.group(1)), (degrees.group(2) or "")
    fahrenheit = scale.startswith("f") or (not scale and value > 260)  # 350 means °F
    column = 2 if fahrenheit else 1
    row = min(MARKS, key=lambda r: abs(r[column] - value))
    if abs(row[column] - value) > (20 if fahrenheit else 10):
        return None  # far outside the dial: no gas mark says it
    return GasMarkAnswer(row[0], row[1], row[2], False)
