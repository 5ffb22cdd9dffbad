"""Find things in a parsed recipe: an ingredient by name, a temperature, a time; and say
amounts the way a cook reads them, scaled ("2 1/2 cups chicken broth")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import Amount, Ingredient, Recipe, Step
from .quantities import NUMBER_PATTERN, RANGE_SEPARATOR, format_range
from .step_facts import Duration, Temperature
from .units import canonical_unit, convert, dimension, spoken_unit

_WORD = re.compile(r"[a-z]+")
_METRIC = frozenset({"gram", "kilogram", "milligram", "milliliter", "liter", "deciliter"})
_FUZZY_SCORE = 85.0
"""rapidfuzz ratio (0-100) for a misspelt word to count ("jalepenos" ~ "jalapenos")."""
_MEASURE_WORDS = frozenset(
    [
        "can",
        "cup",
        "tablespoon",
        "teaspoon",
        "tbsp",
        "tsp",
        "clove",
        "ounce",
        "oz",
        "pound",
        "lb",
        "gram",
        "g",
        "kilogram",
        "kg",
        "ml",
        "liter",
        "litre",
        "package",
        "packet",
        "jar",
        "stick",
        "slice",
        "sprig",
        "bunch",
        "head",
        "handful",
        "piece",
        "bag",
        "box",
        "pinch",
        "dash",
        "quart",
        "pint",
        "gallon",
        "fillet",
        "stalk",
        "rib",
        "leaf",
    ]
)
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


def fold(text: str) -> str:
    """Lower case without accents: "Jalapeños" -> "jalapenos", "crêpes" -> "crepes"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(fold(text)) if w not in _IGNORED]


def _without_measures(wanted: set[str]) -> set[str]:
    """ "cans of kidney beans" asks about the beans; "cups" alone stays a question."""
    rest = {w for w in wanted if w not in _MEASURE_WORDS}
    return rest or wanted


def find_ingredients(recipe: Recipe, query: str) -> tuple[list[Ingredient], bool]:
    """The ingredient lines that name every word of ``query``, and whether they matched by
    their parsed name (else anywhere in the line); ``([], False)`` if the recipe lacks it."""
    wanted = _without_measures(set(words(query)))
    if not wanted:
        return [], False
    by_name = [i for i in recipe.ingredients if wanted <= set(words(i.name))]
    if by_name:
        return by_name, True
    in_line = [i for i in recipe.ingredients if wanted <= set(words(i.text))]
    if in_line:
        return in_line, False
    return [i for i in recipe.ingredients if _fuzzy_contains(set(words(i.name)), wanted)], True


def _fuzzy_contains(have: set[str], wanted: set[str]) -> bool:
    """Every wanted word is close to a word of the name (typos, spelling variants)."""
    # lazy: start-up speed (rapidfuzz loads only when _fuzzy_contains() runs)
    from rapidfuzz import fuzz

    if not have:
        return False
    return all(
        max(fuzz.ratio(w, h) for h in have) >= _FUZZY_SCORE for w in wanted if len(w) > 3
    ) and any(len(w) > 3 for w in wanted)


def amount_text(amount: Amount, factor: float = 1.0) -> str:
    low = amount.quantity * factor
    high = amount.quantity_max * factor if amount.quantity_max is not None else None
    unit = spoken_unit(amount.unit, high if high is not None else low) if amount.unit else ""
    if amount.unit in _METRIC and high is None:  # "1.89 liters", "31 grams": no fractions
        number = f"{low:.0f}" if low >= 10 else f"{low:.2f}".rstrip("0").rstrip(".")
        return f"{number} {unit}".strip()
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
    for across in (False, True):  # within mass or volume first, then by the density table
        for amount in ingredient.amounts:
            low = _convert(amount.quantity * factor, amount.unit, target, ingredient, across)
            if low is None:
                continue
            high = (
                _convert(amount.quantity_max * factor, amount.unit, target, ingredient, across)
                if amount.quantity_max is not None
                else None
            )
            low, high = _kitchen(low, target), None if high is None else _kitchen(high, target)
            return Converted(amount_text(Amount(low, high, target)), False)
    return Converted("", False)


def _kitchen(value: float, unit: str) -> float:
    """A converted amount to what a measuring cup or spoon shows: the nearest 1/8 (7.05
    tablespoons -> 7, 1.2 cups -> 1 1/4); metric and weights keep their decimals."""
    if unit in ("cup", "tablespoon", "teaspoon") and value >= 0.125:
        return round(value * 8) / 8
    return value


def _convert(
    value: float, unit: str, target: str, ingredient: Ingredient, across: bool
) -> float | None:
    if not across:
        return convert(value, unit, target)
    # lazy: start-up speed (.densities loads only when _convert() runs)
    from .densities import convert_with_density

    return convert_with_density(value, unit, target, ingredient.name or ingredient.text)


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
