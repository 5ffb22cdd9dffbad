"""Expected facts for every page in ../shared/data/recipes, read by hand from the expected JSON
that ships with the pages (produced by recipe-scrapers, MIT licence,
https://github.com/hhursev/recipe-scrapers): title, yields and ingredient count are copied
from it; the quantity and unit of each checked ingredient are read from that JSON's
ingredient strings (e.g. "4 1/2 cups water" -> 4.5 cup), never from Homebody's output.

Q&A expectations: an ingredient asked about and its amount as Homebody should say it, the
same amount doubled, and a temperature or time fact read from the page's instructions
(None when the page gives neither, which Homebody must say).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    index: int
    quantity: float | None
    """None: the line gives no amount ("Kosher salt")."""
    unit: str = ""
    quantity_max: float | None = None


@dataclass(frozen=True)
class Page:
    site: str
    checks: tuple[Check, ...]
    ask: str
    says: str
    doubled: str
    temperature: tuple[float, str] | None = None
    seconds: int | None = None
    """A duration given in the steps (first in order), if no temperature is checked."""


PAGES: dict[str, Page] = {
    p.site: p
    for p in (
        Page(
            "101cookbooks.com",
            (
                Check(1, 3, "clove"),
                Check(4, 2, "teaspoon"),
                Check(5, 4.5, "cup"),
                Check(6, 2, "head", 3),
            ),
            "water",
            "4 1/2 cups water",
            "9 cups water",
            seconds=120,
        ),
        Page(
            "bonappetit.com",
            (
                Check(0, 0.25, "cup"),
                Check(1, 3, "tablespoon"),
                Check(4, 4, "tablespoon"),
                Check(12, 1, "ounce"),
                Check(3, None),
            ),
            "vinegar",
            "3 tablespoons",
            "6 tablespoons",
            temperature=(135, ""),
        ),
        Page(
            "budgetbytes.com",
            (
                Check(0, 1, "pound"),
                Check(1, 4, "tablespoon"),
                Check(2, 3, "teaspoon"),
                Check(3, 4, ""),
            ),
            "ground beef",
            "1 pound ground beef",
            "2 pounds ground beef",
            seconds=120,
        ),
        Page(
            "cookieandkate.com",
            (
                Check(0, 8, ""),
                Check(1, 0.5, "cup"),
                Check(3, 0.5, "teaspoon"),
                Check(8, 1 / 3, "cup"),
                Check(4, None),
            ),
            "eggs",
            "8 SimplyNature",
            "16 SimplyNature",
            temperature=(425, "F"),
        ),
        Page(
            "eatingwell.com",
            (
                Check(1, 0.5, "cup"),
                Check(3, 1, "pound"),
                Check(10, 0.25, "teaspoon"),
                Check(13, 0.333, "cup"),
            ),
            "chipotle",
            "1/4 teaspoon ground chipotle",
            "1/2 teaspoon ground chipotle",
            seconds=300,
        ),
        Page(
            "epicurious.com",
            (Check(1, 4, "cup"), Check(2, 3, "tablespoon"), Check(4, 4, ""), Check(3, None)),
            "escarole",
            "4 cups escarole",
            "8 cups escarole",
        ),
        Page(
            "minimalistbaker.com",
            (
                Check(0, 1.25, "cup"),
                Check(1, 1, "tablespoon"),
                Check(4, 0.25, "teaspoon", 0.5),
                Check(5, 4, "tablespoon", 6),
            ),
            "cashews",
            "1 1/4 cups raw cashews",
            "2 1/2 cups raw cashews",
            seconds=1800,
        ),
        Page(
            "pinchofyum.com",
            (
                Check(0, 5, "tablespoon"),
                Check(4, 0.25, "cup"),
                Check(7, 2.5, "cup"),
                Check(8, 2, "cup", 3),
            ),
            "flour",
            "1/4 cup all-purpose flour",
            "1/2 cup all-purpose flour",
            seconds=300,
        ),
        Page(
            "recipetineats.com",
            (Check(0, 1, ""), Check(1, 1.5, "cup", 2), Check(2, None)),
            "oil",
            "1 1/2 to 2 cups vegetable oil",
            "3 to 4 cups vegetable oil",
            temperature=(180, "C"),
        ),
        Page(
            "sallysbakingaddiction.com",
            (
                Check(0, 4 / 3, "cup"),
                Check(2, 0.5, "teaspoon"),
                Check(4, 0.75, "cup"),
                Check(7, 1, ""),
                Check(8, 1.5, "teaspoon"),
            ),
            "baking soda",
            "1/2 teaspoon baking soda",
            "1 teaspoon baking soda",
            temperature=(350, "F"),
        ),
        Page(
            "simplyrecipes.com",
            (
                Check(1, 1, "cup"),
                Check(2, 2, "rib"),
                Check(6, 1, "teaspoon"),
                Check(8, 2, "quart"),
                Check(10, None),
            ),
            "rice",
            "1 cup long-grain white rice",
            "2 cups long-grain white rice",
            seconds=1500,
        ),
        Page(
            "skinnytaste.com",
            (
                Check(0, 24, "ounce"),
                Check(2, 1, "teaspoon"),
                Check(4, 10, "ounce"),
                Check(6, 0.5, "cup"),
                Check(7, None),
            ),
            "spinach",
            "10 ounces frozen spinach",
            "20 ounces frozen spinach",
            temperature=(400, "F"),
        ),
        Page(
            "spendwithpennies.com",
            (
                Check(0, 4, "ounce"),
                Check(1, 0.25, "cup"),
                Check(3, 0.5, "cup"),
                Check(6, 2, "tablespoon"),
            ),
            "sour cream",
            "1/2 cup sour cream",
            "1 cup sour cream",
            seconds=480,
        ),
        Page(
            "tasteofhome.com",
            (
                Check(0, 4, ""),
                Check(3, 0.5, "cup"),
                Check(5, 2, "teaspoon"),
                Check(8, 1, "pound"),
                Check(13, None),
            ),
            "vinegar",
            "1/2 cup white vinegar",
            "1 cup white vinegar",
            seconds=1800,
        ),
    )
}
