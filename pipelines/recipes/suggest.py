"""Something to cook, from the user's own recipes: "what should I make for dinner", "a quick
vegetarian lunch", "what can I cook in 20 minutes", "any ideas with chicken".

The wishes come as slots from :mod:`pipelines.language.recipe_suggest_rules`. Every recipe in
the library is checked against all of them (time from the recipe's total, or prep + cook
time; diets from the ingredient lines, :func:`.allergens.check_diet`; ingredients and other
words through the library's search). Up to three are named, quickest first when time was asked
about; otherwise the order turns with the day, so asking again tomorrow brings other ideas.
When nothing fits, the answer says which wish ruled them all out and names the nearest.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .allergens import check_diet
from .answer import Answer
from .library import RecipeLibrary
from .model import Recipe
from .step_facts import spoken_duration

SHOWN = 3
QUICK_SECONDS = 45 * 60
"""What "something quick" means when the recipes say their time."""
_SWEET = re.compile(
    r"\b(?:cakes?|cookies?|pies?|tarts?|brownies?|blondies?|puddings?|ice cream|desserts?|"
    r"muffins?|crumble|cheesecakes?|cupcakes?|fudge|sorbet|mousse|custard|meringues?|"
    r"pavlova|trifle|cobbler|scones?|doughnuts?|donuts?|biscuits?)\b"
)
_BREAKFAST = re.compile(
    r"\b(?:pancakes?|waffles?|oats?|oatmeal|porridge|granola|muesli|frittata|omelet(?:te)?s?|"
    r"eggs?|smoothies?|toast|breakfast|muffins?|scones?|bagels?|crepes?|hash)\b"
)
DIET_WORDS = {
    "vegetarian": "vegetarian",
    "vegan": "vegan",
    "gluten": "gluten-free",
    "dairy": "dairy-free",
    "eggs": "egg-free",
    "nuts": "nut-free",
}


@dataclass(frozen=True)
class Candidate:
    id: int
    title: str
    seconds: int | None
    recipe: Recipe
    """Parsed once per request: every wish is checked against it."""

    def named(self) -> str:
        if self.seconds is None:
            return self.title
        return f"{self.title} ({spoken_duration(self.seconds)})"


def minutes_of(recipe: Recipe) -> int | None:
    """The recipe's whole time in seconds, when the page gives one."""
    if recipe.total_seconds:
        return recipe.total_seconds
    parts = [s for s in (recipe.prep_seconds, recipe.cook_seconds) if s]
    return sum(parts) if parts else None


def suggest(library: RecipeLibrary, slots: Mapping[str, Any], today: _dt.date) -> Answer:
    """The answer to a request for something to cook, with ``slots`` as its wishes."""
    everything = [_candidate(library, s.id) for s in library.summaries()]
    if not everything:
        return Answer("suggest_empty", action="none", success=False)
    wishes = _Wishes.read(slots)
    fits = everything
    for name, keep in wishes.filters(library, everything):
        narrowed = [c for c in fits if c.id in keep(c)]
        if not narrowed:
            return _nothing_fits(wishes, name, fits, len(everything))
        fits = narrowed
    chosen = _order(fits, wishes, today)[:SHOWN]
    wish = wishes.describe()
    more = len(fits) - len(chosen)
    values = {
        "intro": f"{wish[0].upper()}{wish[1:]}: how about" if wish else "How about",
        "titles": _spoken_list([c.named() for c in chosen]),
        "example": chosen[0].title,
        "more": f" {more} more of your recipes {'fits' if more == 1 else 'fit'}." if more else "",
    }
    key = "suggest_one" if len(chosen) == 1 else "suggest"
    data = {"titles": [c.title for c in chosen], "ids": [c.id for c in chosen], "fits": len(fits)}
    return Answer(key, values, "recipes_suggested", data=data)


