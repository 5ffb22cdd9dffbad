"""An amount times a factor, as cooks ask it: "what's half of 3/4 cup", "double 250 grams",
"a third of 2 cups", "three times 150 ml", "halve 1 1/2 teaspoons".

:func:`read_scaled_amount` reads the words (after :func:`.numbers.words_to_numbers`) into
(factor, quantity, unit); :func:`kitchen_amount` writes the result the way a recipe would
("3/8 cup", "1 1/2 teaspoons") with a spoken form ("three eighths of a cup") and, for small
cup and tablespoon amounts, the spoon measure to use ("6 tablespoons").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from .numbers import words_to_numbers
from .unit_parsing import unit_for

_FACTOR_WORDS = {
    "halve": 0.5, "double": 2.0, "twice": 2.0, "triple": 3.0, "treble": 3.0, "quadruple": 4.0,
    "half": 0.5, "a half": 0.5, "one half": 0.5, "1 half": 0.5, "a third": 1 / 3,
    "one third": 1 / 3, "1 third": 1 / 3, "a quarter": 0.25, "one quarter": 0.25,
    "1 quarter": 0.25, "2 thirds": 2 / 3, "3 quarters": 0.75, "an eighth": 0.125,
}  # fmt: skip
_FACTOR = (
    r"(?P<factor>halve|double|twice|triple|treble|quadruple|half|a half|one half|1 half|"
    r"a third|one third|1 third|a quarter|one quarter|1 quarter|2 thirds|3 quarters|an eighth|"
    r"(?P<times>\d+(?:\.\d+)?) times)"
)
_SCALED = re.compile(
    r"^(?:what(?:'s| is) |whats |how much is |work out |calculate |tell me )?"
    rf"{_FACTOR}(?: of| the amount of| as much as)? (?P<amount>.+)$"
)
_AMOUNT = re.compile(
    r"^(?P<q>3 quarters of a|2 thirds of a|a quarter of a|a third of a|half a|half an|a half|"
    r"a quarter|\d+ \d+/\d+|\d+/\d+|\d+(?:\.\d+)?(?: and a half| and a quarter)?|a|an|one) "
    r"(?P<unit>[a-z.]+(?: [a-z.]+)?)$"
)
_STUCK_UNIT = re.compile(r"\b(\d+(?:\.\d+)?)(g|kg|mg|ml|l|oz|lb|lbs|tbsp|tsp)\b")
METRIC = frozenset({"gram", "kilogram", "milligram", "milliliter", "liter", "centiliter"})
"""Weighed and measured in decimals, never fractions ("1.5 kilograms", "330 millilitres")."""
_WORD_QUANTITY = {
    "a": 1.0, "an": 1.0, "one": 1.0, "half a": 0.5, "half an": 0.5, "a half": 0.5,
    "a quarter": 0.25, "a quarter of a": 0.25, "3 quarters of a": 0.75, "2 thirds of a": 2 / 3,
    "a third of a": 1 / 3,
}  # fmt: skip


@dataclass(frozen=True)
class ScaledAmount:
    factor: float
    quantity: float
    unit: str
    """The canonical unit name (:func:`.unit_parsing.unit_for`): "cup", "gram"..."""
    factor_words: str
    """The factor as said ("half", "double", "3 times")."""
    target: str | None = None
    """A unit to give the result in ("... in tablespoons"), when asked."""


def read_scaled_amount(clean: str) -> ScaledAmount | None:
    """(factor, quantity, unit) when ``clean`` asks for an amount times a factor."""
    numeric = words_to_numbers(clean).replace(" point ", ".")
    numeric = _STUCK_UNIT.sub(r"\1 \2", numeric)  # "250g" -> "250 g"
    found = _SCALED.match(numeric)
    if found is None:
        return None
    said, target = found.group("amount").strip(), None
    if (
        found.group("factor") == "half"
        and re.match(r"an? ", said)
        and " half of " not in f" {numeric}"
    ):
        return None  # "half a cup (in grams)": an amount said, not half of one
    into = re.search(r" (?:in|into|to|as) (?P<target>[a-z ]+)$", said)
    if into is not None:  # "half of 3/4 cup in tablespoons": the result in another unit
        target = unit_for(into.group("target").strip())
        if target is None:
            return None
        said = said[: into.start()]
    if re.search(r"\b(?:in|into|to|as|per|than)\b", said):
        return None  # "half a cup in grams" (no factor on the amount): a conversion
    amount = _AMOUNT.match(said)
    if amount is None and " of " in said:  # "2 cups of flour": the amount, then what it is
        amount = _AMOUNT.match(said.rsplit(" of ", 1)[0])
    if amount is None:
        return None
    unit = unit_for(amount.group("unit").strip())
    quantity = _quantity(amount.group("q"))
    if unit is None or quantity is None or quantity <= 0:
        return None
    times = found.group("times")
    factor = float(times) if times else _FACTOR_WORDS[found.group("factor")]
    if factor <= 0:
        return None
    return ScaledAmount(factor, quantity, unit, found.group("factor"), target)


def _quantity(said: str) -> float | None:
    if said in _WORD_QUANTITY:
        return _WORD_QUANTITY[said]
    extra = 0.5 if said.endswith(" and a half") else 0.25 if said.endswith(" and a quarter") else 0
    said = said.removesuffix(" and a half").removesuffix(" and a quarter")
    try:
        return float(sum(Fraction(part) for part in said.split())) + extra
    except (ValueError, ZeroDivisionError):
        return None


_SPOKEN = {
    Fraction(1, 2): ("a half", "halves"), Fraction(1, 3): ("a third", "thirds"),
    Fraction(2, 3): ("two thirds", ""), Fraction(1, 4): ("a quarter", "quarters"),
    Fraction(3, 4): ("three quarters", ""), Fraction(1, 8): ("an eighth", "eighths"),
    Fraction(3, 8): ("three eighths", ""), Fraction(5, 8): ("five eighths", ""),
    Fraction(7, 8): ("seven eighths", ""), Fraction(1, 6): ("a sixth", "sixths"),
    Fraction(5, 6): ("five sixths", ""),
}  # fmt: skip


def nice_fraction(value: float) -> Fraction | None:
    """``value`` as a whole number and a cook's fraction (halves ... eighths), or None."""
    for denominator in (1, 2, 3, 4, 6, 8):
        near = Fraction(round(value * denominator), denominator)
        if near > 0 and abs(float(near) - value) < 0.01:
            return near
    return None


