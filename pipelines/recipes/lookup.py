"""Find things in a parsed recipe: an ingredient by name, a temperature, a time; and say
amounts the way a cook reads them, scaled ("2 1/2 cups chicken broth")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Amount, Ingredient, Recipe, Step
from .quantities import NUMBER_PATTERN, RANGE_SEPARATOR, format_range
from .step_facts import Duration, Temperature
from .units import canonical_unit, convert, dimension, spoken_unit

_WORD = re.compile(r"[a-zà-ÿ]+")
_LEADING_AMOUNT = re.compile(
    rf"^\s*(?:{NUMBER_PATTERN})(?:{RANGE_SEPARATOR}(?:{NUMBER_PATTERN}))?\s*", re.IGNORECASE
)
_IGNORED = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "how",
        "much",
        "many",
        "what",
        "do",
        "i",
        "we",
        "need",
        "is",
        "are",
        "in",
        "for",
        "to",
        "it",
        "this",
        "recipe",
        "does",
        "use",
        "used",
        "put",
        "should",
    ]
)


def stem(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("oes") and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in _IGNORED]


def find_ingredients(recipe: Recipe, query: str) -> tuple[list[Ingredient], bool]:
    """The ingredient lines that name every word of ``query``, and whether they matched by
    their parsed name (else anywhere in the line); ``([], False)`` if the recipe lacks it."""
    wanted = set(words(query))
    if not wanted:
        return [], False
    by_name = [i for i in recipe.ingredients if wanted <= set(words(i.name))]
    if by_name:
        return by_name, True
    return [i for i in recipe.ingredients if wanted <= set(words(i.text))], False


def amount_text(amount: Amount, factor: float = 1.0) -> str:
    low = amount.quantity * factor
    high = amount.quantity_max * factor if amount.quantity_max is not None else None
    unit = spoken_unit(amount.unit, high if high is not None else low) if amount.unit else ""
    return f"{format_range(low, high)} {unit}".strip()


def ingredient_text(
    ingredient: Ingredient, factor: float = 1.0, *, whole_line: bool = False
) -> str:
    """ "2 1/2 cups chicken broth" (scaled); lines without an amount are read as written.

    ``whole_line`` keeps the line as written after its leading number ("1/4 cup chopped
    salted, dry-roasted almonds"), for when the parsed name missed the word asked or holds
    several names; other amounts in brackets ("(167g)") are dropped when scaled.
    """
    amount = ingredient.amount
    if amount is None:
        return ingredient.text
    if not whole_line:
        return f"{amount_text(amount, factor)} {ingredient.name}".strip()
    match = _LEADING_AMOUNT.match(ingredient.text)
    if match is None:
        return f"{amount_text(amount, factor)} {ingredient.name}".strip()
    rest = ingredient.text[match.end() :]
    if factor != 1:
        rest = " ".join(re.sub(r"\([^()]*\d[^()]*\)", " ", rest).split()).replace(" ,", ",")
    high = amount.quantity_max * factor if amount.quantity_max is not None else None
    return f"{format_range(amount.quantity * factor, high)} {rest}".strip()


@dataclass(frozen=True)
class Converted:
    text: str
    """"167 grams"; empty when the conversion is impossible."""
    exact: bool
    """True when the recipe itself gave this unit ("1 1/3 cup (167g)")."""


def amount_in(ingredient: Ingredient, unit_text: str, factor: float = 1.0) -> Converted:
    """The ingredient's amount in another unit: the recipe's own alternative if it has one
    ("(167g)"), else a pint conversion within mass or volume, else empty."""
    target = canonical_unit(unit_text)
    if target in ("celsius", "fahrenheit") or not target:
        return Converted("", False)
    for amount in ingredient.amounts:
        if amount.unit == target:
            return Converted(amount_text(amount, factor), True)
    for amount in ingredient.amounts:
        low = convert(amount.quantity * factor, amount.unit, target)
        if low is None:
            continue
        high = (
            convert(amount.quantity_max * factor, amount.unit, target)
            if amount.quantity_max is not None
            else None
        )
        scaled = Amount(low, high, target)
        return Converted(amount_text(scaled), False)
    return Converted("", False)


def unit_dimension(unit_text: str) -> str:
    return dimension(canonical_unit(unit_text))


def temperatures(recipe: Recipe, current_step: int) -> list[tuple[Step, Temperature]]:
    """All temperatures, those of the current step first."""
    found = [(s, t) for s in recipe.steps for t in s.temperatures]
    return sorted(found, key=lambda pair: pair[0].number != current_step)


def durations(recipe: Recipe, current_step: int, about: str = "") -> list[tuple[Step, Duration]]:
    """Times in the steps: in steps mentioning ``about`` ("bake") first, then the current
    step, then the rest in order."""
    topic = set(words(about)) - _TIME_WORDS
    found = [(s, d) for s in recipe.steps for d in s.durations]

    def rank(pair: tuple[Step, Duration]) -> tuple[int, int, int]:
        step = pair[0]
        mentions = bool(topic) and bool(topic & set(words(step.text)))
        return (0 if mentions else 1, 0 if step.number == current_step else 1, step.number)

    return sorted(found, key=rank)


_TIME_WORDS = frozenset({"long", "time", "minute", "hour", "take", "how", "until", "when"})
