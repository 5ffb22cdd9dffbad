"""Does this recipe contain gluten, dairy, eggs, nuts, animal products? Read from its ingredients.

A small offline table of what usually contains each: flour (unless gluten-free, almond,
rice…), wheat, barley, rye, bread, pasta, soy sauce for gluten; milk, butter, cream, cheese
(cheddar, parmesan…), half and half, yogurt for dairy; and so on. A line that says it is the
free-from kind ("gluten-free flour", "almond milk", "peanut butter" for dairy) does not count.
Vegan is never claimed from vegetarian: dairy, eggs, honey, gelatin, meat and fish all count.
The answer names the ingredient lines found, and says it only goes by the names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .diet import vegetarian_verdict
from .lookup import fold
from .model import Recipe

_FLOURS_WITHOUT_GLUTEN = (
    r"almond|coconut|rice|corn|chickpea|garbanzo|buckwheat|tapioca|potato|cassava|sorghum|"
    r"millet|teff|quinoa|arrowroot|gluten[- ]free|gf"
)
_TABLES: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {
    "gluten": (
        re.compile(
            r"\b(flour|wheat|barley|rye|spelt|semolina|couscous|bulgur|farro|durum|bread|"
            r"breadcrumbs?|panko|croutons?|pasta|spaghetti|macaroni|penne|fettuccine|linguine|"
            r"lasagna|noodles?|tortillas?|crackers?|soy sauce|beer|malt|seitan|pastry|"
            r"pie crust|biscuits?|graham|cake mix|orzo|gnocchi|pretzels?|buns?|rolls?|baguette)\b"
        ),
        re.compile(
            rf"\b(?:{_FLOURS_WITHOUT_GLUTEN})[- ](?:flour|bread|pasta|noodles?|tortillas?|"
            r"crackers?|soy sauce)\b|\bgluten[- ]free\b|\btamari\b|\bbuckwheat\b|\bcornflour\b|"
            r"\bcorn (?:flour )?tortillas?\b|\brice noodles?\b|\begg rolls?\b"
        ),
    ),
    "dairy": (
        re.compile(
            r"\b(milk|butter|buttermilk|cream|cheese|cheddar|parmesan|parmigiano|mozzarella|"
            r"ricotta|feta|gruyere|brie|camembert|mascarpone|pecorino|gouda|provolone|"
            r"monterey jack|colby|cotija|paneer|halloumi|emmental|half and half|half-and-half|"
            r"yogh?urt|ghee|whey|casein|kefir|creme fraiche|custard|milk chocolate|"
            r"white chocolate)\b"
        ),
        re.compile(
            r"\b(?:coconut|almond|oat|soy|soya|rice|cashew|hemp|plant[- ]based|non[- ]?dairy|"
            r"dairy[- ]free|vegan|peanut|nut|seed|apple|cocoa|shea)[- ](?:milk|butter|cream|"
            r"cheese|yogh?urt)\b|\bdairy[- ]free\b|\bnon[- ]?dairy\b|\bvegan\b|"
            r"\bcream of tartar\b|\bbutter (?:beans?|lettuce)\b|\bcoconut\b"
        ),
    ),
    "eggs": (
        re.compile(r"\b(eggs?|egg (?:yolks?|whites?)|yolks?|mayonnaise|mayo|meringue|aioli)\b"),
        re.compile(r"\begg[- ]free\b|\bvegan (?:mayo|mayonnaise)\b|\bflax eggs?\b"),
    ),
    "nuts": (
        re.compile(
            r"\b(nuts?|almonds?|walnuts?|pecans?|cashews?|pistachios?|hazelnuts?|macadamias?|"
            r"brazil nuts?|pine nuts?|peanuts?|peanut butter|nutella|praline|marzipan|pesto|"
            r"almond (?:milk|flour|butter|extract)|nut butter)\b"
        ),
        re.compile(r"\bnut[- ]free\b|\bdoughnuts?\b|\bwater chestnuts?\b"),
    ),
    "animal": (
        re.compile(r"\b(honey|gelatine?|lard|suet|anchov(?:y|ies)|fish sauce|isinglass)\b"),
        re.compile(r"\bhoneydew\b|\bvegan\b"),
    ),
}
_VEGAN = ("dairy", "eggs", "animal")
_CAVEATS: dict[str, re.Pattern[str]] = {
    "gluten": re.compile(r"\b(oats?|stock|broth|bouillon|worcestershire|baking powder)\b"),
    "dairy": re.compile(r"\b(chocolate|margarine|bread)\b"),
    "eggs": re.compile(r"\b(pasta|noodles)\b"),
    "nuts": re.compile(r"\b(chocolate|coconut|granola)\b"),
    "vegan": re.compile(r"\b(sugar|wine|bread|chocolate)\b"),
}
WHAT = {
    "gluten": "gluten",
    "dairy": "dairy",
    "eggs": "eggs",
    "nuts": "nuts",
    "vegan": "animal products",
    "vegetarian": "meat or fish",
}


@dataclass(frozen=True)
class DietCheck:
    diet: str
    """"gluten", "dairy", "eggs", "nuts", "vegan" or "vegetarian"."""
    found: tuple[str, ...]
    """The ingredients that contain it (for vegan: any animal product)."""
    check: tuple[str, ...]
    """What to check, said as advice: "the oats can contain gluten"."""


def _matches(text: str, table: str) -> bool:
    hit, exclude = _TABLES[table]
    cleared = exclude.sub(" ", text) if exclude is not None else text
    return bool(hit.search(cleared))


def check_diet(recipe: Recipe, diet: str) -> DietCheck:
    """Which of ``recipe``'s ingredients contain ``diet`` (a key of :data:`WHAT`)."""
    found: list[str] = []
    check: list[str] = []
    if diet in ("vegan", "vegetarian"):
        verdict = vegetarian_verdict(recipe)
        found.extend(verdict.meat)
        check.extend(verdict.caveats)
        if diet == "vegetarian":
            return DietCheck(diet, tuple(found), verdict.caveats)
    tables = _VEGAN if diet == "vegan" else (diet,)
    caveat = _CAVEATS.get(diet)
    for item in recipe.ingredients:
        text = fold(item.text)
        name = item.name or item.text
        if any(_matches(text, table) for table in tables):
            found.append(name)
        elif caveat is not None and caveat.search(text):
            check.append(f"the {name} can contain {WHAT[diet]}")
    return DietCheck(diet, tuple(dict.fromkeys(found)), tuple(dict.fromkeys(check)))