@dataclass(frozen=True)
class _Wishes:
    seconds: int | None
    quick: bool
    diet: str
    ingredient: str
    style: str
    meal: str
    exclude: str

    @classmethod
    def read(cls, slots: Mapping[str, Any]) -> _Wishes:
        seconds = slots.get("duration")
        return cls(
            int(seconds) if isinstance(seconds, int | float) and seconds > 0 else None,
            slots.get("quick") == "yes",
            str(slots.get("diet") or ""),
            str(slots.get("ingredient") or ""),
            str(slots.get("style") or ""),
            str(slots.get("suggest") or "any"),
            str(slots.get("exclude") or ""),
        )

    def filters(self, library: RecipeLibrary, every: list[Candidate]) -> list[tuple[str, Any]]:
        """(wish, candidate -> the ids that keep it) in the order they are applied."""
        out: list[tuple[str, Any]] = []
        if self.meal in ("dessert", "breakfast", "lunch", "dinner", "brunch"):
            kept = {c.id for c in every if _meal_fits(c.title, self.meal)}
            out.append(("meal", lambda c: kept))
        if self.exclude:
            without = {c.id for c in every} - set(library.search(self.exclude, 1000))
            out.append(("exclude", lambda c: without))
        if self.ingredient:
            with_it = set(library.search(self.ingredient, 1000, column="ingredients"))
            out.append(("ingredient", lambda c: with_it))
        if self.style:
            styled = set(library.search(self.style, 1000))
            out.append(("style", lambda c: styled))
        if self.diet:
            diet = self.diet
            out.append(("diet", lambda c: set() if check_diet(c.recipe, diet).found else {c.id}))
        if self.seconds is not None:
            most = self.seconds
            out.append(("time", lambda c: {c.id} if c.seconds and c.seconds <= most else set()))
        elif self.quick:  # quick ones only, when the recipes say their time and some are
            fast = {c.id for c in every if c.seconds and c.seconds <= QUICK_SECONDS}
            out.append(("quick", lambda c: fast or {c.id}))
        return out

    def describe(self) -> str:
        """ "vegetarian, with chicken, ready in 20 minutes or less" (empty when no wish)."""
        parts = [self.style] if self.style else []
        if self.quick and self.seconds is None:
            parts.insert(0, "quick")
        if self.diet:
            parts.append(DIET_WORDS.get(self.diet, self.diet))
        if self.ingredient:
            parts.append(f"with {self.ingredient}")
        if self.exclude:
            parts.append(f"without {self.exclude}")
        if self.seconds is not None:
            parts.append(f"ready in {spoken_duration(self.seconds)} or less")
        return ", ".join(parts)


def _meal_fits(title: str, meal: str) -> bool:
    """Read from the title, the only place a recipe says what it is: desserts are sweet
    things, breakfasts breakfast things, and a lunch or dinner is not a dessert."""
    if meal == "dessert":
        return bool(_SWEET.search(title.lower()))
    if meal in ("breakfast", "brunch"):
        return bool(_BREAKFAST.search(title.lower()))
    return not _SWEET.search(title.lower())


def _candidate(library: RecipeLibrary, recipe_id: int) -> Candidate:
    recipe = library.get(recipe_id)
    return Candidate(recipe_id, recipe.title, minutes_of(recipe), recipe)


def _order(fits: list[Candidate], wishes: _Wishes, today: _dt.date) -> list[Candidate]:
    if wishes.quick or wishes.seconds is not None:
        return sorted(fits, key=lambda c: (c.seconds is None, c.seconds or 0, c.title))
    by_title = sorted(fits, key=lambda c: c.title.lower())
    turn = today.toordinal() % len(by_title)
    return by_title[turn:] + by_title[:turn]


def _nothing_fits(wishes: _Wishes, failed: str, fits: list[Candidate], total: int) -> Answer:
    """No recipe meets every wish: say so with the wishes, and name the quickest when time
    was what ruled the last ones out."""
    wish = wishes.describe() or "like that"
    if wishes.meal != "any":
        wish += f" {'for' if wishes.meal != 'dessert' else 'as a'} {wishes.meal}"
    values: dict[str, Any] = {"wish": wish.strip(), "count": total}
    values["recipes"] = "recipe" if total == 1 else "recipes"
    timed = [c for c in fits if c.seconds]
    if failed == "time" and timed:
        quickest = min(timed, key=lambda c: c.seconds or 0)
        values["nearest"] = quickest.named()
        return Answer("suggest_none_quickest", values, "none", False, data={"fits": 0})
    return Answer("suggest_none", values, "none", False, data={"fits": 0, "failed": failed})


def _spoken_list(items: list[str]) -> str:
    if len(items) <= 2:
        return " or ".join(items)
    return "; ".join(items[:-1]) + "; or " + items[-1]
