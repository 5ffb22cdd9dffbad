"""Numbers as recipes write them: "1 1/2", "1½", "1 and 1/3", "0.333", "2-3", "2 to 3".

Also the reverse: :func:`format_quantity` writes 1.5 as "1 1/2" and 0.333 as "1/3", the way
a cook reads a measuring cup.
"""

from __future__ import annotations

import re
from fractions import Fraction

VULGAR_FRACTIONS: dict[str, Fraction] = {
    "½": Fraction(1, 2),
    "⅓": Fraction(1, 3),
    "⅔": Fraction(2, 3),
    "¼": Fraction(1, 4),
    "¾": Fraction(3, 4),
    "⅕": Fraction(1, 5),
    "⅖": Fraction(2, 5),
    "⅗": Fraction(3, 5),
    "⅘": Fraction(4, 5),
    "⅙": Fraction(1, 6),
    "⅚": Fraction(5, 6),
    "⅛": Fraction(1, 8),
    "⅜": Fraction(3, 8),
    "⅝": Fraction(5, 8),
    "⅞": Fraction(7, 8),
}
_VULGAR = "".join(VULGAR_FRACTIONS)
NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "dozen": 12,
}

# One number: "1 1/2", "1 and 1/2", "1½", "1 ½", "3/4", "0.5", "12", "½", or a number word.
NUMBER_PATTERN = (
    rf"(?:\d+\s*(?:and\s+|\s)?\s*(?:\d+\s*/\s*\d+|[{_VULGAR}])"
    rf"|\d+\s*/\s*\d+|\d+(?:\.\d+|,\d{{1,2}}(?!\d))?|[{_VULGAR}]"
    r"|(?<![\w-])(?:"
    + "|".join(sorted((w for w in NUMBER_WORDS if len(w) > 2), key=len, reverse=True))
    + r")(?![\w-]))"
)
RANGE_SEPARATOR = r"\s*(?:-|–|—|to|or)\s*"
_NUMBER_RE = re.compile(rf"^\s*({NUMBER_PATTERN})\s*$", re.IGNORECASE)
_RANGE_RE = re.compile(
    rf"^\s*({NUMBER_PATTERN})(?:{RANGE_SEPARATOR}({NUMBER_PATTERN}))?\s*$", re.IGNORECASE
)
_MIXED_RE = re.compile(
    rf"^(\d+)\s*(?:and\s+|\s)?\s*(?:(\d+)\s*/\s*(\d+)|([{_VULGAR}]))$", re.IGNORECASE
)


def parse_number(text: str) -> float | None:
    """The value of one written number, or None if ``text`` is not exactly one number."""
    match = _NUMBER_RE.match(text)
    if not match:
        return None
    return _value(match.group(1))


def parse_range(text: str) -> tuple[float, float | None] | None:
    """``(low, high)`` for "2-3" / "2 to 3", ``(value, None)`` for one number, else None."""
    match = _RANGE_RE.match(text)
    if not match:
        return None
    low = _value(match.group(1))
    high = _value(match.group(2)) if match.group(2) else None
    if low is None:
        return None
    if high is not None and high < low:
        return None
    return low, high


def _value(token: str) -> float | None:
    token = " ".join(token.lower().split())
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    mixed = _MIXED_RE.match(token)
    if mixed:
        whole = int(mixed.group(1))
        if mixed.group(4):
            part = VULGAR_FRACTIONS[mixed.group(4)]
        else:
            denominator = int(mixed.group(3))
            if denominator == 0:
                return None
            part = Fraction(int(mixed.group(2)), denominator)
        return float(whole + part)
    if token in VULGAR_FRACTIONS:
        return float(VULGAR_FRACTIONS[token])
    if "/" in token:
        top, _, bottom = token.partition("/")
        if int(bottom) == 0:
            return None
        return float(Fraction(int(top), int(bottom)))
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


_NICE_DENOMINATORS = (2, 3, 4, 6, 8)


def format_quantity(value: float) -> str:
    """1.5 -> "1 1/2", 0.333 -> "1/3", 2.0 -> "2", 0.2 -> "0.2", 1250.0 -> "1250"."""
    if value < 0:
        return "-" + format_quantity(-value)
    if value >= 20:
        return str(round(value))
    whole = int(value)
    rest = value - whole
    if rest < 0.02:
        return str(whole)
    if rest > 0.98:
        return str(whole + 1)
    for denominator in _NICE_DENOMINATORS:
        numerator = round(rest * denominator)
        if 0 < numerator < denominator and abs(rest - numerator / denominator) < 0.02:
            fraction = Fraction(numerator, denominator)
            text = f"{fraction.numerator}/{fraction.denominator}"
            return f"{whole} {text}" if whole else text
    return f"{value:.2f}".rstrip("0").rstrip(".")


def format_range(low: float, high: float | None) -> str:
    if high is None or abs(high - low) < 1e-9:
        return format_quantity(low)
    return f"{format_quantity(low)} to {format_quantity(high)}"
