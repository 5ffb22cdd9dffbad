"""Is this recipe vegetarian? Judged from the ingredient lines, with the caveats that apply.

Meat, poultry, fish and seafood (and what is made from them: fish sauce, gelatin, lard,
chicken stock) make a recipe not vegetarian, unless the line offers a vegetarian choice
("chicken or vegetable broth"). Cheeses traditionally made with animal rennet (Parmesan,
Pecorino, Grana Padano, Gruyère) and sauces that often hide fish (Worcestershire) are
caveats. The answer always says it is read from the ingredient names only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lookup import fold
from .model import Recipe

_MEAT = re.compile(
    r"\b(beef|steak|chuck|sirloin|brisket|veal|pork|ham|bacon|pancetta|prosciutto|salami|"
    r"pepperoni|chorizo|sausages?|lamb|mutton|goat meat|venison|chicken|turkey|duck|goose|"
    r"meat|meatballs?|mince|ground (?:beef|pork|turkey|chicken|lamb)|fish|salmon|tuna|cod|"
    r"halibut|tilapia|trout|sardines?|anchov(?:y|ies)|shrimps?|prawns?|crab|lobster|"
    r"scallops?|clams?|mussels?|oysters?|squid|calamari|octopus|gelatine?|lard|suet|"
    r"bone broth|fish sauce|oyster sauce|dashi|bonito)\b"
)
_VEGETARIAN_CHOICE = re.compile(
    r"\b(?:or|and/or)\s+(?:vegetable|veggie|mushroom)\b|"
    r"\b(?:vegetable|veggie|mushroom)\s+or\b"
)
_RENNET = re.compile(r"\b(parmesan|parmigiano|pecorino|grana padano|gruyere|manchego)\b")
_HIDDEN = re.compile(r"\b(worcestershire|caesar dressing|stock cube|bouillon)\b")


@dataclass(frozen=True)
class DietVerdict:
    vegetarian: bool
    meat: tuple[str, ...]
    """The ingredient lines that are meat or fish."""
    caveats: tuple[str, ...]
    """What to check, said as advice: "for the chicken or vegetable broth, use the
    vegetarian choice", "the parmesan is often made with animal rennet"."""


def vegetarian_verdict(recipe: Recipe) -> DietVerdict:
    meat: list[str] = []
    caveats: list[str] = []
    for item in recipe.ingredients:
        text = fold(item.text)
        found = _MEAT.search(text)
        if found and found.group(1) in ("ground beef", "beef") and "beefsteak tomato" in text:
            found = None
        name = item.name or item.text
        if found and not _VEGETARIAN_CHOICE.search(text):
            meat.append(name)
        elif found:
            caveats.append(f"for the {name}, use the vegetarian choice")
        elif _RENNET.search(text):
            caveats.append(f"the {name} is often made with animal rennet")
        elif _HIDDEN.search(text):
            caveats.append(f"the {name} can contain fish or meat")
    return DietVerdict(not meat, tuple(dict.fromkeys(meat)), tuple(dict.fromkeys(caveats)))
