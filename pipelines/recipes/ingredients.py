"""Ingredient lines -> :class:`Ingredient` (quantity, unit, name, preparation).

The labelling is done by ingredient-parser-nlp's CRF model (see :mod:`.nlp_parser` for how it
runs offline). Units are then mapped to one canonical name (:mod:`.units`). If the model
cannot handle a line at all, a plain "number unit rest" reading is used instead, so one odd
line never loses a whole recipe.
"""

from __future__ import annotations

import html
import logging
import re
from fractions import Fraction
from typing import Any

from .model import Amount, Ingredient
from .nlp_parser import ingredient_parse_function
from .quantities import NUMBER_PATTERN, RANGE_SEPARATOR, parse_number
from .units import canonical_unit, is_known_unit, is_measure

log = logging.getLogger(__name__)

_SIZE_WORDS = re.compile(
    r"^(?:(?:extra[- ])?large|small|medium|small-to-medium|medium-to-large|big|heaping|heaped|"
    r"level|scant|generous|whole)\s+",
    re.IGNORECASE,
)
_LEADING_AMOUNT = re.compile(
    rf"^\s*({NUMBER_PATTERN})(?:{RANGE_SEPARATOR}({NUMBER_PATTERN}))?\s*([A-Za-z.]+)?\s*(.*)$",
    re.IGNORECASE,
)
MAX_LINE = 500
_PRICE = re.compile(
    r"\s*\(\s*(?:[$€£]\s*\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s*(?:€|¢|cents?))\*?"
    r"(?:\s*(?:each|ea\.?|per \w+|/\s*\w+))?\s*\)|\s+-\s+[$€£]\d+(?:[.,]\d+)?\*?\s*$|"
    r"[,;]\s*[$€£]\d+(?:[.,]\d+)?\*?(?=\s*\))",
    re.IGNORECASE,
)
"""A shop price a budget site adds to a line: "1 lb ground beef ($6.99)", "1 onion ($0.32*)"."""
_EACH = re.compile(r"\beach\b|\bper (?:can|jar|package|piece)\b", re.IGNORECASE)


def clean_line(text: str) -> str:
    """Unescape HTML, drop tags, collapse whitespace and doubled parentheses."""
    text = html.unescape(html.unescape(text))
    text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    # recipe-card plugins wrap a note that itself starts with "(" in another pair: "((a), b))"
    while "((" in text and text.endswith("))"):
        start = text.index("((")
        text = text[:start] + text[start + 1 : -1]
    return text.strip()


def without_prices(line: str) -> str:
    """The line without the shop prices a budget site adds ("1 lb ground beef ($6.99)")."""
    return _PRICE.sub("", clean_line(line)).strip()


def parse_ingredient_line(line: str) -> Ingredient:
    text = without_prices(line)[:MAX_LINE].strip()
    if not text:
        return Ingredient(text="", name="")
    parse = ingredient_parse_function()  # a missing package is an error, not a fallback
    try:
        parsed = parse(text)
    except Exception as exc:  # the model can fail on strange text: fall back, keep the line
        log.debug("ingredient parser failed on %r: %s", text, exc)
        return _fallback(text)
    amounts: list[Amount] = []
    for raw in parsed.amount:
        for part in getattr(raw, "amounts", None) or [raw]:
            amount = _amount(part)
            if amount is not None:
                amounts.append(amount)
    amounts = _per_item_totals(text, amounts)
    names = [n.text for n in (parsed.name or [])]
    name = " or ".join(dict.fromkeys(n for n in names if n))
    return Ingredient(
        text=text,
        name=name or _fallback(text).name,
        amounts=tuple(amounts),
        preparation=parsed.preparation.text if parsed.preparation else "",
        comment=parsed.comment.text if parsed.comment else "",
    )


def _per_item_totals(text: str, amounts: list[Amount]) -> list[Amount]:
    """ "2 cans (400 g each)": the 400 g is per can, so the line holds 800 g in all."""
    if len(amounts) < 2 or not _EACH.search(text) or is_measure(amounts[0].unit):
        return amounts
    count = amounts[0].quantity
    return [amounts[0]] + [
        Amount(
            a.quantity * count,
            None if a.quantity_max is None else a.quantity_max * count,
            a.unit,
        )
        for a in amounts[1:]
    ]


def _amount(raw: Any) -> Amount | None:
    low = _number(raw.quantity)
    if low is None:
        return None
    high = _number(raw.quantity_max)
    unit_text = raw.unit if isinstance(raw.unit, str) else format(raw.unit)
    unit = canonical_unit(_SIZE_WORDS.sub("", unit_text.strip()))
    return Amount(low, high if high is not None and high > low else None, unit)


def _number(value: Any) -> float | None:
    if isinstance(value, Fraction | int | float) and not isinstance(value, bool):
        return float(value) if value >= 0 else None
    if isinstance(value, str) and value.strip():
        return parse_number(value)
    return None


def _fallback(text: str) -> Ingredient:
    match = _LEADING_AMOUNT.match(text)
    if not match:
        return Ingredient(text=text, name=text)
    low = parse_number(match.group(1))
    high = parse_number(match.group(2)) if match.group(2) else None
    word = match.group(3) or ""
    unit = canonical_unit(word)
    rest = match.group(4)
    if not is_known_unit(unit):  # not a unit: the word belongs to the name
        unit, rest = "", f"{word} {rest}".strip()
    name, _, preparation = rest.partition(",")
    if low is None:
        return Ingredient(text=text, name=text)
    amount = Amount(low, high if high is not None and high > low else None, unit)
    return Ingredient(
        text=text, name=name.strip() or text, amounts=(amount,), preparation=preparation.strip()
    )