def shown_quantity(value: float) -> str:
    """0.375 -> "3/8", 1.5 -> "1 1/2", 500.0 -> "500", 0.3 -> "0.3"."""
    fraction = nice_fraction(value) if value < 20 else None
    if fraction is None:
        return f"{value:.2f}".rstrip("0").rstrip(".") if value < 100 else str(round(value))
    whole, rest = divmod(fraction, 1)
    if not rest:
        return str(int(whole))
    text = f"{rest.numerator}/{rest.denominator}"
    return f"{int(whole)} {text}" if whole else text


def spoken_quantity(value: float) -> str:
    """0.375 -> "three eighths", 1.5 -> "1 and a half", 2.0 -> "2"."""
    fraction = nice_fraction(value) if value < 20 else None
    if fraction is None:
        return shown_quantity(value)
    whole, rest = divmod(fraction, 1)
    if not rest:
        return str(int(whole))
    said = _SPOKEN.get(rest, (shown_quantity(float(rest)), ""))[0]
    return f"{int(whole)} and {said}" if whole else said


def spoon_measure(value: float, unit: str) -> tuple[float, str] | None:
    """A small cup or tablespoon amount in the spoon to measure it with: 3/8 cup -> (6,
    "tablespoon"); 1/2 tablespoon -> (1.5, "teaspoon"); None when the unit is fine as it is."""
    if unit == "cup" and value < 0.5:
        tablespoons = value * 16
        if abs(tablespoons * 2 - round(tablespoons * 2)) < 0.02:  # whole or half spoons
            return tablespoons, "tablespoon"
        return tablespoons * 3, "teaspoon"
    if unit == "tablespoon" and value < 1:
        return value * 3, "teaspoon"
    return None


LEADS = {
    "halve": "Half of", "half": "Half of", "a half": "Half of", "one half": "Half of",
    "1 half": "Half of", "double": "Double", "twice": "Twice", "triple": "Triple",
    "treble": "Triple", "quadruple": "Four times", "a third": "A third of",
    "one third": "A third of", "1 third": "A third of", "a quarter": "A quarter of",
    "one quarter": "A quarter of", "1 quarter": "A quarter of", "2 thirds": "Two thirds of",
    "3 quarters": "Three quarters of", "an eighth": "An eighth of",
}  # fmt: skip
"""How the answer starts ("Half of 3/4 cup is ..."); "N times" is said as it was asked."""


def spoken_amount(value: float, one: str, other: str) -> str:
    """0.75, "cup", "cups" -> "three quarters of a cup"; 1.5 -> "1 and a half cups"."""
    said = spoken_quantity(value)
    if said == "a half":
        return f"half {'an' if one[0] in 'aeiou' else 'a'} {one}"
    if value < 1 and not said[0].isdigit():
        article = "an" if one[0] in "aeiou" else "a"
        return f"{said} of {article} {one}"
    return f"{said} {one if abs(value - 1) < 1e-9 else other}"
