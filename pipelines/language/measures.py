"""Homebody's one units module, for the unit skill and for recipes: kitchen unit names (one
canonical name per unit, "Tbsp" -> "tablespoon"), spoken forms, and conversions by pint through
one shared registry.

pint is imported lazily and only for conversions and for recognising units the alias tables do
not know ("acres", "nautical miles": every unit pint knows). The registry's parsed definitions
are cached in Homebody's cache folder, which makes building it ~4x faster in later processes.
"""

from __future__ import annotations

import functools
from typing import Any

_ALIASES: dict[str, str] = {}
for _canonical, _names in {
    "teaspoon": "t tsp tsps tsp. teaspoon teaspoons teaspoonful teaspoonfuls",
    "tablespoon": "T tbsp tbsps tbs tbl tbsp. tbs. tablespoon tablespoons tablespoonful",
    "cup": "c c. cup cups",
    "pint": "pt pint pints",
    "quart": "qt quart quarts",
    "gallon": "gal gallon gallons",
    "milliliter": "ml mL millilitre millilitres milliliter milliliters",
    "liter": "l L litre litres liter liters",
    "deciliter": "dl decilitre decilitres deciliter deciliters",
    "gram": "g gr gram grams gramme grammes",
    "kilogram": "kg kgs kilo kilos kilogram kilograms",
    "milligram": "mg milligram milligrams",
    "ounce": "oz oz. ounce ounces",
    "pound": "lb lb. lbs lbs. pound pounds",
    "inch": "in inch inches",
    "centimeter": "cm centimetre centimetres centimeter centimeters",
    "pinch": "pinch pinches",
    "dash": "dash dashes",
}.items():
    for _name in _names.split():
        _ALIASES[_name] = _canonical
for _name in ("fl oz", "fl. oz.", "fl oz.", "fluid ounce", "fluid ounces"):
    _ALIASES[_name] = "fluid_ounce"
SPOKEN_UNITS: dict[str, str] = {}
"""Spoken unit -> pint unit, for requests ("350 fahrenheit in celsius", "2 c flour"): unlike
the written-recipe names above, "in" is a preposition here and "c"/"f" may be degrees."""
for _unit, _spoken in {
    "cup": "cup cups c",
    "tablespoon": "tablespoon tablespoons tbsp tbs tbl tbsps",
    "teaspoon": "teaspoon teaspoons tsp tsps",
    "fluid_ounce": "fluid ounce|fluid ounces|fl oz|floz",
    "ounce": "ounce ounces oz",
    "pound": "pound pounds lb lbs",
    "gram": "gram grams g gr gramme grammes",
    "kilogram": "kilogram kilograms kg kilo kilos kgs",
    "milligram": "milligram milligrams mg",
    "milliliter": "milliliter milliliters millilitre millilitres ml mls",
    "liter": "liter liters litre litres l",
    "deciliter": "deciliter deciliters decilitre decilitres dl",
    "pint": "pint pints pt",
    "quart": "quart quarts qt",
    "gallon": "gallon gallons gal",
    "degF": "fahrenheit|degrees fahrenheit|degree fahrenheit|°f|f|deg f",
    "degC": "celsius|centigrade|degrees celsius|degree celsius|degrees centigrade|°c|c|deg c",
    "kelvin": "kelvin kelvins",
    "inch": "inch inches",
    "centimeter": "centimeter centimeters centimetre centimetres cm",
    "millimeter": "millimeter millimeters millimetre millimetres mm",
    "meter": "meter meters metre metres m",
    "foot": "foot feet ft",
    "yard": "yard yards yd",
    "mile": "mile miles mi",
    "kilometer": "kilometer kilometers kilometre kilometres km",
    "stone": "stone stones st",
}.items():
    for _word in _spoken.split("|") if "|" in _spoken else _spoken.split():
        SPOKEN_UNITS[_word] = _unit
SPOKEN_UNITS["c"] = "cup"  # "2 c flour"; "degrees c" is handled before the lookup
_MASS = ("gram", "kilogram", "milligram", "ounce", "pound")
_VOLUME = (
    "teaspoon",
    "tablespoon",
    "cup",
    "fluid_ounce",
    "pint",
    "quart",
    "gallon",
    "milliliter",
    "liter",
    "deciliter",
)
_SPOKEN = {"fluid_ounce": "fluid ounce"}
COUNT_UNITS = frozenset(
    [
        "clove",
        "can",
        "slice",
        "stick",
        "sprig",
        "bunch",
        "head",
        "package",
        "packet",
        "jar",
        "bottle",
        "handful",
        "piece",
        "leaf",
        "rib",
        "stalk",
        "box",
        "bag",
        "envelope",
        "loaf",
        "sheet",
        "fillet",
    ]
)


