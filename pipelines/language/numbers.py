"""Spoken numbers -> numbers: "twenty five" -> 25, "one and a half" -> 1.5, "3rd" -> 3.

Used by :mod:`pipelines.language.normalize`; pure functions, no dependencies.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}
NUMBER_WORDS = set(UNITS) | set(TENS) | set(SCALES)
_DIGITS = re.compile(r"^\d+(?:\.\d+)?$")
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_UNICODE_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3}

Number = int | float


def tidy(value: float) -> Number:
    """1.0 -> 1, 1.5 -> 1.5 (rounded to 4 places)."""
    rounded = round(value, 4)
    return int(rounded) if rounded == int(rounded) else rounded


def tokens(text: str) -> list[str]:
    """Lower-case words; hyphens split ("twenty-five"), ":" and "." inside numbers kept."""
    text = text.lower().replace("-", " ").replace(",", " ")
    for char, value in _UNICODE_FRACTIONS.items():
        text = text.replace(char, f" {value} ")
    return [t for t in re.split(r"\s+", text) if t]


def is_number_token(token: str) -> bool:
    return token in NUMBER_WORDS or bool(_DIGITS.match(token))


def read_number(words: list[str], start: int = 0) -> tuple[Number | None, int]:
    """Read one cardinal number starting at ``words[start]``; return (value, next index).

    Handles digits ("25", "2.5"), words ("twenty five", "a hundred and ten") and a trailing
    "and a half"/"and a quarter". Returns (None, start) when no number starts there.
    """
    i = start
    if i < len(words) and _DIGITS.match(words[i]):
        value: float = float(words[i])
        i += 1
    else:
        total = 0
        current = 0
        seen = False
        while i < len(words):
            word = words[i]
            low = current % 100
            if word in UNITS and (low == 0 or (low >= 20 and low % 10 == 0 and UNITS[word] < 10)):
                current += UNITS[word]
            elif word in TENS and low == 0:
                current += TENS[word]
            elif word in SCALES and (seen or word == "hundred"):
                current = max(current, 1) * SCALES[word]
                if SCALES[word] >= 1000:
                    total += current
                    current = 0
            elif word in ("a", "an") and i + 1 < len(words) and words[i + 1] in SCALES:
                current = 1
            elif word == "and" and seen and i + 1 < len(words) and words[i + 1] in NUMBER_WORDS:
                pass
            else:
                break
            seen = True
            i += 1
        if not seen:
            return None, start
        value = float(total + current)
    # "one and a half", "two and a quarter"
    if (
        i + 2 < len(words)
        and words[i] == "and"
        and words[i + 1] in ("a", "one")
        and words[i + 2] in ("half", "quarter")
    ):
        value += FRACTIONS[words[i + 2]]
        i += 3
    return tidy(value), i


def parse_number(text: str) -> Number | None:
    """The number a phrase says: "twenty five" -> 25, "2.5" -> 2.5, "a half" -> 0.5."""
    words = tokens(text)
    if not words:
        return None
    words = [w for w in words if w not in ("about", "around", "roughly", "exactly")]
    if len(words) == 1 and words[0] in _UNICODE_FRACTIONS:
        return tidy(_UNICODE_FRACTIONS[words[0]])
    if words[0] in ("a", "an", "one") and len(words) >= 2 and words[1] in ("half", "quarter"):
        return FRACTIONS[words[1]]
    if words[0] in ("half", "quarter") and (len(words) == 1 or words[1:] in (["a"], ["an"])):
        return FRACTIONS[words[0]]
    if words[0] in ("a", "an") and len(words) == 1:
        return 1
    if len(words) == 2 and words[0] in ("a", "an") and words[1] == "dozen":
        return 12
    value, end = read_number(words)
    if value is None:
        return parse_ordinal(text)
    if end < len(words) and words[end] == "dozen":
        return tidy(value * 12)
    if end < len(words) and words[end] in ("percent", "%"):
        return value
    if end < len(words) and words[end] in ("point",) and end + 1 < len(words):
        decimals = "".join(str(UNITS.get(w, w)) for w in words[end + 1 :])
        if decimals.isdigit():
            return tidy(float(f"{int(value)}.{decimals}"))
    return value


def parse_ordinal(text: str) -> int | None:
    """ "third" -> 3, "3rd" -> 3, "twenty first" -> 21, "the last" -> None."""
    words = [w for w in tokens(text) if w not in ("the", "step", "number")]
    if not words:
        return None
    if len(words) == 1:
        match = _ORDINAL_DIGITS.match(words[0])
        if match:
            return int(match.group(1))
        if words[0] in ORDINALS:
            return ORDINALS[words[0]]
        if _DIGITS.match(words[0]):
            return int(float(words[0]))
    if len(words) == 2 and words[0] in TENS and words[1] in ORDINALS and ORDINALS[words[1]] < 10:
        return TENS[words[0]] + ORDINALS[words[1]]
    value, end = read_number(words)
    if value is not None and end == len(words):
        return int(value)
    return None


def words_to_numbers(text: str) -> str:
    """Replace every spoken number in ``text`` by digits: "set two timers" -> "set 2 timers"."""
    words = tokens(text)
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in NUMBER_WORDS:
            value, end = read_number(words, i)
            if value is not None and end > i:
                out.append(str(value))
                i = end
                continue
        out.append(words[i])
        i += 1
    return " ".join(out)
