"""What pans, pots and tools a recipe needs, read from its steps: "a 10-inch cast-iron skillet",
"a large soup pot or Dutch oven", "a 9x13-inch baking dish". Pages rarely list equipment, so
the steps' own words are the source; each is said once, with the step that first needs it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Recipe

_SIZE = r"(?:\d+(?:\s*[x×]\s*\d+)?(?:[- ]?(?:inch|in\.?|quart|qt\.?|cup|litre|liter|cm|\"))+)"
_ADJECTIVE = (
    r"(?:large|medium|small|big|deep|shallow|wide|heavy|heavy[- ]bottomed|heavy[- ]duty|"
    r"cast[- ]iron|nonstick|non[- ]stick|oven[- ]?(?:safe|proof)|rimmed|greased|lined|"
    r"stainless(?: steel)?|enameled|glass|ceramic|metal|round|square|rectangular|soup|sauce|"
    r"saute|sauté|roasting|baking|mixing|loaf|cake|bundt|springform|pie|tart|muffin|sheet|"
    r"stock|frying|grill|wire|cooling|medium-sized|large-sized|\d+-cup)"
)
_TOOL = (
    r"(?:skillets?|pans?|pots?|dutch ovens?|saucepans?|stockpots?|woks?|casseroles?|dish(?:es)?|"
    r"sheets?|trays?|tins?|ramekins?|bowls?|whisk|blender|food processor|stand mixer|"
    r"hand mixer|mixer|slow cooker|crock ?pot|instant pot|pressure cooker|air fryer|"
    r"grill pan|griddle|rack|colander|sieve|strainer|rolling pin|thermometer|spatula|"
    r"parchment paper|foil|mandoline|box grater|zester|skewers|steamer basket)"
)
_FIND = re.compile(
    rf"\b(?:(?:a|an|the|your|one|two|2)\s+)?((?:{_SIZE}\s+)?(?:{_ADJECTIVE}[\s,]+){{0,3}}{_TOOL}"
    rf"(?:\s+or\s+(?:{_ADJECTIVE}\s+)?{_TOOL})?)\b",
    re.IGNORECASE,
)
_NOT_TOOLS = re.compile(r"^(?:sheets?|foil|rack|bowls|dish(?:es)?|pans)$", re.IGNORECASE)
"""Bare words that are rarely the tool asked about: "position a rack", "serve in bowls"."""


@dataclass(frozen=True)
class Equipment:
    name: str
    step: int


def spoken(items: list[Equipment]) -> str:
    """ "a large bowl (step 1), a stand mixer (step 2) and parchment paper (step 4)"."""
    said = [f"{_article(e.name)}{e.name} (step {e.step})" for e in items]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + f" and {said[-1]}"


def _article(name: str) -> str:
    first = name.lower()
    plural = first.endswith("s") and not first.endswith(("ss", "dish"))
    if plural or first.startswith(("parchment", "foil")):
        return ""
    return "an " if first[0] in "aeiou8" or first.startswith("11") else "a "


def equipment_in(recipe: Recipe) -> list[Equipment]:
    """Every pan and tool the steps mention, the most specific wording first seen."""
    found: dict[str, Equipment] = {}
    for step in recipe.steps:
        for match in _FIND.finditer(step.text):
            name = " ".join(match.group(1).replace(",", " ").split())
            if _NOT_TOOLS.match(name) or any(name.lower() in k.lower() for k in found):
                continue
            head = name.lower().split()[-1].rstrip("s")
            known = next((k for k in found if k.lower().split()[-1].rstrip("s") == head), None)
            if known is None:
                found[name] = Equipment(name, step.number)
            elif len(name) > len(known) and found[known].step == step.number:
                found[name] = Equipment(name, step.number)  # the fuller wording of the same
                del found[known]
    return list(found.values())