def canonical_unit(text: str) -> str:
    """The canonical name of a unit as written ("Tbsps" -> "tablespoon"); unknown units
    ("cloves", "large heads") come back lower-cased and singular-ish, "" for none."""
    clean = " ".join(text.strip().split())
    if not clean:
        return ""
    for candidate in (clean, clean.lower(), clean.rstrip("."), clean.lower().rstrip(".")):
        if candidate in _ALIASES:
            return _ALIASES[candidate]
    if clean.lower().startswith(("fl oz", "fluid ounce")):
        return "fluid_ounce"
    return singular(clean.lower())


def singular(word: str) -> str:
    """ "cloves" -> "clove", "leaves" -> "leaf", "bunches" -> "bunch" (for countable units)."""
    if word.endswith("leaves"):
        return word[:-3] + "f"
    if word.endswith(("ches", "shes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 3:
        return word[:-1]
    return word


def is_known_unit(unit: str) -> bool:
    """A canonical unit this module knows: measures, pinch/dash, and counted containers."""
    return unit in _ALIASES.values() or unit in COUNT_UNITS or unit == "fluid_ounce"


def is_measure(unit: str) -> bool:
    """True for units pint can convert (mass and volume), False for "clove", "can"..."""
    return unit in _MASS or unit in _VOLUME


def dimension(unit: str) -> str:
    if unit in _MASS:
        return "mass"
    if unit in _VOLUME:
        return "volume"
    if unit in ("inch", "centimeter"):
        return "length"
    return ""


def spoken_unit(unit: str, amount: float | None) -> str:
    """ "tablespoon" -> "tablespoons" for amounts other than 1; unknown units as written."""
    name = _SPOKEN.get(unit, unit)
    if not name:
        return ""
    if amount is not None and amount <= 1 and amount > 0:
        return name
    if name.endswith(("s", "ch", "sh")) and not name.endswith(("inch", "pinch")):
        return name if name.endswith("s") else name + "es"
    if name.endswith(("inch", "pinch", "dash")):
        return name + "es"
    if name.endswith("leaf"):
        return name[:-1] + "ves"
    return name + "s"


@functools.lru_cache(maxsize=1)
def unit_registry() -> Any:
    """The process's one pint registry (definitions cached on disk after the first build)."""
    # lazy: start-up speed (pint, ..core.paths load only when unit_registry() runs)
    import pint

    try:
        # lazy: start-up speed (..core.paths loads only when unit_registry() runs)
        from ..core.paths import AppPaths

        folder = AppPaths.from_environment().cache_dir / "pint"
        folder.mkdir(parents=True, exist_ok=True)
        return pint.UnitRegistry(cache_folder=folder)
    except (OSError, ValueError):  # a read-only cache folder only costs time
        return pint.UnitRegistry()


_registry = unit_registry  # the name recipes used


_NOT_UNITS = frozenset(
    {"a", "an", "are", "in", "is", "it", "to", "at", "as", "of", "min", "h", "s", "t", "m", "b",
     "me", "my", "the", "and", "or", "on", "for", "day", "days", "week", "weeks", "year", "years"}
)  # fmt: skip


_PREFIXABLE = frozenset({"meter", "gram", "liter", "second", "watt", "joule", "hertz", "byte"})


def _symbol_pun(registry: Any, word: str) -> bool:
    """A word pint reads as prefix symbol + rare unit symbol: "cat" = centi-technical-atmosphere,
    "mb" = millibarn. Only the everyday bases take a prefix symbol ("cm", "mg", "ml")."""
    try:
        readings = registry.parse_unit_name(word)
    except (AttributeError, ValueError):
        return False
    return any(
        prefix and not word.startswith(prefix) and name not in _PREFIXABLE
        for prefix, name, _ in readings
    )


def pint_unit(words: str) -> str | None:
    """pint's name for a unit it knows ("nautical miles" -> "nautical_mile"), else None."""
    phrase = "_".join(words.lower().split())
    if len(phrase) < 3 or phrase in _NOT_UNITS or not phrase.replace("_", "").isalpha():
        return None
    # lazy: start-up speed (pint loads only when pint_unit() runs)
    import pint

    registry = unit_registry()
    for candidate in (phrase, phrase.rstrip("s"), phrase.removesuffix("es")):
        if _symbol_pun(registry, candidate):
            continue
        try:
            unit = registry.parse_units(candidate)
        except (pint.UndefinedUnitError, pint.DefinitionSyntaxError, AttributeError, ValueError):
            continue
        if str(unit) != "dimensionless":
            return str(unit)
    return None


def convert(amount: float, unit: str, target: str) -> float | None:
    """``amount`` of ``unit`` in ``target`` units; None when they measure different things
    (cups to grams needs the ingredient's density, which the recipe does not give)."""
    source = canonical_unit(unit)
    goal = canonical_unit(target)
    if not is_measure(source) or not is_measure(goal) or dimension(source) != dimension(goal):
        return None
    registry = _registry()
    quantity = registry.Quantity(amount, _pint_name(source))
    return float(quantity.to(_pint_name(goal)).magnitude)


def _pint_name(unit: str) -> str:
    return {"pint": "US_liquid_pint", "quart": "US_liquid_quart", "gallon": "US_liquid_gallon"}.get(
        unit, unit
    )
